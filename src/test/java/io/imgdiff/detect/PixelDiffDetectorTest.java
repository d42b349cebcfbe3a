package io.imgdiff.detect;

import io.imgdiff.compute.cpu.CpuComputeBackend;
import io.imgdiff.eval.EvalMetrics;
import io.imgdiff.eval.HardPairGenerator;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.BoxProposer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PixelDiffDetectorTest {

    private final PixelDiffDetector detector = new PixelDiffDetector(new CpuComputeBackend(),
            DetectorSettings.defaults());
    private final HardPairGenerator gen = new HardPairGenerator(512);

    private void assertFound(HardPairGenerator.Pair p) {
        List<Box> truth = p.truth().boxList();
        assertFalse(truth.isEmpty(), p.id() + " should be a positive");
        List<Box> got = detector.propose(p.a(), p.b()).stream().map(BoxProposer.Proposal::box).toList();
        assertEquals(truth.size(), EvalMetrics.match(got, truth).size(), p.id() + ": truth " + truth + ", got " + got);
    }

    @Test
    void plantedLowContrastChangeIsFound() {
        HardPairGenerator.Pair p = gen.generate(1, 5);
        assertEquals(List.of("low-contrast"), p.truth().categories());
        assertFound(p);
    }

    @Test
    void plantedColourMatchedChangeIsFound() {
        HardPairGenerator.Pair p = gen.generate(1, 8);
        assertEquals(List.of("color-matched"), p.truth().categories());
        assertFound(p);
    }

    @Test
    void driftOnlyPairsGiveNothing() {
        for (int i : new int[] {7, 9}) {
            HardPairGenerator.Pair p = gen.generate(1, i);
            assertTrue(p.truth().boxes().isEmpty(), p.id() + " should be a negative");
            assertEquals(List.of(), detector.propose(p.a(), p.b()), p.id());
        }
    }

    @Test
    void identicalImagesGiveNothingAndAFlatSquareIsBoxedExactly() {
        RgbImage a = RgbImage.blank(256, 256);
        assertEquals(List.of(), detector.propose(a, a));
        RgbImage b = RgbImage.blank(256, 256);
        for (int y = 100; y < 140; y++) {
            for (int x = 60; x < 100; x++) {
                for (int c = 0; c < 3; c++) {
                    b.rgb()[(y * 256 + x) * 3 + c] = (byte) 200;
                }
            }
        }
        List<BoxProposer.Proposal> got = detector.propose(a, b);
        assertEquals(1, got.size());
        assertTrue(got.get(0).box().iou(new Box(60, 100, 100, 140)) > 0.8, "got " + got.get(0).box());
    }

    @Test
    void mismatchedSizesAreRefusedWithBothSizes() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> detector.propose(RgbImage.blank(8, 8), RgbImage.blank(9, 8)));
        assertEquals("pair sizes differ: a is 8x8, b is 9x8; expected equal sizes", e.getMessage());
    }
}
