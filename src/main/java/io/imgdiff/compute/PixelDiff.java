package io.imgdiff.compute;

import io.imgdiff.item.RgbImage;

/**
 * The image-diff primitive every backend computes identically (CPU twin {@code PixelDiffCpu}, CUDA twin
 * {@code PixelDiffCuda}, oracle {@code PixelDiffReference}); integer results are bit-exact across backends.
 * <ol>
 *   <li>{@code d(x,y) = max over c of |a(x,y,c) - b(x,y,c)|}, a uint8 difference image;</li>
 *   <li>noise suppression: {@code s(x,y)} = sum of {@code d} over the (2r+1)² window around (x,y), borders
 *       replicated;</li>
 *   <li>{@code mask(x,y) = 255} when {@code s(x,y) >= threshold * (2r+1)²}, else 0 — an integer comparison.</li>
 * </ol>
 */
public interface PixelDiff {

    /** Difference image and mask of one pair, both {@code width*height} bytes, row-major. */
    record Result(int width, int height, byte[] diff, byte[] mask) {
    }

    /**
     * Computes the difference of {@code a} and {@code b} (same size) with box radius {@code radius} (0–15) and
     * threshold {@code threshold} (0–255, on the window mean).
     */
    Result diff(RgbImage a, RgbImage b, int radius, int threshold);

    /** Argument checks shared by every twin, so all fail alike. */
    static void check(RgbImage a, RgbImage b, int radius, int threshold) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("pair sizes differ: a is " + a.width() + "x" + a.height() + ", b is "
                    + b.width() + "x" + b.height() + "; expected equal sizes");
        }
        if (radius < 0 || radius > 15) {
            throw new IllegalArgumentException("radius " + radius + " out of range, expected 0-15");
        }
        if (threshold < 0 || threshold > 255) {
            throw new IllegalArgumentException("threshold " + threshold + " out of range, expected 0-255");
        }
    }
}
