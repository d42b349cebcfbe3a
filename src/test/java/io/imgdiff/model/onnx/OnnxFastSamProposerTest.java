package io.imgdiff.model.onnx;

import io.imgdiff.compute.cpu.NmsCpu;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.BoxProposer.Proposal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Decoding checked by hand against the test head's constant anchors (tools/models/make_test_models.py, ANCHORS,
 * in 1024-pixel input space): a (256,384,128,128) 0.90; b = a shifted 12.8 px, 0.80 (IoU 0.82 with a: suppressed);
 * c (640,512,256,128) 0.05 (at the threshold: kept); d 0.04 (dropped); e (960,160,192,128) 0.70 (crosses the edge);
 * f = a shifted 44.8 px, 0.60 (IoU 0.48: kept); g = a shifted 38.4 px, 0.50 (IoU 0.54: suppressed).
 */
class OnnxFastSamProposerTest {

    static OnnxFastSamProposer proposer;

    @BeforeAll
    static void open() {
        proposer = proposer(0.05, 300);
    }

    @AfterAll
    static void close() {
        proposer.close();
    }

    static OnnxFastSamProposer proposer(double confidence, int maxBoxes) {
        return new OnnxFastSamProposer(TestModels.path(TestModels.FASTSAM), 1024, confidence, 0.5, maxBoxes,
                new NmsCpu(), OnnxSettings.cpu());
    }

    @Test
    void landscapeImage() {
        // 800x600: gain 1.28, resized 1024x768, padded 128 px above: x = X / 1.28, y = (Y - 128) / 1.28.
        // a: X 192..320, Y 320..448 -> (150,150)-(250,250); e: X 864..1056, Y 96..224 -> x 675..825 clipped to 800,
        // y -25..75 clipped to 0; f: X 236.8..364.8 -> 185..285; c: X 512..768, Y 448..576 -> (400,250)-(600,350).
        assertBoxes(proposer.boxes(TestModels.image(800, 600, 1)), List.of(
                new Box(150, 150, 250, 250), new Box(675, 0, 800, 75), new Box(185, 150, 285, 250),
                new Box(400, 250, 600, 350)), 0.90, 0.70, 0.60, 0.05);
    }

    @Test
    void portraitImage() {
        // 600x800: gain 1.28, resized 768x1024, padded 128 px on the left: x = (X - 128) / 1.28, y = Y / 1.28.
        // a: (50,250)-(150,350); e: X 864..1056 -> 575..725 clipped to 600, Y 96..224 -> 75..175;
        // f: X 236.8..364.8 -> 85..185; c: X 512..768 -> 300..500, Y 448..576 -> 350..450.
        assertBoxes(proposer.boxes(TestModels.image(600, 800, 2)), List.of(
                new Box(50, 250, 150, 350), new Box(575, 75, 600, 175), new Box(85, 250, 185, 350),
                new Box(300, 350, 500, 450)), 0.90, 0.70, 0.60, 0.05);
    }

    @Test
    void squareImageOfTheInputSizeMapsOneToOne() {
        assertBoxes(proposer.boxes(TestModels.image(1024, 1024, 3)), List.of(
                new Box(192, 320, 320, 448), new Box(864, 96, 1024, 224), new Box(237, 320, 365, 448),
                new Box(512, 448, 768, 576)), 0.90, 0.70, 0.60, 0.05);
    }

    @Test
    void confidenceThresholdAndBoxLimitApply() {
        try (var strict = proposer(0.65, 300); var two = proposer(0.05, 2)) {
            RgbImage image = TestModels.image(1024, 1024, 4);
            assertEquals(List.of(new Box(192, 320, 320, 448), new Box(864, 96, 1024, 224)),
                    strict.boxes(image).stream().map(Proposal::box).toList());
            assertEquals(2, two.boxes(image).size());
        }
    }

    @Test
    void pairGivesTheBoxesOfBothImages() {
        List<Proposal> both = proposer.propose(TestModels.image(800, 600, 5), TestModels.image(800, 600, 6));
        assertEquals(8, both.size());
        assertEquals(new Box(150, 150, 250, 250), both.get(0).box());
        assertEquals(new Box(150, 150, 250, 250), both.get(4).box());
        both.forEach(p -> assertEquals("fastsam", p.source()));
    }

    @Test
    void letterboxPadsWith114AndScalesTo01() {
        RgbImage flat = RgbImage.blank(800, 600);
        java.util.Arrays.fill(flat.rgb(), (byte) 200);
        Letterbox box = Letterbox.of(800, 600, 1024);
        assertEquals(new Letterbox(1024, 1.28, 0, 128, 800, 600), box);
        float[] input = new float[3 * 1024 * 1024];
        box.into(flat, input, 0);
        int plane = 1024 * 1024;
        for (int c = 0; c < 3; c++) {
            assertEquals(114 / 255f, input[c * plane + 127 * 1024 + 500], 0, "padding above, channel " + c);
            assertEquals(200 / 255f, input[c * plane + 128 * 1024 + 500], 0, "first image row, channel " + c);
            assertEquals(200 / 255f, input[c * plane + 895 * 1024 + 1023], 0, "last image row, channel " + c);
            assertEquals(114 / 255f, input[c * plane + 896 * 1024], 0, "padding below, channel " + c);
        }
    }

    static void assertBoxes(List<Proposal> got, List<Box> boxes, double... scores) {
        assertEquals(boxes, got.stream().map(Proposal::box).toList());
        for (int i = 0; i < scores.length; i++) {
            assertEquals(scores[i], got.get(i).score(), 1e-6, "score of box " + i);
        }
    }
}
