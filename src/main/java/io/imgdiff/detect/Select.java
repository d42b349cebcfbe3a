package io.imgdiff.detect;

/** Order statistics in linear expected time (Hoare's quickselect), for medians of a few thousand residuals. */
final class Select {

    private Select() {
    }

    /** The median of {@code v} (upper median for even lengths); reorders {@code v}. */
    static double median(double[] v) {
        if (v.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        return kth(v, v.length / 2);
    }

    /** The {@code k}-th smallest value of {@code v} (0-based); reorders {@code v}. */
    static double kth(double[] v, int k) {
        int lo = 0;
        int hi = v.length - 1;
        while (lo < hi) {
            double pivot = v[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (v[i] < pivot) {
                    i++;
                }
                while (v[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = v[i];
                    v[i++] = v[j];
                    v[j--] = t;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return v[k];
            }
        }
        return v[k];
    }
}
