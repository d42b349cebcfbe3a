package io.imgdiff.detect;

import io.imgdiff.compute.cpu.CpuKernels;
import io.imgdiff.item.PixelBuffers;
import io.imgdiff.item.RgbImage;

/**
 * Photometric drift of B against A, per channel: {@code A - B ≈ t(b) + gx(b)·x + gy(b)·y + q(x,y)} with
 * {@code t} linear in the level (gain and offset; over 0–255 the best line departs from a gamma of 0.95–1.05 by
 * about two levels, and a quadratic term overfits narrow level ranges), {@code gx, gy} linear in the level
 * (multiplicative illumination gradients) and {@code q} a quadratic surface (additive illumination). Nine
 * coefficients, mildly ridge-regularised, cannot
 * reproduce a local object, so applying the model removes global tone and low-frequency illumination drift but
 * leaves changes. The fit is a trimmed least squares: changed pixels become outliers and are dropped after the
 * first pass. The model is trusted only where it was fitted: levels outside the sampled range of B use the
 * correction at the nearest sampled level (a quadratic extrapolates wildly), and no pixel moves by more than
 * {@value #MAX_CORRECTION} levels, the most the drift we accept can explain (gamma ±5 %, gain ±3 %, offset and
 * illumination a few levels) — anything larger is a change and must stay visible.
 */
public final class DriftModel {

    static final int TERMS = 9;
    /** Grid samples of the fit: nine coefficients need far fewer; more only costs time. */
    private static final int SAMPLES = 1_000;
    private static final int PASSES = 3;
    static final int MAX_CORRECTION = 24;

    private final double[][] coef; // [channel][term]
    private final int[][] range; // [channel] = {lowest, highest} level of B the fit saw

    private DriftModel(double[][] coef, int[][] range) {
        this.coef = coef;
        this.range = range;
    }

    /** Fits the drift of {@code b} against {@code a} (same size). */
    public static DriftModel fit(RgbImage a, RgbImage b) {
        return fit(a, b, CpuKernels.available());
    }

    /** {@link #fit(RgbImage, RgbImage)} in the native kernel or in Java (bit-exact twins; tests compare them). */
    static DriftModel fit(RgbImage a, RgbImage b, boolean nativeKernel) {
        if (!nativeKernel) {
            return fitJava(a, b);
        }
        double[] flat = new double[3 * TERMS];
        int[] levels = new int[6];
        CpuKernels.driftFit(a.rgb(), b.rgb(), a.width(), a.height(), SAMPLES, LeastSquares.RIDGE, flat, levels);
        double[][] coef = new double[3][];
        int[][] range = new int[3][];
        for (int c = 0; c < 3; c++) {
            coef[c] = java.util.Arrays.copyOfRange(flat, c * TERMS, (c + 1) * TERMS);
            range[c] = new int[] {levels[c * 2], levels[c * 2 + 1]};
        }
        return new DriftModel(coef, range);
    }

    private static DriftModel fitJava(RgbImage a, RgbImage b) {
        int w = a.width();
        int h = a.height();
        int step = Math.max(1, (int) Math.sqrt((double) w * h / SAMPLES));
        int n = ((w + step - 1) / step) * ((h + step - 1) / step);
        int[] pos = new int[n];
        double[] xs = new double[n];
        double[] ys = new double[n];
        int k = 0;
        for (int y = 0; y < h; y += step) {
            for (int x = 0; x < w; x += step) {
                pos[k] = y * w + x;
                xs[k] = xNorm(x, w);
                ys[k++] = xNorm(y, h);
            }
        }
        double[][] coef = new double[3][];
        int[][] range = new int[3][];
        double[] bs = new double[n];
        double[] target = new double[n];
        for (int c = 0; c < 3; c++) {
            long[] hist = new long[256];
            for (int i = 0; i < n; i++) {
                int bv = b.rgb()[pos[i] * 3 + c] & 0xFF;
                bs[i] = bv / 255.0;
                target[i] = (a.rgb()[pos[i] * 3 + c] & 0xFF) - bv;
                hist[bv]++;
            }
            coef[c] = trimmedFit(bs, xs, ys, target);
            range[c] = new int[] {quantileLevel(hist, n, 0.005), quantileLevel(hist, n, 0.995)};
        }
        return new DriftModel(coef, range);
    }

