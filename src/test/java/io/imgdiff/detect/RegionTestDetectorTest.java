package io.imgdiff.detect;

import io.imgdiff.compute.cpu.CpuComputeBackend;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.BoxProposer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: a locally re-rendered patch (textured content moved by 2 px, 4 % brighter: past the global ±1 px
 * window) is a box without the region-level test and none with it, while a replaced patch stays a box.
 */
class RegionTestDetectorTest {

    private static final int S = 256;

    private static double tex(double[][] waves, int x, int y) {
        double s = 0;
        for (double[] w : waves) {
            s += Math.sin(w[0] * x + w[1] * y + w[2]);
        }
        return 120 + 14 * s;
    }

    private static double[][] waves(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] w = new double[6][];
        for (int k = 0; k < w.length; k++) {
            w[k] = new double[] {r.nextDouble(-0.6, 0.6), r.nextDouble(-0.6, 0.6), r.nextDouble(0, 6.3)};
        }
        return w;
    }

    /** The scene, with the patch 90..170 moved by (dx, dy), brightened by gain, or drawn from other waves. */
    private static RgbImage scene(int dx, int dy, double gain, double[][] patch) {
        double[][] bg = waves(1);
        byte[] rgb = new byte[S * S * 3];
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                boolean in = x >= 90 && x < 170 && y >= 90 && y < 170;
                double v = in ? tex(patch, x + dx, y + dy) * gain : tex(bg, x, y);
                for (int c = 0; c < 3; c++) {
                    rgb[(y * S + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v + 20 * c)));
                }
            }
        }
        return new RgbImage(S, S, rgb);
    }

    private static List<BoxProposer.Proposal> detect(DetectorSettings s, RgbImage a, RgbImage b) {
        return new PixelDiffDetector(new CpuComputeBackend(), s).propose(a, b);
    }

    @Test
    void reRenderedPatchIsDroppedAndAReplacedOneKept() {
        double[][] bg = waves(1);
        RgbImage a = scene(0, 0, 1, bg);
        RgbImage moved = scene(2, 2, 1.04, bg);
        DetectorSettings on = DetectorSettings.defaults();
        DetectorSettings off = on.withRegionTest(0, on.regionKeep());
        assertFalse(detect(off, a, moved).isEmpty(), "without the region test the moved patch gives boxes");
        assertEquals(List.of(), detect(on, a, moved), "a 2 px move and 4 % light are re-rendering");
        List<BoxProposer.Proposal> replaced = detect(on, a, scene(0, 0, 1, waves(2)));
        assertEquals(1, replaced.size(), "new content stays a change");
        assertTrue(replaced.get(0).box().iou(new io.imgdiff.item.Box(90, 90, 170, 170)) > 0.8, replaced.toString());
    }
}
