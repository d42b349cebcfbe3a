package io.imgdiff.stage.caption;

import io.imgdiff.config.StagesConfig;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.Box;
import io.imgdiff.item.CaptionOutput;
import io.imgdiff.item.DetectOutput;
import io.imgdiff.item.DiffBox;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.GenerateOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RegionCaption;
import io.imgdiff.item.RejectedBox;
import io.imgdiff.image.ImageFixtures;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.StageName;
import io.imgdiff.item.TruthChange;
import io.imgdiff.model.builtin.MapObjectStore;
import io.imgdiff.model.builtin.StagesFixture;
import io.imgdiff.model.builtin.TemplateRegionCaptioner;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaptionStageTest {

    private static final int W = 200;
    private static final int H = 100;

    private final CaptionStage stage = new CaptionStage(name -> new TemplateRegionCaptioner(), 1 << 24);
    private final MapObjectStore store = new MapObjectStore();

    private static RgbImage grey() {
        return ImageFixtures.grey(W, H);
    }

    private static void paint(RgbImage img, Box box, int r, int g, int b) {
        ImageFixtures.paint(img, box, r, g, b);
    }

    private StageContext ctx(RgbImage a, RgbImage b, List<Box> boxes, List<TruthChange> truth, EditOutput edit) {
        return ctx(a, b, boxes, truth, edit, StagesFixture.stages());
    }

    private StageContext ctx(RgbImage a, RgbImage b, List<Box> boxes, List<TruthChange> truth, EditOutput edit,
                             StagesConfig settings) {
        store.put("p/a.png", ImageCodec.encodePng(a), "image/png");
        store.put("p/b.png", ImageCodec.encodePng(b), "image/png");
        List<DiffBox> diff = boxes.stream().map(x -> new DiffBox(x, 1, 0.5, 0.5, null)).toList();
        Item item = new Item("r", "it", StageName.EDIT, null, edit, new GenerateOutput("p/a.png", "p/b.png", W, H,
                truth), null, new DetectOutput(diff, List.of()), null, ItemStatus.QUEUED, StageName.CAPTION, null, null);
        return new StageContext(item, settings, store, 1);
    }

    @Test
    void sizeFiltersKeepTheirBoundariesAndDropJustBeyond() {
        Box atMax = new Box(0, 0, 40, 50);      // 2000 px = 0.1 of 200x100: kept
        Box overMax = new Box(100, 0, 141, 50); // 2050 px: too large
        Box atMin = new Box(60, 60, 65, 70);    // 50 px = 0.0025: kept
        Box underMin = new Box(80, 80, 87, 87); // 49 px: too small
        RgbImage a = grey();
        RgbImage b = grey();
        for (Box x : List.of(atMax, overMax, atMin, underMin)) {
            paint(b, x, 200, 30, 30);
        }
        StageResult r = stage.process(ctx(a, b, List.of(atMax, overMax, atMin, underMin), List.of(), null));
        CaptionOutput out = (CaptionOutput) assertInstanceOf(StageResult.Pass.class, r).output();
        assertEquals(List.of(atMax, atMin), out.regions().stream().map(RegionCaption::box).toList());
        assertEquals(List.of(new RejectedBox(overMax, CaptionStage.BOX_TOO_LARGE, 0.1025),
                new RejectedBox(underMin, CaptionStage.BOX_TOO_SMALL, 0.00245)), out.rejected());
    }

    @Test
    void truthLabelsColoursAndPositionMakeTheCaptions() {
        Box box = new Box(10, 10, 50, 40);
        RgbImage a = grey();
        RgbImage b = grey();
        paint(a, box, 210, 20, 20);
        paint(b, box, 20, 40, 200);
        List<TruthChange> truth = List.of(new TruthChange(new Box(12, 8, 52, 41), "cat", "dog"),
                new TruthChange(new Box(150, 50, 190, 90), "cup", "bowl"));
        StageResult r = stage.process(ctx(a, b, List.of(box), truth, null));
        RegionCaption c = ((CaptionOutput) r.output()).regions().get(0);
        assertEquals("a red cat in the upper left", c.captionA());
        assertEquals("a blue dog in the upper left", c.captionB());
        assertEquals("In the left image the red box shows a red cat, while in the right image it shows a blue dog.",
                c.difference());
    }

    @Test
    void removalUsesTheRemovalSentence() {
        Box box = new Box(120, 40, 160, 80);
        RgbImage a = grey();
        paint(a, box, 240, 140, 0);
        EditOutput edit = new EditOutput("an orange on a plate", "a plate", List.of("orange"), List.of());
        StageResult r = stage.process(ctx(a, grey(), List.of(box), List.of(), edit));
        RegionCaption c = ((CaptionOutput) r.output()).regions().get(0);
        assertEquals("an orange orange on the right", c.captionA());
        assertEquals("In the left image the red box shows an orange orange, which is missing from the right image,"
                + " where the red box shows only the background.", c.difference());
    }

    @Test
    void equalCaptionsAreDroppedAndAnItemWithoutRegionsToo() {
        Box box = new Box(10, 10, 50, 40);
        RgbImage a = grey();
        RgbImage b = grey();
        paint(a, box, 200, 30, 30);
        paint(b, box, 190, 40, 40); // another red: without labels both read "a red object"
        StageResult r = stage.process(ctx(a, b, List.of(box), List.of(), null));
        StageResult.Drop d = assertInstanceOf(StageResult.Drop.class, r);
        assertEquals(CaptionStage.NO_CAPTIONED_BOX, d.reason());
        CaptionOutput out = (CaptionOutput) d.output();
        assertEquals(List.of(new RejectedBox(box, CaptionStage.SAME_CAPTION, 1.0)), out.rejected());
        assertEquals(CaptionStage.SAME_STRING, out.textSimilarity());
        assertEquals("skipped: no truth boxes for caption.matcher=truth", out.textMatching());
    }

    @Test
    void truthMatcherKeepsACaptionOfTheTrueChangeAndDropsOneOnNoChangeAsMismatch() {
        Box onCat = new Box(10, 10, 50, 40);
        Box nowhere = new Box(120, 40, 160, 80); // a real colour change the generator did not make
        RgbImage a = grey();
        RgbImage b = grey();
        paint(a, onCat, 210, 20, 20);
        paint(b, onCat, 20, 40, 200);
        paint(a, nowhere, 210, 20, 20);
        paint(b, nowhere, 20, 40, 200);
        List<TruthChange> truth = List.of(new TruthChange(onCat, "cat", "dog"));
        StageResult r = stage.process(ctx(a, b, List.of(onCat, nowhere), truth, null));
        CaptionOutput out = (CaptionOutput) assertInstanceOf(StageResult.Pass.class, r).output();
        assertEquals(List.of(onCat), out.regions().stream().map(RegionCaption::box).toList());
        // "a red object on the right" names no true change's label: score 0
        assertEquals(List.of(new RejectedBox(nowhere, CaptionStage.CAPTION_MISMATCH, 0.0)), out.rejected());
        assertEquals("truth", out.textMatching());
        assertEquals(CaptionStage.SAME_STRING, out.textSimilarity());
    }

    @Test
    void truthMatcherThresholdKeepsAScoreAtTextMinScoreAndDropsOneJustBelowWithItsScore() {
        Box cat = new Box(0, 0, 40, 50);       // 2000 px, the true change
        Box atMin = new Box(0, 0, 40, 20);     // IoU 800/2000 = 0.4: kept
        Box belowMin = new Box(0, 0, 40, 19);  // IoU 760/2000 = 0.38: dropped
        RgbImage a = grey();
        RgbImage b = grey();
        paint(a, cat, 210, 20, 20);
        paint(b, cat, 20, 40, 200);
        List<TruthChange> truth = List.of(new TruthChange(cat, "cat", "dog"));
        StageResult r = stage.process(ctx(a, b, List.of(atMin, belowMin), truth, null));
        CaptionOutput out = (CaptionOutput) assertInstanceOf(StageResult.Pass.class, r).output();
        assertEquals(List.of(atMin), out.regions().stream().map(RegionCaption::box).toList());
        assertEquals(List.of(new RejectedBox(belowMin, CaptionStage.CAPTION_MISMATCH, 0.38)), out.rejected());

        StageResult stricter = stage.process(ctx(a, b, List.of(atMin), truth, null,
                StagesFixture.stages("caption.text-min-score", "0.41")));
        assertEquals(List.of(new RejectedBox(atMin, CaptionStage.CAPTION_MISMATCH, 0.4)),
                ((CaptionOutput) assertInstanceOf(StageResult.Drop.class, stricter).output()).rejected());
    }

    @Test
    void aRemovalIsMatchedWhenTheEmptySideDoesNotNameTheRemovedObject() {
        Box box = new Box(120, 40, 160, 80);
        RgbImage a = grey();
        paint(a, box, 210, 20, 20);
        List<TruthChange> truth = List.of(new TruthChange(box, "cup", null));
        StageResult r = stage.process(ctx(a, grey(), List.of(box), truth, null));
        RegionCaption c = ((CaptionOutput) assertInstanceOf(StageResult.Pass.class, r).output()).regions().get(0);
        assertEquals("a red cup on the right", c.captionA());
        assertEquals("only the background on the right", c.captionB());
    }

    @Test
    void matcherNoneSkipsTheCaptionCheckAndSaysSo() {
        Box nowhere = new Box(120, 40, 160, 80);
        RgbImage a = grey();
        RgbImage b = grey();
        paint(a, nowhere, 210, 20, 20);
        paint(b, nowhere, 20, 40, 200);
        List<TruthChange> truth = List.of(new TruthChange(new Box(0, 0, 40, 40), "cat", "dog"));
        StageResult r = stage.process(ctx(a, b, List.of(nowhere), truth, null,
                StagesFixture.stages("caption.matcher", "none")));
        CaptionOutput out = (CaptionOutput) assertInstanceOf(StageResult.Pass.class, r).output();
        assertEquals(List.of(nowhere), out.regions().stream().map(RegionCaption::box).toList());
        assertEquals("skipped: caption.matcher=none", out.textMatching());
    }

    @Test
    void anUndeployedMatcherOrTextEmbedderIsBadInputNamingTheSetting() {
        Box box = new Box(10, 10, 50, 40);
        RgbImage b = grey();
        paint(b, box, 20, 40, 200);
        for (String key : List.of("caption.matcher", "caption.text-embedder")) {
            BadInputException e = assertThrows(BadInputException.class, () -> stage.process(ctx(grey(), b,
                    List.of(box), List.of(), null, StagesFixture.stages(key, "blip"))));
            assertTrue(e.getMessage().contains(key + " is 'blip'"), e.getMessage());
        }
    }

    @Test
    void settingsDefaultToThePapersThresholdsAndTheBuiltInChecks() {
        StagesConfig.Caption c = StagesFixture.stages().caption();
        assertEquals("truth", c.matcher());
        assertEquals("none", c.textEmbedder());
        assertEquals(0.4, c.textMinScore());
        assertEquals(0.85, c.maxCaptionCos());
    }

    @Test
    void itemWithoutDetectOutputIsBadInput() {
        Item item = new Item("r", "it", StageName.EDIT, null, null, null, null, null, null, ItemStatus.QUEUED,
                StageName.CAPTION, null, null);
        BadInputException e = assertThrows(BadInputException.class,
                () -> stage.process(new StageContext(item, StagesFixture.stages(), store, 1)));
        assertTrue(e.getMessage().contains("it") && e.getMessage().contains("detect"), e.getMessage());
    }
}