    private static int quantileLevel(long[] hist, long n, double q) {
        long need = Math.max(1, (long) Math.ceil(q * n));
        long acc = 0;
        for (int v = 0; v < 256; v++) {
            acc += hist[v];
            if (acc >= need) {
                return v;
            }
        }
        return 255;
    }

    private static double xNorm(int v, int size) {
        return size <= 1 ? 0 : 2.0 * v / (size - 1) - 1;
    }

    /** The model's terms at level {@code b} (0–1) and position {@code x, y} (−1–1), in coefficient order. */
    static void features(double b, double x, double y, double[] into) {
        into[0] = 1;
        into[1] = b;
        into[2] = x;
        into[3] = y;
        into[4] = x * x;
        into[5] = x * y;
        into[6] = y * y;
        into[7] = b * x;
        into[8] = b * y;
    }

    private static double[] trimmedFit(double[] bs, double[] xs, double[] ys, double[] t) {
        int n = t.length;
        // every sample's terms once, column by column: a pass packs the rows it keeps and takes dot products
        double[][] cols = new double[TERMS][n];
        double[] f = new double[TERMS];
        for (int i = 0; i < n; i++) {
            features(bs[i], xs[i], ys[i], f);
            for (int j = 0; j < TERMS; j++) {
                cols[j][i] = f[j];
            }
        }
        double[][] kept = new double[TERMS][n];
        double[] keptT = new double[n];
        boolean[] use = new boolean[n];
        java.util.Arrays.fill(use, true);
        double[] p = new double[TERMS];
        double[] abs = new double[n];
        LeastSquares.Normal normal = new LeastSquares.Normal(TERMS);
        for (int pass = 0; pass < PASSES; pass++) {
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (use[i]) {
                    for (int j = 0; j < TERMS; j++) {
                        kept[j][m] = cols[j][i];
                    }
                    keptT[m++] = t[i];
                }
            }
            normal.clear();
            normal.addColumns(kept, keptT, m);
            p = normal.solve();
            System.arraycopy(t, 0, abs, 0, n);
            for (int j = 0; j < TERMS; j++) { // residuals term by term: plain loops the JIT vectorises
                double pj = p[j];
                double[] c = cols[j];
                for (int i = 0; i < n; i++) {
                    abs[i] -= pj * c[i];
                }
            }
            for (int i = 0; i < n; i++) {
                abs[i] = Math.abs(abs[i]);
            }
            double sigma = 1.4826 * Select.median(abs.clone());
            double limit = Math.max(2.0, 2.5 * sigma);
            for (int i = 0; i < n; i++) {
                use[i] = abs[i] <= limit;
            }
        }
        return p;
    }

    /**
     * {@code b} with the fitted drift added, rounded and clamped to 0–255. Per row the correction is
     * {@code α(x) + β(x)·l}: α quadratic and β linear in x, l the level clamped to the fitted range — a few float
     * operations per channel and pixel.
     */
    public RgbImage apply(RgbImage b) {
        return apply(b, CpuKernels.available());
    }

    /** {@link #apply(RgbImage)} on the native kernel or the Java loop (bit-exact twins; tests compare them). */
    RgbImage apply(RgbImage b, boolean nativeKernel) {
        int w = b.width();
        int h = b.height();
        byte[] src = b.rgb();
        byte[] out = PixelBuffers.take(src.length); // every byte written, by either twin
        float[] xn = new float[w];
        for (int x = 0; x < w; x++) {
            xn[x] = (float) xNorm(x, w);
        }
        float[] rows = rowCoefficients(h);
        byte[] clamp = new byte[h * 3];
        for (int i = 0; i < clamp.length; i++) {
            // |x| <= 1 and 0 <= level <= 1 bound a row's correction; nearly always within the clamp
            float bound = 0;
            for (int t = 0; t < 5; t++) {
                bound += Math.abs(rows[i * 5 + t]);
            }
            clamp[i] = (byte) (bound < MAX_CORRECTION ? 0 : 1);
        }
        if (nativeKernel) {
            int[] levels = {range[0][0], range[0][1], range[1][0], range[1][1], range[2][0], range[2][1]};
            CpuKernels.driftApply(src, w, h, rows, xn, levels, MAX_CORRECTION, clamp, out);
            return new RgbImage(w, h, out);
        }
        float[][] level = new float[3][256];
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                level[c][v] = Math.max(range[c][0], Math.min(range[c][1], v)) / 255f;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int c = 0; c < 3; c++) {
                int k = y * 15 + c * 5;
                int from = y * w * 3 + c;
                if (clamp[y * 3 + c] == 0) {
                    correctRow(src, out, from, w, xn, level[c], rows[k], rows[k + 1], rows[k + 2], rows[k + 3],
                            rows[k + 4]);
                } else {
                    correctRowClamped(src, out, from, w, xn, level[c], rows[k], rows[k + 1], rows[k + 2], rows[k + 3],
                            rows[k + 4]);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /**
     * Per row y and channel c, at {@code [y*15 + c*5]}: a0, a1, a2, b0, b1 of the row's correction
     * {@code α(x) + β(x)·l} (α quadratic and β linear in x), evaluated in double and rounded to float once.
     */
    private float[] rowCoefficients(int h) {
        float[] rows = new float[h * 15];
        for (int y = 0; y < h; y++) {
            double yn = xNorm(y, h);
            for (int c = 0; c < 3; c++) {
                double[] p = coef[c];
                int k = y * 15 + c * 5;
                rows[k] = (float) (p[0] + p[3] * yn + p[6] * yn * yn);
                rows[k + 1] = (float) (p[2] + p[5] * yn);
                rows[k + 2] = (float) p[4];
                rows[k + 3] = (float) (p[1] + p[8] * yn);
                rows[k + 4] = (float) p[7];
            }
        }
        return rows;
    }

    /** {@code SATURATE[v + OFFSET]} = v clamped to 0–255, for v within ±{@value #MAX_CORRECTION}+1 of 0–255. */
    private static final int OFFSET = MAX_CORRECTION + 8;
    private static final byte[] SATURATE = new byte[256 + 2 * OFFSET];
    /** Adding 1.5·2²³ leaves round-half-even(f) in a float's low mantissa bits (for |f| < 2²²): no f2i checks. */
    private static final float ROUNDER = 12_582_912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);

    static {
        for (int i = 0; i < SATURATE.length; i++) {
            SATURATE[i] = (byte) Math.max(0, Math.min(255, i - OFFSET));
        }
    }

    /** One channel of one row whose correction cannot exceed the clamp: {@code from} is the first byte. */
    private static void correctRow(byte[] src, byte[] out, int from, int w, float[] xn, float[] level,
                                   float a0, float a1, float a2, float b0, float b1) {
        for (int x = 0, o = from; x < w; x++, o += 3) {
            int v = src[o] & 0xFF;
            float xv = xn[x];
            float corr = a0 + xv * (a1 + a2 * xv) + level[v] * (b0 + b1 * xv);
            out[o] = SATURATE[Float.floatToRawIntBits(v + OFFSET + corr + ROUNDER) - ROUNDER_BITS];
        }
    }

    /** {@link #correctRow} with the correction clamped to ±{@value #MAX_CORRECTION}. */
    private static void correctRowClamped(byte[] src, byte[] out, int from, int w, float[] xn, float[] level,
                                          float a0, float a1, float a2, float b0, float b1) {
        for (int x = 0, o = from; x < w; x++, o += 3) {
            int v = src[o] & 0xFF;
            float xv = xn[x];
            float corr = a0 + xv * (a1 + a2 * xv) + level[v] * (b0 + b1 * xv);
            corr = corr > MAX_CORRECTION ? MAX_CORRECTION : corr < -MAX_CORRECTION ? -MAX_CORRECTION : corr;
            out[o] = SATURATE[Float.floatToRawIntBits(v + OFFSET + corr + ROUNDER) - ROUNDER_BITS];
        }
    }

    /** Coefficients of channel {@code c}, for diagnostics and tests. */
    public double[] coefficients(int c) {
        return coef[c].clone();
    }
}
