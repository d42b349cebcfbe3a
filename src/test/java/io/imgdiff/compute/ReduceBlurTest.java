package io.imgdiff.compute;

import io.imgdiff.compute.cpu.CpuKernels;
import io.imgdiff.compute.cpu.ReduceBlurCpu;
import io.imgdiff.compute.cuda.ParityInputs;
import io.imgdiff.compute.reference.ReduceBlurReference;
import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The reduce + blur oracle (the GPU check's reference for {@code reduce_blur.cu}) against the native CPU kernel it
 * must equal bit for bit, and against values worked out by hand, so a changed rounding constant in either fails.
 */
class ReduceBlurTest {

    private final ReduceBlur oracle = new ReduceBlurReference();

    @Test
    void theOracleEqualsTheNativeKernelOnRandomAndStructuredImagesOfEveryShape() {
        assumeTrue(CpuKernels.available(), "native CPU kernels not available: " + CpuKernels.status());
        Random r = new Random(17);
        // sizes not multiples of the factors, single rows and columns, images smaller than the tent
        int[][] sizes = {{1, 1}, {1, 9}, {9, 1}, {2, 3}, {3, 2}, {5, 5}, {7, 4}, {13, 11}, {33, 17}, {64, 48},
                         {101, 67}, {258, 131}};
        int checks = 0;
        for (int[] s : sizes) {
            for (String kind : ParityInputs.IMAGE_KINDS) {
                RgbImage img = ParityInputs.image(r, kind, s[0], s[1]);
                for (int factor = 1; factor <= 4; factor++) {
                    for (int k = 1; k <= 7; k += 2) {
                        if (!ReduceBlur.accepts(s[0], s[1], factor, k)) {
                            continue;
                        }
                        assertArrayEquals(CpuKernels.reduceBlur(img.rgb(), s[0], s[1], factor, k),
                                oracle.reduceBlur(img.rgb(), s[0], s[1], factor, k),
                                kind + " " + s[0] + "x" + s[1] + " factor " + factor + " k " + k);
                        checks++;
                    }
                }
            }
        }
        assertTrue(checks > 800, checks + " checks");
    }

    @Test
    void areaMeansRoundHalfUpForTheTwoByTwoBranchAndTheGeneralOne() {
        // factor 2 (cpu_kernels.h's own branch): block sums 2 and 1 of 4 -> 1 and 0
        byte[] two = grey(4, 2, 1, 1, 1, 0,
                                0, 0, 0, 0);
        assertGrey(new int[] {1, 0}, two, 4, 2, 2, 1);
        // factor 3: block sums 5 and 4 of 9 -> 1 and 0; the 7th column and the 4th row are dropped
        byte[] three = grey(7, 4, 1, 1, 1, 1, 1, 1, 9,
                                  1, 1, 0, 1, 0, 0, 9,
                                  0, 0, 0, 0, 0, 0, 9,
                                  9, 9, 9, 9, 9, 9, 9);
        assertGrey(new int[] {1, 0}, three, 7, 4, 3, 1);
    }

    @Test
    void theTentPassReplicatesBordersAndRoundsToNearest() {
        // one row 0 255 0, k 3: weights 1 2 3 2 1 over clamped columns, times 9 for the replicated rows, over 81:
        // x=0: 2·255·9/81 = 56.67 -> 57; x=1: 3·255·9/81 = 85 exactly
        assertGrey(new int[] {57, 85, 57}, grey(3, 1, 0, 255, 0), 3, 1, 1, 3);
        // k 5 on a single pixel: every tap is the pixel, so it comes back unchanged
        assertGrey(new int[] {200}, grey(1, 1, 200), 1, 1, 1, 5);
    }

    @Test
    void theFloatRoundingOfTheTentSumEqualsExactRoundingForEverySum() {
        // why one float multiply by 1/K⁴ and +0.5 is safe in every twin: never a half, never across one
        for (int k = 3; k <= 7; k += 2) {
            int norm = k * k * k * k;
            float inv = 1.0f / norm;
            for (int s = 0; s <= norm * 255; s++) {
                int exact = (2 * s + norm) / (2 * norm);
                if ((int) ((float) s * inv + 0.5f) != exact) {
                    throw new AssertionError("k " + k + " sum " + s + ": float " + (int) ((float) s * inv + 0.5f)
                            + ", exact " + exact);
                }
            }
        }
    }

    @Test
    void everyTwinRefusesTheSameArguments() {
        byte[] rgb = new byte[4 * 4 * 3];
        ReduceBlur cpu = new ReduceBlurCpu();
        for (int[] bad : new int[][] {{5, 3}, {2, 4}, {0, 3}, {1, 9}, {1, -1}}) {
            assertFalse(ReduceBlur.accepts(4, 4, bad[0], bad[1]));
            assertThrows(IllegalArgumentException.class, () -> oracle.reduceBlur(rgb, 4, 4, bad[0], bad[1]));
            assertThrows(IllegalArgumentException.class, () -> cpu.reduceBlur(rgb, 4, 4, bad[0], bad[1]));
        }
        assertThrows(IllegalArgumentException.class, () -> oracle.reduceBlur(new byte[5], 4, 4, 1, 3));
        assertFalse(ReduceBlur.accepts(100_000, 3000, ReduceBlur.MAX_FACTOR + 1, 3), "the int sums' bound");
        assertEquals(48, cpu.reduceBlur(rgb, 4, 4, 1, 3).length);
    }

    /** A grey image (R = G = B) of the given levels, row by row. */
    private static byte[] grey(int w, int h, int... levels) {
        assertEquals(w * h, levels.length);
        byte[] rgb = new byte[levels.length * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) levels[i / 3];
        }
        return rgb;
    }

    /** Oracle and, where loaded, the native kernel give {@code expected} levels in every channel. */
    private void assertGrey(int[] expected, byte[] src, int w, int h, int factor, int k) {
        byte[] want = grey(w / factor, h / factor, expected);
        assertArrayEquals(want, oracle.reduceBlur(src, w, h, factor, k), "oracle");
        if (CpuKernels.available()) {
            assertArrayEquals(want, CpuKernels.reduceBlur(src, w, h, factor, k), "native kernel");
        }
    }
}
