package io.imgdiff.model.onnx;

import io.imgdiff.config.StagesConfig;
import io.imgdiff.image.Crops;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.Box;
import io.imgdiff.item.CaptionOutput;
import io.imgdiff.item.DetectOutput;
import io.imgdiff.item.DiffBox;
import io.imgdiff.item.GenerateOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RegionCaption;
import io.imgdiff.item.RejectedBox;
import io.imgdiff.image.ImageFixtures;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.StageName;
import io.imgdiff.item.TruthChange;
import io.imgdiff.model.ImageEmbedder;
import io.imgdiff.model.ImageTextMatcher;
import io.imgdiff.model.ImageTextMatcher.Crop;
import io.imgdiff.model.ImageTextMatcher.Side;
import io.imgdiff.model.builtin.MapObjectStore;
import io.imgdiff.model.builtin.StagesFixture;
import io.imgdiff.model.builtin.TemplateRegionCaptioner;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import io.imgdiff.stage.caption.CaptionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The caption stage's two model filters on real ONNX Runtime sessions of the test CLIP models (random weights: the
 * scores are real model outputs but not semantic, so thresholds are set from the scores the models give).
 */
class OnnxCaptionStageTest {

    private static final int W = 200;
    private static final int H = 100;
    private static final Box CAT = new Box(10, 10, 50, 40);    // upper left
    private static final Box CUP = new Box(120, 40, 160, 80);  // on the right

    private static OnnxBackends backends;
    private static CaptionStage stage;
    private final MapObjectStore store = new MapObjectStore();

    @BeforeAll
    static void open() {
        backends = new OnnxBackends(OnnxBackendsTest.config(OnnxBackendsTest.clip()), () -> null);
        stage = new CaptionStage(name -> new TemplateRegionCaptioner(),
                name -> name.equals("clip") ? backends.imageTextMatcher() : null,
                name -> name.equals("clip") ? backends.clipTextEmbedder() : null, 1 << 24);
    }

    @AfterAll
    static void close() {
        backends.close();
    }

    private static RgbImage grey() {
        return ImageFixtures.grey(W, H);
    }

    private static void paint(RgbImage img, Box box, int r, int g, int b) {
        ImageFixtures.paint(img, box, r, g, b);
    }

    private CaptionOutput run(RgbImage a, RgbImage b, List<Box> boxes, List<TruthChange> truth, String... settings) {
        store.put("p/a.png", ImageCodec.encodePng(a), "image/png");
        store.put("p/b.png", ImageCodec.encodePng(b), "image/png");
        List<DiffBox> diff = boxes.stream().map(x -> new DiffBox(x, 1, 0.5, 0.5, null)).toList();
        Item item = new Item("r", "it", StageName.GENERATE, null, null, new GenerateOutput("p/a.png", "p/b.png", W, H,
                truth), null, new DetectOutput(diff, List.of()), null, ItemStatus.QUEUED, StageName.CAPTION, null, null);
        StagesConfig config = StagesFixture.stages(settings);
        StageResult r = stage.process(new StageContext(item, config, store, 1));
        return (CaptionOutput) r.output();
    }

    /** The lower of the two sides' caption scores, computed directly with the same matcher. */
    private static double worstSide(RgbImage a, RgbImage b, RegionCaption c) {
        ImageTextMatcher m = backends.imageTextMatcher();
        double sa = m.scoreText(new Crop(Side.A, c.box(), Crops.crop(a, c.box())), c.captionA());
        double sb = m.scoreText(new Crop(Side.B, c.box(), Crops.crop(b, c.box())), c.captionB());
        return Math.min(sa, sb);
    }

