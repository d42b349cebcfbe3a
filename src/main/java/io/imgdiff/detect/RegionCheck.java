package io.imgdiff.detect;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

/**
 * The region-level test: is a candidate region's difference explained by re-rendering — a local warp of up to
 * {@code search} working pixels and a local tone change — rather than by a change of content? Inside the region's
 * box (grown by {@code search}), B is tone-corrected per channel by the least-squares gain and offset that map it
 * onto A (gain kept within {@value #MIN_GAIN}–{@value #MAX_GAIN}: illumination bumps, gamma and gain drift, never a
 * recolouring), then every mask pixel of the region gets the range difference of A against that B over the
 * (2·search+1)² window, the same primitive as {@code PixelDiff.difference} with a wider window. The result is its
 * mean, in levels. Re-rendered texture, micro-warps past the global window and local light leave little of it; a
 * replaced, recoloured, removed or texture-mixed object keeps most of its difference, because no shift and no gain
 * turns one content into another. Runs on the CPU over candidate boxes only (a few per pair); no CUDA twin.
 */
final class RegionCheck {

    static final double MIN_GAIN = 0.94;
    static final double MAX_GAIN = 1.06;
    /** Largest local offset, in levels: what a 3-4 % illumination bump leaves after the global drift model. */
    static final double MAX_OFFSET = 6;

    private RegionCheck() {
    }

    /** Side of the blocks that are matched one shift each. */
    static final int BLOCK = 8;
    /** Every STRIDE-th row and column of a block is compared: a quarter of the work, the same verdicts. */
    static final int STRIDE = 2;

    /** Mean residual (levels per channel) over the mask pixels inside {@code box}; 0 when the box holds none. */
    static double residual(RgbImage a, RgbImage b, byte[] mask, Box box, int search) {
        int w = a.width();
        int h = a.height();
        Box crop = box.grow(search, w, h);
        int cw = crop.width();
        int[][] bc = new int[3][];
        for (int c = 0; c < 3; c++) {
            bc[c] = toneCorrected(a, b, crop, c);
        }
        long sum = 0;
        long n = 0;
        for (int by = box.y1(); by < box.y2(); by += BLOCK) {
            for (int bx = box.x1(); bx < box.x2(); bx += BLOCK) {
                int ex = Math.min(box.x2(), bx + BLOCK);
                int ey = Math.min(box.y2(), by + BLOCK);
                long count = 0;
                for (int y = by; y < ey; y += STRIDE) {
                    for (int x = bx; x < ex; x += STRIDE) {
                        count += mask[y * w + x] != 0 ? 1 : 0;
                    }
                }
                if (count == 0) {
                    continue;
                }
                sum += bestSad(a, bc, mask, crop, cw, bx, by, ex, ey, search);
                n += count;
            }
        }
        return n == 0 ? 0 : (double) sum / (3.0 * n);
    }

    /** The smallest sum of absolute differences over the block's mask pixels among shifts of B within ±search. */
    private static long bestSad(RgbImage a, int[][] bc, byte[] mask, Box crop, int cw, int bx, int by, int ex,
                                int ey, int search) {
        int w = a.width();
        int chh = crop.height();
        byte[] rgb = a.rgb();
        long best = Long.MAX_VALUE;
        for (int dy = -search; dy <= search; dy++) {
            for (int dx = -search; dx <= search; dx++) {
                long sad = 0;
                for (int y = by; y < ey && sad < best; y += STRIDE) {
                    int sy = Math.max(0, Math.min(chh - 1, y + dy - crop.y1()));
                    for (int x = bx; x < ex; x += STRIDE) {
                        if (mask[y * w + x] == 0) {
                            continue;
                        }
                        int sx = Math.max(0, Math.min(cw - 1, x + dx - crop.x1()));
                        int j = sy * cw + sx;
                        int i = (y * w + x) * 3;
                        sad += Math.abs((rgb[i] & 0xFF) - bc[0][j]) + Math.abs((rgb[i + 1] & 0xFF) - bc[1][j])
                                + Math.abs((rgb[i + 2] & 0xFF) - bc[2][j]);
                    }
                }
                best = Math.min(best, sad);
            }
        }
        return best;
    }

    /** Channel {@code c} of B over {@code crop}, mapped onto A by the clamped least-squares gain and offset. */
    private static int[] toneCorrected(RgbImage a, RgbImage b, Box crop, int c) {
        double sa = 0;
        double sb = 0;
        double sbb = 0;
        double sab = 0;
        long n = (long) crop.width() * crop.height();
        for (int y = crop.y1(); y < crop.y2(); y++) {
            for (int x = crop.x1(); x < crop.x2(); x++) {
                int av = a.get(x, y, c);
                int bv = b.get(x, y, c);
                sa += av;
                sb += bv;
                sbb += (double) bv * bv;
                sab += (double) av * bv;
            }
        }
        double varB = sbb / n - (sb / n) * (sb / n);
        double cov = sab / n - (sa / n) * (sb / n);
        double gain = varB < 1 ? 1 : Math.max(MIN_GAIN, Math.min(MAX_GAIN, cov / varB));
        double mb = sb / n;
        double offset = Math.max(-MAX_OFFSET, Math.min(MAX_OFFSET, sa / n - mb));
        int[] out = new int[(int) n];
        int k = 0;
        for (int y = crop.y1(); y < crop.y2(); y++) {
            for (int x = crop.x1(); x < crop.x2(); x++) {
                int bv = b.get(x, y, c);
                out[k++] = (int) Math.max(0, Math.min(255, Math.round(bv + (gain - 1) * (bv - mb) + offset)));
            }
        }
        return out;
    }
}
