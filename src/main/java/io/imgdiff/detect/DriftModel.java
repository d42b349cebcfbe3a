package io.imgdiff.detect;

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
    private static final int SAMPLES = 12_000;
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
        int w = a.width();
        int h = a.height();
        int step = Math.max(1, (int) Math.sqrt((double) w * h / SAMPLES));
        int n = ((w + step - 1) / step) * ((h + step - 1) / step);
        double[][] feats = new double[n][];
        int[] pos = new int[n];
        int k = 0;
        for (int y = 0; y < h; y += step) {
            for (int x = 0; x < w; x += step) {
                pos[k++] = y * w + x;
            }
        }
        double[][] coef = new double[3][];
        int[][] range = new int[3][];
        for (int c = 0; c < 3; c++) {
            double[] target = new double[n];
            long[] hist = new long[256];
            for (int i = 0; i < n; i++) {
                int p = pos[i];
                int bv = b.rgb()[p * 3 + c] & 0xFF;
                feats[i] = features(bv / 255.0, xNorm(p % w, w), xNorm(p / w, h));
                target[i] = (a.rgb()[p * 3 + c] & 0xFF) - bv;
                hist[bv]++;
            }
            coef[c] = trimmedFit(feats, target);
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

    static double[] features(double b, double x, double y) {
        return new double[] {1, b, x, y, x * x, x * y, y * y, b * x, b * y};
    }

    private static double[] trimmedFit(double[][] f, double[] t) {
        boolean[] use = new boolean[t.length];
        java.util.Arrays.fill(use, true);
        double[] p = new double[TERMS];
        double[] abs = new double[t.length];
        for (int pass = 0; pass < PASSES; pass++) {
            p = LeastSquares.solve(f, t, use, TERMS);
            for (int i = 0; i < t.length; i++) {
                abs[i] = Math.abs(t[i] - dot(p, f[i]));
            }
            double[] sorted = abs.clone();
            java.util.Arrays.sort(sorted);
            double sigma = 1.4826 * sorted[sorted.length / 2];
            double limit = Math.max(2.0, 2.5 * sigma);
            for (int i = 0; i < t.length; i++) {
                use[i] = abs[i] <= limit;
            }
        }
        return p;
    }

    private static double dot(double[] p, double[] f) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += p[i] * f[i];
        }
        return s;
    }

    /** {@code b} with the fitted drift added, rounded and clamped to 0–255. */
    public RgbImage apply(RgbImage b) {
        int w = b.width();
        int h = b.height();
        byte[] src = b.rgb();
        byte[] out = new byte[src.length];
        double[][] tone = new double[3][256];
        double[][] gx = new double[3][256];
        double[][] gy = new double[3][256];
        for (int c = 0; c < 3; c++) {
            double[] p = coef[c];
            for (int v = 0; v < 256; v++) {
                double l = Math.max(range[c][0], Math.min(range[c][1], v)) / 255.0;
                tone[c][v] = p[0] + p[1] * l;
                gx[c][v] = p[2] + p[7] * l;
                gy[c][v] = p[3] + p[8] * l;
            }
        }
        for (int y = 0; y < h; y++) {
            double yn = xNorm(y, h);
            for (int x = 0; x < w; x++) {
                double xn = xNorm(x, w);
                int o = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    double[] p = coef[c];
                    int v = src[o + c] & 0xFF;
                    double q = p[4] * xn * xn + p[5] * xn * yn + p[6] * yn * yn;
                    double corr = tone[c][v] + gx[c][v] * xn + gy[c][v] * yn + q;
                    corr = Math.max(-MAX_CORRECTION, Math.min(MAX_CORRECTION, corr));
                    int r = (int) Math.floor(v + corr + 0.5);
                    out[o + c] = (byte) Math.max(0, Math.min(255, r));
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /** Coefficients of channel {@code c}, for diagnostics and tests. */
    public double[] coefficients(int c) {
        return coef[c].clone();
    }
}