    @Test
    void clipScoresEachCaptionAgainstItsCropKeepingAtTheThresholdAndDroppingBelowWithTheScore() {
        RgbImage a = grey();
        RgbImage b = grey();
        paint(a, CAT, 210, 20, 20);
        paint(b, CAT, 20, 40, 200);
        paint(a, CUP, 30, 160, 40);
        paint(b, CUP, 240, 140, 0);
        List<TruthChange> truth = List.of(new TruthChange(CAT, "cat", "dog"), new TruthChange(CUP, "cup", "clock"));
        CaptionOutput all = run(a, b, List.of(CAT, CUP), truth, "caption.matcher", "clip",
                "caption.text-min-score", "-1");
        assertEquals("clip", all.textMatching());
        assertEquals(2, all.regions().size());
        RegionCaption cat = all.regions().get(0);
        RegionCaption cup = all.regions().get(1);
        assertEquals("a red cat in the upper left", cat.captionA());

        // the caption is embedded as it is, not through the matcher's noun prompt
        double direct = ImageEmbedder.cosine(backends.clipImageEmbedder().embed(Crops.crop(a, CAT)),
                backends.clipTextEmbedder().embed(cat.captionA()));
        assertEquals(direct, backends.imageTextMatcher().scoreText(new Crop(Side.A, CAT, Crops.crop(a, CAT)),
                cat.captionA()), 1e-9);

        double catScore = worstSide(a, b, cat);
        double cupScore = worstSide(a, b, cup);
        assertNotEquals(catScore, cupScore);
        RegionCaption higher = catScore > cupScore ? cat : cup;
        RegionCaption lower = catScore > cupScore ? cup : cat;
        double threshold = Math.max(catScore, cupScore);
        CaptionOutput out = run(a, b, List.of(CAT, CUP), truth, "caption.matcher", "clip",
                "caption.text-min-score", Double.toString(threshold));
        assertEquals(List.of(higher), out.regions(), "a score equal to text-min-score is kept");
        assertEquals(1, out.rejected().size());
        RejectedBox dropped = out.rejected().get(0);
        assertEquals(lower.box(), dropped.box());
        assertEquals(CaptionStage.CAPTION_MISMATCH, dropped.reason());
        assertEquals(Math.min(catScore, cupScore), dropped.score(), 1e-9);

        CaptionOutput none = run(a, b, List.of(CAT, CUP), truth, "caption.matcher", "clip",
                "caption.text-min-score", Double.toString(Math.nextUp(threshold)));
        assertTrue(none.regions().isEmpty());
        assertEquals(List.of(CaptionStage.CAPTION_MISMATCH, CaptionStage.CAPTION_MISMATCH),
                none.rejected().stream().map(RejectedBox::reason).toList());
    }

    @Test
    void clipTextEmbedderDropsNearIdenticalCaptionsAsSameCaptionWithTheCosineAndKeepsDifferentOnes() {
        RgbImage a = grey();
        RgbImage b = grey();
        paint(a, CAT, 210, 20, 20);
        paint(b, CAT, 20, 40, 200);   // the cat is recoloured: "a red cat ..." / "a blue cat ..."
        paint(a, CUP, 210, 20, 20);   // the cup is removed: "a red cup ..." / "only the background ..."
        List<TruthChange> truth = List.of(new TruthChange(CAT, "cat", "cat"), new TruthChange(CUP, "cup", null));
        var texts = backends.clipTextEmbedder();
        List<float[]> near = texts.embedAll(List.of("a red cat in the upper left", "a blue cat in the upper left"));
        double nearCos = ImageEmbedder.cosine(near.get(0), near.get(1));
        List<float[]> far = texts.embedAll(List.of("a red cup on the right", "only the background on the right"));
        double farCos = ImageEmbedder.cosine(far.get(0), far.get(1));
        assertTrue(nearCos >= 0.85 && farCos < 0.85, "test model cosines: near " + nearCos + ", far " + farCos);

        CaptionOutput out = run(a, b, List.of(CAT, CUP), truth, "caption.text-embedder", "clip");
        assertEquals("clip", out.textSimilarity());
        assertEquals("truth", out.textMatching());
        assertEquals(List.of(CUP), out.regions().stream().map(RegionCaption::box).toList());
        assertEquals("only the background on the right", out.regions().get(0).captionB());
        assertEquals(1, out.rejected().size());
        assertEquals(CAT, out.rejected().get(0).box());
        assertEquals(CaptionStage.SAME_CAPTION, out.rejected().get(0).reason());
        assertEquals(nearCos, out.rejected().get(0).score(), 1e-9);

        CaptionOutput atMax = run(a, b, List.of(CAT), truth, "caption.text-embedder", "clip",
                "caption.max-caption-cos", Double.toString(nearCos));
        assertTrue(atMax.regions().isEmpty(), "a cosine equal to max-caption-cos is dropped");
        assertEquals(CaptionStage.SAME_CAPTION, atMax.rejected().get(0).reason());
        assertEquals(nearCos, atMax.rejected().get(0).score(), 1e-9);
        CaptionOutput aboveMax = run(a, b, List.of(CAT), truth, "caption.text-embedder", "clip",
                "caption.max-caption-cos", Double.toString(Math.nextUp(nearCos)));
        assertEquals(List.of(CAT), aboveMax.regions().stream().map(RegionCaption::box).toList(),
                "a cosine below max-caption-cos is kept");
    }
}
