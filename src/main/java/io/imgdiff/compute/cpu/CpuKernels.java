package io.imgdiff.compute.cpu;

import io.imgdiff.item.PixelBuffers;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.CriticalRegion;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * The detector's per-pixel CPU steps in C++ ({@code native/cpu/cpu_kernels.h}, semantics stated there), compiled
 * for this platform by JavaCPP's builder during {@code mvn process-classes} ({@code native/build-cpu.sh}). They
 * run on the Java arrays themselves (JNI critical regions): no copy into native memory and back, which every
 * OpenCV call of the portable paths needs. When the library was not built (no C++ compiler) or
 * {@code -Dimgdiff.cpu-kernels=off}, {@link #available()} is false and callers take their portable Java/OpenCV
 * path; {@link #status()} says which and why.
 */
@Platform(include = "cpu_kernels.h")
@CriticalRegion
public final class CpuKernels {

    /** System property: {@code off} forces the portable paths (for comparisons and fault isolation). */
    public static final String SWITCH = "imgdiff.cpu-kernels";

    private static final String UNAVAILABLE = load();

    private CpuKernels() {
    }

    private static String load() {
        if ("off".equalsIgnoreCase(System.getProperty(SWITCH, ""))) {
            return "off by -D" + SWITCH + "=off";
        }
        try {
            Loader.load(CpuKernels.class);
        } catch (Throwable e) { // UnsatisfiedLinkError when not built for this platform
            return "not loadable (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
        try {
            // A JNI library binds to the first class loader that loads it: when an earlier instance of this class
            // (another Quarkus application in the same JVM, a dev-mode reload) holds it, loading "succeeds" but
            // every call fails. One tiny call finds out now instead of on the first item.
            reduceBlur0(new byte[3], 1, 1, 1, 1, new byte[3]);
            return null;
        } catch (UnsatisfiedLinkError e) {
            return "bound to another class loader in this JVM (" + e.getMessage() + ")";
        }
    }

    /** Benchmarks time both paths in one run by switching this; nothing else touches it. */
    private static volatile boolean enabled = true;

    /** Whether the native kernels are loaded (and enabled); when false every caller uses its portable path. */
    public static boolean available() {
        return UNAVAILABLE == null && enabled;
    }

    /** Whether the library is loaded, whatever {@link #setEnabled} says. */
    public static boolean loaded() {
        return UNAVAILABLE == null;
    }

    /**
     * Routes every caller to the portable paths ({@code false}) or back: for benchmarks that time both in the same
     * run, so a slow spell of the machine hits both alike. Process-wide; workers never call it.
     */
    public static void setEnabled(boolean on) {
        enabled = on;
    }

    /** One line for logs and benchmarks: which path the detector's CPU steps take. */
    public static String status() {
        return UNAVAILABLE != null ? "portable Java/OpenCV: native kernels " + UNAVAILABLE
                : enabled ? "native (cpu_kernels.h)" : "portable Java/OpenCV: native kernels switched off";
    }

    /** See {@code reduce_blur} in cpu_kernels.h: area reduction by {@code factor}, then two box filters of width k. */
    @Name("reduce_blur")
    private static native void reduceBlur0(@Cast("const uint8_t*") byte[] src, int w, int h, int factor, int k,
                                           @Cast("uint8_t*") byte[] dst);

    /** See {@code drift_fit} in cpu_kernels.h: bit-exact twin of {@code DriftModel}'s Java fit. */
    @Name("drift_fit")
    private static native void driftFit0(@Cast("const uint8_t*") byte[] a, @Cast("const uint8_t*") byte[] b, int w,
                                         int h, int samples, double ridge, double[] coef, int[] range);

    /**
     * The drift fit of {@code b} against {@code a} (both w×h RGB) on a grid of about {@code samples} points:
     * nine coefficients per channel into {@code coef} (27), the fitted level range per channel into {@code range}
     * (6); the caller checks {@link #available()}.
     */
    public static void driftFit(byte[] a, byte[] b, int w, int h, int samples, double ridge, double[] coef,
                                int[] range) {
        if (w <= 0 || h <= 0 || a.length != w * h * 3 || b.length != a.length || samples < 1 || coef.length != 27
                || range.length != 6) {
            throw new IllegalArgumentException("driftFit: " + a.length + "/" + b.length + " bytes for " + w + "x" + h
                    + ", samples " + samples + ", coef " + coef.length + ", range " + range.length
                    + "; expected w*h*3 bytes each, samples >= 1, 27 and 6");
        }
        driftFit0(a, b, w, h, samples, ridge, coef, range);
    }

    /** See {@code drift_apply} in cpu_kernels.h: bit-exact twin of {@code DriftModel.apply}'s row loop. */
    @Name("drift_apply")
    private static native void driftApply0(@Cast("const uint8_t*") byte[] src, int w, int h,
                                           @Cast("const float*") float[] rowCoef, @Cast("const float*") float[] xn,
                                           @Cast("const int*") int[] range, int maxCorrection,
                                           @Cast("const uint8_t*") byte[] clampRows, @Cast("uint8_t*") byte[] out);

    /** See {@code range_difference} in cpu_kernels.h: {@code PixelDiff.difference} plus its histogram. */
    @Name("range_difference")
    private static native void rangeDifference0(@Cast("const uint8_t*") byte[] a, @Cast("const uint8_t*") byte[] b,
                                                int w, int h, int shift, @Cast("uint8_t*") byte[] d,
                                                @Cast("int64_t*") long[] hist);

    /** See {@code box_mask} in cpu_kernels.h: {@code PixelDiff.mask}. */
    @Name("box_mask")
    private static native void boxMask0(@Cast("const uint8_t*") byte[] d, int w, int h, int radius, int threshold,
                                        @Cast("uint8_t*") byte[] mask);

    /** The mask of difference image {@code d} (w×h) at {@code radius} (0–15) and {@code threshold} (0–255). */
    public static byte[] boxMask(byte[] d, int w, int h, int radius, int threshold) {
        if (d.length != w * h || radius < 0 || radius > 15 || threshold < 0 || threshold > 255) {
            throw new IllegalArgumentException("boxMask: " + d.length + " bytes for " + w + "x" + h + ", radius "
                    + radius + ", threshold " + threshold + "; expected w*h bytes, radius 0-15, threshold 0-255");
        }
        byte[] mask = PixelBuffers.take(w * h); // every byte written
        boxMask0(d, w, h, radius, threshold, mask);
        return mask;
    }

    /** See {@code label_runs} in cpu_kernels.h: components with stats; returns the count (may exceed capacity). */
    @Name("label_runs")
    private static native int labelRuns0(@Cast("const uint8_t*") byte[] mask, @Cast("const uint8_t*") byte[] diff,
                                         int w, int h, @Cast("int64_t*") long[] stats, int capacity);

    /**
     * The 8-connected components of {@code mask} (w×h, non-zero = foreground), six longs each: x1, y1, x2, y2
     * (exclusive), pixels, sum of {@code diff} over them; in no particular order.
     */
    public static long[] labelRuns(byte[] mask, byte[] diff, int w, int h) {
        if (mask.length != w * h || diff.length != mask.length) {
            throw new IllegalArgumentException("labelRuns: mask/diff lengths do not match " + w + "x" + h);
        }
        long[] stats = new long[6 * 256];
        int n = labelRuns0(mask, diff, w, h, stats, 256);
        if (n > 256) { // rare: many specks; ask again with room for all
            stats = new long[6 * n];
            n = labelRuns0(mask, diff, w, h, stats, n);
        }
        return java.util.Arrays.copyOf(stats, 6 * n);
    }

    /**
     * {@code src} (w×h RGB) reduced by {@code factor} (at most the smaller side) and blurred by two box filters of
     * width {@code k} (odd, 1–7) taken as one tent filter, into a new array; the caller checks {@link #available()}.
     */
    public static byte[] reduceBlur(byte[] src, int w, int h, int factor, int k) {
        if (factor < 1 || factor > Math.min(w, h) || k < 1 || k > 7 || k % 2 == 0 || src.length != w * h * 3) {
            throw new IllegalArgumentException("reduceBlur: factor " + factor + ", k " + k + ", " + src.length
                    + " bytes for " + w + "x" + h + "; expected factor >= 1, odd k 1-7, w*h*3 bytes");
        }
        byte[] out = PixelBuffers.take((w / factor) * (h / factor) * 3); // every byte written
        reduceBlur0(src, w, h, factor, k, out);
        return out;
    }

    /** The range difference of {@code a} and {@code b} (w×h RGB) into {@code d}, returning its histogram. */
    public static long[] rangeDifference(byte[] a, byte[] b, int w, int h, int shift, byte[] d) {
        if (a.length != w * h * 3 || b.length != a.length || d.length != w * h || shift < 0 || shift > 3) {
            throw new IllegalArgumentException("rangeDifference: sizes or shift " + shift + " out of range");
        }
        long[] hist = new long[256];
        rangeDifference0(a, b, w, h, shift, d, hist);
        return hist;
    }

    /**
     * {@code src} (w×h RGB) with a drift correction applied, into {@code out}: {@code rowCoef} holds per row and
     * channel a0, a1, a2, b0, b1 ({@code h*15} floats), {@code xn} the normalised x of each column, {@code range}
     * per channel the level range {lo, hi}, {@code clampRows} ({@code h*3}) 1 where a row's channel must be clamped.
     */
    public static void driftApply(byte[] src, int w, int h, float[] rowCoef, float[] xn, int[] range,
                                  int maxCorrection, byte[] clampRows, byte[] out) {
        if (src.length != w * h * 3 || out.length != src.length || rowCoef.length != h * 15 || xn.length != w
                || range.length != 6 || clampRows.length != h * 3 || maxCorrection < 0 || maxCorrection > 200) {
            throw new IllegalArgumentException("driftApply: array sizes do not match " + w + "x" + h);
        }
        driftApply0(src, w, h, rowCoef, xn, range, maxCorrection, clampRows, out);
    }
}
