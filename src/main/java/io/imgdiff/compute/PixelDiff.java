package io.imgdiff.compute;

import io.imgdiff.item.RgbImage;

/**
 * The image-diff primitive every backend computes identically (CPU twin {@code PixelDiffCpu}, CUDA twin
 * {@code PixelDiffCuda}, oracle {@code PixelDiffReference}); integer results are bit-exact across backends.
 * Two steps, because the detector picks the mask threshold from the difference image in between:
 * <ol>
 *   <li>{@link #difference}: per channel, the distance of {@code a(x,y,c)} from the range of B around (x,y),
 *       {@code d_c = max(0, lo_c - a, a - hi_c)} with {@code lo_c, hi_c} the minimum and maximum of
 *       {@code b(x+dx, y+dy, c)} over {@code |dx|,|dy| <= shift} (B's coordinates clamped to the image); then
 *       {@code d(x,y) = max over c of d_c}, a uint8 difference image. A misalignment of up to {@code shift} pixels,
 *       sub-pixel ones included (on smooth images a sub-pixel resample lies between neighbouring values), does
 *       not light it up — a sampling-insensitive dissimilarity in the manner of Birchfield and Tomasi — while a
 *       replaced object lies outside B's local range. {@code shift = 0} is the plain max-channel difference;</li>
 *   <li>{@link #mask}: noise suppression, {@code s(x,y)} = sum of {@code d} over the (2r+1)² window around (x,y),
 *       borders replicated; {@code mask(x,y) = 255} when {@code s(x,y) >= threshold * (2r+1)²}, else 0 — an
 *       integer comparison.</li>
 * </ol>
 */
public interface PixelDiff {

    /** Largest shift {@link #difference} accepts. */
    int MAX_SHIFT = 3;

    /** Difference image and mask of one pair, both {@code width*height} bytes, row-major. */
    record Result(int width, int height, byte[] diff, byte[] mask) {
    }

    /**
     * The difference image of one pair, {@code width*height} bytes, row-major; {@code levels} is its histogram when
     * the twin counted it on the way (null: {@link #histogram()} counts).
     */
    record Difference(int width, int height, byte[] diff, long[] levels) {

        public Difference(int width, int height, byte[] diff) {
            this(width, height, diff, null);
        }

        /** Pixels per difference level (256 bins): what a data-driven threshold is chosen from. */
        public long[] histogram() {
            if (levels != null) {
                return levels.clone();
            }
            // four interleaved tables: consecutive equal levels would otherwise wait on each other's increment
            int[][] part = new int[4][256];
            int i = 0;
            for (int end = diff.length - 3; i < end; i += 4) {
                part[0][diff[i] & 0xFF]++;
                part[1][diff[i + 1] & 0xFF]++;
                part[2][diff[i + 2] & 0xFF]++;
                part[3][diff[i + 3] & 0xFF]++;
            }
            for (; i < diff.length; i++) {
                part[0][diff[i] & 0xFF]++;
            }
            long[] h = new long[256];
            for (int v = 0; v < 256; v++) {
                h[v] = (long) part[0][v] + part[1][v] + part[2][v] + part[3][v];
            }
            return h;
        }
    }

    /** Step 1 for {@code a} and {@code b} (same size), absorbing misalignment up to {@code shift} (0–3) pixels. */
    Difference difference(RgbImage a, RgbImage b, int shift);

    /** Step 2 on {@code d} with box radius {@code radius} (0–15) and {@code threshold} (0–255, on the window mean). */
    byte[] mask(Difference d, int radius, int threshold);

    /** Both steps without shift: the plain max-channel difference and its mask. */
    default Result diff(RgbImage a, RgbImage b, int radius, int threshold) {
        check(a, b, radius, threshold);
        Difference d = difference(a, b, 0);
        return new Result(d.width(), d.height(), d.diff(), mask(d, radius, threshold));
    }

    /** Argument checks shared by every twin, so all fail alike. */
    static void check(RgbImage a, RgbImage b, int radius, int threshold) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("pair sizes differ: a is " + a.width() + "x" + a.height() + ", b is "
                    + b.width() + "x" + b.height() + "; expected equal sizes");
        }
        checkMask(radius, threshold);
    }

    /** Checks of {@link #difference}'s arguments. */
    static void checkDifference(RgbImage a, RgbImage b, int shift) {
        check(a, b, 0, 0);
        if (shift < 0 || shift > MAX_SHIFT) {
            throw new IllegalArgumentException("shift " + shift + " out of range, expected 0-" + MAX_SHIFT);
        }
    }

    /** Checks of {@link #mask}'s arguments. */
    static void checkMask(int radius, int threshold) {
        if (radius < 0 || radius > 15) {
            throw new IllegalArgumentException("radius " + radius + " out of range, expected 0-15");
        }
        if (threshold < 0 || threshold > 255) {
            throw new IllegalArgumentException("threshold " + threshold + " out of range, expected 0-255");
        }
    }
}
