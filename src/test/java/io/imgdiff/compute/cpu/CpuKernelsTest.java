package io.imgdiff.compute.cpu;

import io.imgdiff.compute.Components;
import io.imgdiff.compute.PixelDiff;
import io.imgdiff.compute.reference.ComponentsReference;
import io.imgdiff.compute.reference.PixelDiffReference;
import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The native CPU kernels against the plain-Java oracles and the portable OpenCV paths: bit-exact results. Skipped,
 * with the reason printed, only where the build had no C++ compiler (the portable paths are then what runs, and
 * PixelDiffTest / ComponentsTest cover them).
 */
class CpuKernelsTest {

    private static final int[][] SIZES = {{1, 1}, {1, 9}, {9, 1}, {2, 2}, {13, 9}, {64, 48}, {101, 67}};

    @BeforeAll
    static void kernelsBuilt() {
        System.out.println("CPU kernels: " + CpuKernels.status());
        assumeTrue(CpuKernels.available(), "native CPU kernels not available: " + CpuKernels.status());
    }

    @Test
    void rangeDifferenceAndItsHistogramMatchTheOracleAndOpenCvAtEveryShift() {
        Random r = new Random(3);
        PixelDiff oracle = new PixelDiffReference();
        for (int[] size : SIZES) {
            int w = size[0];
            int h = size[1];
            RgbImage a = noisy(r, w, h, null);
            RgbImage b = noisy(r, w, h, a); // near a, so every branch (below, inside, above B's range) occurs
            for (int shift = 0; shift <= PixelDiff.MAX_SHIFT; shift++) {
                String at = w + "x" + h + " shift " + shift;
                byte[] d = new byte[w * h];
                long[] hist = CpuKernels.rangeDifference(a.rgb(), b.rgb(), w, h, shift, d);
                PixelDiff.Difference expected = oracle.difference(a, b, shift);
                assertArrayEquals(expected.diff(), d, at);
                assertArrayEquals(expected.histogram(), hist, at);
                assertArrayEquals(d, PixelDiffCpu.differenceOpenCv(a, b, shift, w, h).diff(), at);
            }
        }
    }

    @Test
    void boxMaskMatchesTheOracleAndOpenCvAtEveryRadius() {
        Random r = new Random(4);
        PixelDiff oracle = new PixelDiffReference();
        for (int[] size : SIZES) {
            int w = size[0];
            int h = size[1];
            byte[] d = new byte[w * h];
            for (int i = 0; i < d.length; i++) {
                d[i] = (byte) (r.nextInt(4) == 0 ? r.nextInt(256) : r.nextInt(12)); // mostly low, some peaks
            }
            PixelDiff.Difference diff = new PixelDiff.Difference(w, h, d);
            for (int radius : new int[] {0, 1, 2, 3, 4, 7, 15}) {
                for (int threshold : new int[] {0, 5, 9, 40, 255}) {
                    String at = w + "x" + h + " radius " + radius + " threshold " + threshold;
                    byte[] mask = CpuKernels.boxMask(d, w, h, radius, threshold);
                    assertArrayEquals(oracle.mask(diff, radius, threshold), mask, at);
                    assertArrayEquals(PixelDiffCpu.maskOpenCv(diff, radius, threshold, w, h), mask, at);
                }
            }
        }
    }

    @Test
    void runLabellingFindsTheOracleComponentsOnRandomAndAdversarialMasks() {
        Random r = new Random(5);
        Components oracle = new ComponentsReference();
        for (int[] size : SIZES) {
            for (double density : new double[] {0.0, 0.02, 0.3, 0.55, 0.9, 1.0}) {
                int w = size[0];
                int h = size[1];
                byte[] mask = new byte[w * h];
                byte[] diff = new byte[w * h];
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = r.nextDouble() < density ? (byte) (1 + r.nextInt(255)) : 0;
                    diff[i] = (byte) r.nextInt(256);
                }
                assertSameComponents(oracle.label(mask, diff, w, h), mask, diff, w, h, w + "x" + h + " @" + density);
            }
        }
        // a comb whose teeth join only at the bottom row, a diagonal staircase (8-connected only), and two
        // spirals: unions that arrive late and through corners
        int w = 40;
        int h = 30;
        byte[] comb = new byte[w * h];
        byte[] stairs = new byte[w * h];
        byte[] diff = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                comb[y * w + x] = (byte) ((x % 3 == 0 || y == h - 1) ? 255 : 0);
                stairs[y * w + x] = (byte) (x == y || x == 2 * y + 1 ? 255 : 0);
                diff[y * w + x] = (byte) (x * 7 + y);
            }
        }
        assertSameComponents(oracle.label(comb, diff, w, h), comb, diff, w, h, "comb");
        assertSameComponents(oracle.label(stairs, diff, w, h), stairs, diff, w, h, "stairs");
    }

    @Test
    void manyComponentsOverflowTheFirstBufferAndAreAllReturned() {
        int w = 100;
        int h = 100;
        byte[] dots = new byte[w * h];
        for (int y = 0; y < h; y += 2) {
            for (int x = 0; x < w; x += 2) {
                dots[y * w + x] = 1; // 2,500 isolated pixels, more than the first call's room for 256
            }
        }
        long[] st = CpuKernels.labelRuns(dots, new byte[w * h], w, h);
        assertEquals(2_500 * 6, st.length);
        assertSameComponents(new ComponentsReference().label(dots, new byte[w * h], w, h), dots, new byte[w * h], w, h,
                "dots");
    }

    @Test
    void badSizesAreRefusedBeforeAnyNativeCall() {
        byte[] rgb = new byte[4 * 4 * 3];
        assertThrows(IllegalArgumentException.class, () -> CpuKernels.rangeDifference(rgb, rgb, 5, 4, 1, new byte[20]));
        assertThrows(IllegalArgumentException.class, () -> CpuKernels.rangeDifference(rgb, rgb, 4, 4, 4, new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> CpuKernels.reduceBlur(rgb, 4, 4, 5, 3));
        assertThrows(IllegalArgumentException.class, () -> CpuKernels.reduceBlur(rgb, 4, 4, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> CpuKernels.labelRuns(new byte[15], new byte[16], 4, 4));
        assertThrows(IllegalArgumentException.class, () -> CpuKernels.boxMask(new byte[16], 4, 4, 16, 9));
    }

    private static void assertSameComponents(List<Components.Component> expected, byte[] mask, byte[] diff, int w,
                                             int h, String at) {
        assertEquals(expected, new ComponentsCpu().label(mask, diff, w, h), at + " (native)");
        assertEquals(expected, ComponentsCpu.labelOpenCv(mask, diff, w, h), at + " (OpenCV)");
    }

    /** Random levels, or {@code near}'s levels moved by up to ±6 (clamped) when given. */
    private static RgbImage noisy(Random r, int w, int h, RgbImage near) {
        byte[] px = new byte[w * h * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (near == null ? r.nextInt(256)
                    : Math.max(0, Math.min(255, (near.rgb()[i] & 0xFF) + r.nextInt(13) - 6)));
        }
        return new RgbImage(w, h, px);
    }
}
