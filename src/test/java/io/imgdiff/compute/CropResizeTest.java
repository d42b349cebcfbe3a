package io.imgdiff.compute;

import io.imgdiff.compute.cpu.CropResizeCpu;
import io.imgdiff.compute.cuda.ParityInputs;
import io.imgdiff.compute.reference.CropResizeReference;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CropResizeTest {

    private static double maxAbs(float[] a, float[] b) {
        assertEquals(a.length, b.length, "tensor lengths");
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }

    @Test
    void cpuMatchesReferenceOnRandomCropsAndEdgeBoxes() {
        Random r = new Random(11);
        RgbImage big = ParityInputs.random(r, 301, 173);
        RgbImage tiny = ParityInputs.random(r, 1, 1);
        List<RgbImage> images = List.of(big, big, big, big, big, tiny);
        List<Box> boxes = List.of(new Box(0, 0, 301, 173), new Box(7, 9, 8, 10), new Box(0, 5, 301, 6),
                new Box(50, 20, 250, 160), new Box(300, 172, 301, 173), new Box(0, 0, 1, 1));
        for (int size : new int[] {224, 13, 1}) {
            float[] want = new CropResizeReference().apply(images, boxes, size);
            float[] got = new CropResizeCpu().apply(images, boxes, size);
            double worst = maxAbs(want, got);
            assertTrue(worst <= CropResize.TOLERANCE, "size " + size + ": max |diff| " + worst);
        }
    }

    @Test
    void aUniformCropOfTheMeanNormalisesToNearZeroAndKeepsPlanesApart() {
        RgbImage im = RgbImage.blank(4, 4);
        byte[] px = im.rgb();
        for (int i = 0; i < 16; i++) {
            px[3 * i] = (byte) 123;     // 123/255 = 0.4824, close to the R mean
            px[3 * i + 1] = (byte) 255;
            px[3 * i + 2] = 0;
        }
        float[] t = new CropResizeCpu().apply(List.of(im), List.of(new Box(1, 1, 3, 3)), 5);
        assertEquals(3 * 25, t.length);
        float r = (123 / 255f - CropResize.CLIP_MEAN[0]) / CropResize.CLIP_STD[0];
        float g = (1f - CropResize.CLIP_MEAN[1]) / CropResize.CLIP_STD[1];
        float b = (0f - CropResize.CLIP_MEAN[2]) / CropResize.CLIP_STD[2];
        assertTrue(Math.abs(r) < 0.01, "R plane value " + r);
        for (int i = 0; i < 25; i++) {
            assertEquals(r, t[i], 1e-6, "R at " + i);
            assertEquals(g, t[25 + i], 1e-6, "G at " + i);
            assertEquals(b, t[50 + i], 1e-6, "B at " + i);
        }
    }

    @Test
    void halfPixelCentresSampleTheMiddleWhenUpscalingTwoPixels() {
        // A 2x1 crop (0 then 255) resized to 4 wide: sx = -0.25, 0.25, 0.75, 1.25 -> clamp -> 0, .25, .75, 1.
        RgbImage im = new RgbImage(2, 1, new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        float[] t = new CropResizeCpu().apply(List.of(im), List.of(new Box(0, 0, 2, 1)), 4);
        float[] v = new float[4];
        for (int i = 0; i < 4; i++) {
            v[i] = t[i] * CropResize.CLIP_STD[0] + CropResize.CLIP_MEAN[0];
        }
        float[] want = {0f, 0.25f, 0.75f, 1f};
        for (int i = 0; i < 4; i++) {
            assertEquals(want[i], v[i], 1e-6, "column " + i + " of " + Arrays.toString(v));
        }
    }

    @Test
    void emptyOrOutsideBoxesAndMismatchedListsAreRefused() {
        RgbImage im = RgbImage.blank(10, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CropResizeCpu().apply(List.of(im), List.of(new Box(2, 2, 2, 5)), 224));
        assertEquals("crop 0: box Box[x1=2, y1=2, x2=2, y2=5] is empty or outside its 10x10 image; expected a "
                + "non-empty box inside it", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new CropResizeCpu().apply(List.of(im), List.of(new Box(5, 5, 11, 6)), 224));
        e = assertThrows(IllegalArgumentException.class,
                () -> new CropResizeCpu().apply(List.of(im, im), List.of(new Box(0, 0, 1, 1)), 224));
        assertEquals("got 2 images but 1 boxes; expected one box per image", e.getMessage());
        assertEquals(0, new CropResizeCpu().apply(List.of(), List.of(), 224).length);
    }
}
