package io.imgdiff.compute;

import io.imgdiff.compute.cpu.NmsCpu;
import io.imgdiff.compute.cuda.ParityInputs;
import io.imgdiff.compute.reference.NmsReference;
import io.imgdiff.item.Box;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NmsTest {

    @Test
    void cpuMatchesReferenceOnThousandsOfOverlappingBoxesWithTies() {
        Random r = new Random(9);
        for (int n : new int[] {0, 1, 2, 50, 2000}) {
            for (int levels : new int[] {0, 4}) {
                List<Box> boxes = ParityInputs.boxes(r, n, 600);
                double[] scores = ParityInputs.scores(r, n, levels);
                for (double t : new double[] {0, 0.3, 0.5, 0.8, 1}) {
                    assertArrayEquals(new NmsReference().nms(boxes, scores, t), new NmsCpu().nms(boxes, scores, t),
                            "n=" + n + " levels=" + levels + " t=" + t);
                }
            }
        }
    }

    @Test
    void suppressionIsStrictlyAboveTheThreshold() {
        // Shifted by 5 of 10 columns: IoU = 50 / 150 = 1/3 exactly as a double.
        List<Box> boxes = List.of(new Box(0, 0, 10, 10), new Box(5, 0, 15, 10));
        double[] scores = {0.9, 0.8};
        assertArrayEquals(new int[] {0, 1}, new NmsCpu().nms(boxes, scores, 1 / 3.0), "IoU equal to t is kept");
        assertArrayEquals(new int[] {0}, new NmsCpu().nms(boxes, scores, Math.nextDown(1 / 3.0)), "just above t");
        assertArrayEquals(new int[] {0, 1}, new NmsReference().nms(boxes, scores, 1 / 3.0));
    }

    @Test
    void equalScoresVisitLowerIndexFirst() {
        List<Box> boxes = List.of(new Box(0, 0, 10, 10), new Box(0, 0, 10, 10), new Box(50, 50, 60, 60));
        double[] scores = {0.5, 0.5, 0.5};
        assertArrayEquals(new int[] {0, 2}, new NmsCpu().nms(boxes, scores, 0.5));
        assertArrayEquals(new int[] {0, 2}, new NmsReference().nms(boxes, scores, 0.5));
        List<Box> planted = ParityInputs.plantedPairs();
        double[] equal = new double[planted.size()];
        for (double t : new double[] {0, 0.25, 0.5, 0.9}) {
            assertArrayEquals(new NmsReference().nms(planted, equal, t), new NmsCpu().nms(planted, equal, t), "t=" + t);
        }
    }

    @Test
    void badArgumentsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NmsCpu().nms(List.of(new Box(0, 0, 1, 1)), new double[2], 0.5));
        assertEquals("got 1 boxes but 2 scores; expected one score per box", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NmsCpu().nms(List.of(), new double[0], 1.5));
    }
}
