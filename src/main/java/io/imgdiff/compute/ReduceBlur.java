package io.imgdiff.compute;

/**
 * The detector's first step ({@code WorkingPair}): area reduction of an RGB image by an integer {@code factor},
 * then two box filters of odd width {@code k} taken as one tent pass, borders replicated. Bit-exact in every twin:
 * {@code reduce_blur} of {@code native/cpu/cpu_kernels.h} ({@code CpuKernels}), {@code ReduceBlurCuda}
 * ({@code native/kernels/reduce_blur.cu}, which also takes an image already on the device) and the oracle
 * {@code ReduceBlurReference}, whose loops state the arithmetic.
 */
public interface ReduceBlur {

    /** Largest factor: a block's sum of {@code factor² · 255} must fit an int. */
    int MAX_FACTOR = 2048;

    /** {@code src} (w×h RGB) reduced by {@code factor} and blurred with width {@code k}: (w/factor)×(h/factor) RGB. */
    byte[] reduceBlur(byte[] src, int w, int h, int factor, int k);

    /** Whether the twins take these arguments (else the detector takes its portable OpenCV path). */
    static boolean accepts(int w, int h, int factor, int k) {
        return factor >= 1 && factor <= MAX_FACTOR && factor <= Math.min(w, h) && k >= 1 && k <= 7 && k % 2 == 1;
    }

    /** Argument checks shared by the twins, so all fail alike; {@code srcBytes} is the input's length. */
    static void check(long srcBytes, int w, int h, int factor, int k) {
        if (w < 1 || h < 1 || !accepts(w, h, factor, k) || srcBytes != (long) w * h * 3) {
            throw new IllegalArgumentException("reduceBlur: factor " + factor + ", k " + k + ", " + srcBytes
                    + " bytes for " + w + "x" + h + "; expected factor 1-" + MAX_FACTOR + " and at most the smaller"
                    + " side, odd k 1-7, w*h*3 bytes");
        }
    }
}
