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
}
