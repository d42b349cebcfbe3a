package io.imgdiff.compute;

import io.imgdiff.compute.cpu.ComponentsCpu;
import io.imgdiff.compute.cpu.PixelDiffCpu;
import io.imgdiff.compute.reference.PixelDiffReference;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PixelDiffTest {

    private static RgbImage random(Random r, int w, int h) {
        byte[] px = new byte[w * h * 3];
        r.nextBytes(px);
        return new RgbImage(w, h, px);
    }

    @Test
    void cpuMatchesReferenceOnRandomPairs() {
        Random r = new Random(7);
        for (int[] s : new int[][] {{1, 1}, {17, 9}, {64, 33}, {101, 77}}) {
            RgbImage a = random(r, s[0], s[1]);
            RgbImage b = random(r, s[0], s[1]);
            for (int radius : new int[] {0, 1, 3}) {
                for (int t : new int[] {0, 40, 85, 255}) {
                    PixelDiff.Result want = new PixelDiffReference().diff(a, b, radius, t);
                    PixelDiff.Result got = new PixelDiffCpu().diff(a, b, radius, t);
                    assertArrayEquals(want.diff(), got.diff(), "diff " + s[0] + "x" + s[1]);
                    assertArrayEquals(want.mask(), got.mask(), "mask " + s[0] + "x" + s[1] + " r=" + radius + " t=" + t);
                }
            }
        }
    }

    @Test
    void componentsOfAPlantedSquareAndAPixel() {
        int w = 20, h = 10;
        byte[] mask = new byte[w * h];
        byte[] diff = new byte[w * h];
        for (int y = 2; y < 5; y++) {
            for (int x = 3; x < 7; x++) {
                mask[y * w + x] = (byte) 255;
                diff[y * w + x] = 10;
            }
        }
        mask[9 * w + 19] = (byte) 255; // a lone corner pixel
        diff[9 * w + 19] = (byte) 200;
        List<Components.Component> cs = new ComponentsCpu().label(mask, diff, w, h);
        assertEquals(List.of(new Components.Component(new Box(3, 2, 7, 5), 12, 120),
                new Components.Component(new Box(19, 9, 20, 10), 1, 200)), cs);
    }

    @Test
    void identicalImagesGiveEmptyMasksExceptAtThresholdZero() {
        Random r = new Random(13);
        for (int[] s : new int[][] {{1, 1}, {2, 3}, {31, 1}}) {
            RgbImage a = random(r, s[0], s[1]);
            for (int radius : new int[] {0, 15}) { // 15: the window is far larger than the image, borders replicate
                PixelDiff.Result none = new PixelDiffCpu().diff(a, a, radius, 1);
                assertArrayEquals(new byte[s[0] * s[1]], none.diff(), "diff of identical images");
                assertArrayEquals(new byte[s[0] * s[1]], none.mask(), "t=1 mask of identical images");
                byte[] full = new byte[s[0] * s[1]];
                java.util.Arrays.fill(full, (byte) 255);
                assertArrayEquals(full, new PixelDiffCpu().diff(a, a, radius, 0).mask(), "t=0 keeps everything");
                assertArrayEquals(full, new PixelDiffReference().diff(a, a, radius, 0).mask(), "oracle, t=0");
            }
        }
    }

    @Test
    void mismatchedSizesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PixelDiffCpu().diff(RgbImage.blank(4, 4), RgbImage.blank(5, 4), 1, 10));
        assertEquals("pair sizes differ: a is 4x4, b is 5x4; expected equal sizes", e.getMessage());
    }

    @Test
    void shiftedDifferenceMatchesTheOracleOnRandomAndShiftedPairs() {
        Random r = new Random(11);
        for (int[] s : new int[][] {{1, 1}, {2, 5}, {7, 1}, {33, 17}, {64, 48}}) {
            RgbImage a = random(r, s[0], s[1]);
            for (RgbImage b : List.of(random(r, s[0], s[1]), shifted(a, 1, -1), shifted(a, 3, 2))) {
                for (int shift = 0; shift <= PixelDiff.MAX_SHIFT; shift++) {
                    assertArrayEquals(new PixelDiffReference().difference(a, b, shift).diff(),
                            new PixelDiffCpu().difference(a, b, shift).diff(), s[0] + "x" + s[1] + " shift " + shift);
                }
            }
        }
    }

    @Test
    void aShiftWithinTheRadiusIsAbsorbedAwayFromTheBorderAndALargerOneIsNot() {
        RgbImage a = random(new Random(5), 40, 30);
        RgbImage b = shifted(a, 1, -1); // b(x, y) = a(x - 1, y + 1): a(x, y) is found at b(x + 1, y - 1)
        byte[] d1 = new PixelDiffCpu().difference(a, b, 1).diff();
        byte[] d0 = new PixelDiffCpu().difference(a, b, 0).diff();
        int zero1 = 0;
        int zero0 = 0;
        for (int y = 1; y < 29; y++) {
            for (int x = 1; x < 39; x++) {
                zero1 += d1[y * 40 + x] == 0 ? 1 : 0;
                zero0 += d0[y * 40 + x] == 0 ? 1 : 0;
            }
        }
        assertEquals(38 * 28, zero1, "every interior pixel finds its match one pixel away");
        assertEquals(true, zero0 < 38 * 28 / 10, "without the shift search random texture differs almost everywhere");
    }

    @Test
    void histogramCountsEveryLevel() {
        byte[] d = new byte[1003];
        Random r = new Random(3);
        r.nextBytes(d);
        long[] want = new long[256];
        for (byte v : d) {
            want[v & 0xFF]++;
        }
        assertArrayEquals(want, new PixelDiff.Difference(17, 59, d).histogram());
    }

    @Test
    void badShiftAndMaskArgumentsAreRefused() {
        RgbImage a = RgbImage.blank(4, 4);
        assertEquals("shift 4 out of range, expected 0-3", assertThrows(IllegalArgumentException.class,
                () -> new PixelDiffCpu().difference(a, a, 4)).getMessage());
        PixelDiff.Difference d = new PixelDiffCpu().difference(a, a, 0);
        assertEquals("threshold 256 out of range, expected 0-255", assertThrows(IllegalArgumentException.class,
                () -> new PixelDiffCpu().mask(d, 1, 256)).getMessage());
    }

    /** {@code img} moved by (dx, dy): out(x, y) = img(x - dx, y - dy), borders replicated. */
    private static RgbImage shifted(RgbImage img, int dx, int dy) {
        int w = img.width();
        int h = img.height();
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = Math.min(w - 1, Math.max(0, x - dx));
                int sy = Math.min(h - 1, Math.max(0, y - dy));
                System.arraycopy(img.rgb(), (sy * w + sx) * 3, out, (y * w + x) * 3, 3);
            }
        }
        return new RgbImage(w, h, out);
    }
}
