package io.imgdiff.detect;

/**
 * The data-driven mask threshold: {@code median + k · 1.4826 · MAD} of the difference image, never below a floor.
 * Median and MAD ignore the changed pixels as long as they are under half the image, and 1.4826·MAD estimates the
 * standard deviation of the drift that is left, so {@code k} reads as "sigmas of residual drift".
 */
public final class RobustThreshold {

    private RobustThreshold() {
    }

    /** Threshold in levels (floor..255) from a 256-bin histogram of the difference image. */
    public static int of(long[] histogram, double k, int floor) {
        long n = 0;
        for (long c : histogram) {
            n += c;
        }
        if (n == 0) {
            throw new IllegalArgumentException("empty difference histogram; expected at least one pixel");
        }
        int median = quantile(histogram, n);
        long[] dev = new long[256];
        for (int v = 0; v < 256; v++) {
            dev[Math.abs(v - median)] += histogram[v];
        }
        int mad = quantile(dev, n);
        double sigma = 1.4826 * Math.max(mad, 0.5); // a MAD of 0 (flat images) would make any speck a change
        int t = (int) Math.ceil(median + k * sigma);
        return Math.max(floor, Math.min(255, t));
    }

    /** Smallest level whose cumulative count reaches half of {@code n}. */
    static int quantile(long[] hist, long n) {
        long half = (n + 1) / 2;
        long acc = 0;
        for (int v = 0; v < hist.length; v++) {
            acc += hist[v];
            if (acc >= half) {
                return v;
            }
        }
        return hist.length - 1;
    }
}
