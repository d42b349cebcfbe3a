package io.imgdiff.compute.reference;

import io.imgdiff.compute.PixelDiff;
import io.imgdiff.item.RgbImage;

/** Slow, obvious oracle of {@link PixelDiff} for tests: plain loops, no library. */
public final class PixelDiffReference implements PixelDiff {

    @Override
    public Difference difference(RgbImage a, RgbImage b, int shift) {
        PixelDiff.checkDifference(a, b, shift);
        int w = a.width();
        int h = a.height();
        byte[] d = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int m = 0;
                for (int c = 0; c < 3; c++) {
                    int lo = 255;
                    int hi = 0;
                    for (int dy = -shift; dy <= shift; dy++) {
                        for (int dx = -shift; dx <= shift; dx++) {
                            int v = b.get(Math.min(w - 1, Math.max(0, x + dx)), Math.min(h - 1, Math.max(0, y + dy)), c);
                            lo = Math.min(lo, v);
                            hi = Math.max(hi, v);
                        }
                    }
                    int av = a.get(x, y, c);
                    m = Math.max(m, Math.max(0, Math.max(lo - av, av - hi)));
                }
                d[y * w + x] = (byte) m;
            }
        }
        return new Difference(w, h, d);
    }

    @Override
    public byte[] mask(Difference diff, int radius, int threshold) {
        PixelDiff.checkMask(radius, threshold);
        int w = diff.width();
        int h = diff.height();
        byte[] d = diff.diff();
        byte[] mask = new byte[w * h];
        long need = (long) threshold * (2 * radius + 1) * (2 * radius + 1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                long s = 0;
                for (int dy = -radius; dy <= radius; dy++) {
                    int yy = Math.min(h - 1, Math.max(0, y + dy));
                    for (int dx = -radius; dx <= radius; dx++) {
                        int xx = Math.min(w - 1, Math.max(0, x + dx));
                        s += d[yy * w + xx] & 0xFF;
                    }
                }
                mask[y * w + x] = s >= need ? (byte) 255 : 0;
            }
        }
        return mask;
    }
}
