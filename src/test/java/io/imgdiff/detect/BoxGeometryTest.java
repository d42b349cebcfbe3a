package io.imgdiff.detect;

import io.imgdiff.compute.cpu.NmsCpu;
import io.imgdiff.item.Box;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IoU, NMS and fragment merging on hand-computed cases. */
class BoxGeometryTest {

    @Test
    void touchingBoxesHaveNoOverlap() {
        // x2 is exclusive: [0,10) and [10,20) share an edge but no pixel.
        assertEquals(0.0, new Box(0, 0, 10, 10).iou(new Box(10, 0, 20, 10)));
    }

    @Test
    void nestedBoxIouIsTheAreaRatio() {
        // 5x5 inside 10x10: intersection 25, union 100.
        assertEquals(0.25, new Box(0, 0, 10, 10).iou(new Box(2, 2, 7, 7)), 1e-12);
    }

    @Test
    void halfOverlapIouIsOneThird() {
        // Two 10x10 boxes overlapping by 10x5: 50 / (100 + 100 - 50).
        assertEquals(1.0 / 3, new Box(0, 0, 10, 10).iou(new Box(0, 5, 10, 15)), 1e-12);
    }

    @Test
    void nmsVisitsByScoreAndSuppressesAboveThreshold() {
        List<Box> boxes = List.of(new Box(0, 0, 10, 10), new Box(1, 0, 11, 10), new Box(50, 50, 60, 60));
        // box 1 (score .9) wins; box 0 overlaps it at IoU 90/110 = 0.818 > 0.5 and goes; box 2 is apart.
        assertArrayEquals(new int[] {1, 2}, new NmsCpu().nms(boxes, new double[] {0.8, 0.9, 0.1}, 0.5));
    }

    @Test
    void nmsTiesKeepTheLowerIndexAndIouAtThresholdSurvives() {
        // Equal scores: index 0 first. Boxes 0 and 1 overlap at exactly 1/3, not > 1/3, so both stay.
        List<Box> boxes = List.of(new Box(0, 0, 10, 10), new Box(0, 5, 10, 15), new Box(0, 0, 10, 10));
        assertArrayEquals(new int[] {0, 1}, new NmsCpu().nms(boxes, new double[] {0.5, 0.5, 0.5}, 1.0 / 3));
    }

    @Test
    void fragmentsWithinTheGapMergeAndFarOnesDoNot() {
        List<FragmentMerger.Region> parts = List.of(
                new FragmentMerger.Region(new Box(0, 0, 10, 10), 100, 1000),
                new FragmentMerger.Region(new Box(12, 0, 20, 10), 80, 400), // 2 px gap to the first
                new FragmentMerger.Region(new Box(40, 40, 50, 50), 100, 900));
        List<FragmentMerger.Region> merged = FragmentMerger.merge(parts, 2);
        assertEquals(List.of(new FragmentMerger.Region(new Box(0, 0, 20, 10), 180, 1400),
                new FragmentMerger.Region(new Box(40, 40, 50, 50), 100, 900)), merged);
        assertEquals(1400.0 / 180, merged.get(0).meanDiff(), 1e-12);
        assertEquals(1, FragmentMerger.merge(parts.subList(0, 2), 2).size());
        assertEquals(2, FragmentMerger.merge(parts.subList(0, 2), 1).size());
    }

    @Test
    void chainsOfFragmentsMergeTransitively() {
        // a~b and b~c but a is far from c: all three become one.
        List<FragmentMerger.Region> parts = List.of(
                new FragmentMerger.Region(new Box(0, 0, 5, 5), 25, 25),
                new FragmentMerger.Region(new Box(20, 0, 25, 5), 25, 25),
                new FragmentMerger.Region(new Box(8, 0, 17, 5), 45, 45));
        assertEquals(List.of(new FragmentMerger.Region(new Box(0, 0, 25, 5), 95, 95)), FragmentMerger.merge(parts, 3));
        assertTrue(FragmentMerger.near(new Box(0, 0, 5, 5), new Box(5, 5, 9, 9), 0));
        assertFalse(FragmentMerger.near(new Box(0, 0, 5, 5), new Box(6, 0, 9, 5), 0));
    }

    @Test
    void robustThresholdIsMedianPlusKSigmas() {
        long[] hist = new long[256];
        hist[2] = 30;
        hist[3] = 40;
        hist[4] = 30; // median 3, MAD 1 -> sigma 1.4826; 3 + 6 * 1.4826 = 11.9 -> 12
        assertEquals(12, RobustThreshold.of(hist, 6, 7));
        assertEquals(9, RobustThreshold.of(hist, 1, 9)); // 3 + 1.48 -> 5, raised to the floor 9
    }

    @Test
    void workingBoxesScaleBackAndTheLastColumnTakesTheRemainder() {
        // 1025 px wide at factor 2: working width 512; a box reaching it extends to 1025.
        assertEquals(new Box(20, 10, 1025, 60), PixelDiffDetector.scale(new Box(10, 5, 512, 30), 2, 1025, 1000));
    }
}
