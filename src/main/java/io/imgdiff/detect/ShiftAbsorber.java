package io.imgdiff.detect;

import io.imgdiff.item.RgbImage;

/**
 * Absorbs small misalignment (sub-pixel shifts, local warps in textured areas): each pixel of B is replaced by the
 * pixel within {@code radius} that best matches A at that position (smallest max-channel difference). A shifted
 * texture finds its match a pixel away; a replaced object does not, because nothing nearby in B looks like A.
 * The primitive then differences A against this B unchanged, so the CUDA twin needs no new op.
 */
public final class ShiftAbsorber {

    private ShiftAbsorber() {
    }

    /**
     * The re-sampled B and the histogram of the remaining max-channel differences (256 bins).
     *
     * @param image     B with, per pixel, its best-matching neighbour
     * @param histogram counts of the remaining difference per level
     */
    public record Result(RgbImage image, long[] histogram) {
    }

    /** Matches {@code b} to {@code a} (same size) within {@code radius} working pixels. */
    public static Result absorb(RgbImage a, RgbImage b, int radius) {
        int w = a.width();
        int h = a.height();
        byte[] pa = a.rgb();
        byte[] pb = b.rgb();
        byte[] out = new byte[pb.length];
        long[] hist = new long[256];
        int[][] xs = clampedOffsets(w, radius);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                int ar = pa[o] & 0xFF;
                int ag = pa[o + 1] & 0xFF;
                int ab = pa[o + 2] & 0xFF;
                int best = Integer.MAX_VALUE;
                int bestO = o;
                for (int dy = -radius; dy <= radius && best > 0; dy++) {
                    int row = Math.min(h - 1, Math.max(0, y + dy)) * w;
                    for (int dx = 0; dx < xs.length; dx++) {
                        int q = (row + xs[dx][x]) * 3;
                        int d = Math.max(Math.abs(ar - (pb[q] & 0xFF)),
                                Math.max(Math.abs(ag - (pb[q + 1] & 0xFF)), Math.abs(ab - (pb[q + 2] & 0xFF))));
                        // strict < keeps the first best in scan order, so the result is deterministic
                        if (d < best) {
                            best = d;
                            bestO = q;
                        }
                    }
                }
                out[o] = pb[bestO];
                out[o + 1] = pb[bestO + 1];
                out[o + 2] = pb[bestO + 2];
                hist[best]++;
            }
        }
        return new Result(new RgbImage(w, h, out), hist);
    }

    /** {@code xs[i][x]} = x + (i - radius), clamped to the image (borders replicated, as in the primitive). */
    private static int[][] clampedOffsets(int w, int radius) {
        int[][] xs = new int[2 * radius + 1][w];
        for (int i = 0; i < xs.length; i++) {
            for (int x = 0; x < w; x++) {
                xs[i][x] = Math.min(w - 1, Math.max(0, x + i - radius));
            }
        }
        return xs;
    }
}
