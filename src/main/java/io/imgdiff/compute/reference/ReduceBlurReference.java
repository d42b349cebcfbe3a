package io.imgdiff.compute.reference;

import io.imgdiff.compute.ReduceBlur;

/**
 * Slow, obvious oracle of {@link ReduceBlur}, bit-exact with {@code reduce_blur} in {@code native/cpu/cpu_kernels.h}
 * and {@code native/kernels/reduce_blur.cu}: plain loops, no library (it runs in the GPU check's pack).
 */
public final class ReduceBlurReference implements ReduceBlur {

    @Override
    public byte[] reduceBlur(byte[] src, int w, int h, int factor, int k) {
        ReduceBlur.check(src.length, w, h, factor, k);
        int ow = w / factor, oh = h / factor;
        int[] reduced = reduce(src, w, factor, ow, oh);
        byte[] out = new byte[ow * oh * 3];
        int r = k - 1;
        float inv = 1.0f / (float) (k * k * k * k);
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                for (int c = 0; c < 3; c++) {
                    int s = 0; // exact: at most 2401 · 255
                    for (int dy = -r; dy <= r; dy++) {
                        int yy = Math.min(oh - 1, Math.max(0, y + dy));
                        for (int dx = -r; dx <= r; dx++) {
                            int xx = Math.min(ow - 1, Math.max(0, x + dx));
                            s += (k - Math.abs(dy)) * (k - Math.abs(dx)) * reduced[(yy * ow + xx) * 3 + c];
                        }
                    }
                    // tent_pass's rounding: one float product, one float sum, truncation (k = 1: s itself)
                    out[(y * ow + x) * 3 + c] = (byte) (int) ((float) s * inv + 0.5f);
                }
            }
        }
        return out;
    }

    /**
     * The mean of each factor×factor block rounded half up, {@code (sum + f²/2) / f²}; the columns and rows past
     * {@code ow·f}, {@code oh·f} are dropped. (cpu_kernels.h computes f = 2 as {@code (p + q + 2) >> 2} on two
     * column-pair sums: the same value.)
     */
    private static int[] reduce(byte[] src, int w, int f, int ow, int oh) {
        int area = f * f;
        int[] out = new int[ow * oh * 3];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                for (int c = 0; c < 3; c++) {
                    int s = 0;
                    for (int dy = 0; dy < f; dy++) {
                        for (int dx = 0; dx < f; dx++) {
                            s += src[((y * f + dy) * w + x * f + dx) * 3 + c] & 0xFF;
                        }
                    }
                    out[(y * ow + x) * 3 + c] = (s + area / 2) / area;
                }
            }
        }
        return out;
    }
}
