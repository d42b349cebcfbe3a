package io.imgdiff.stage.detect;

import io.imgdiff.item.ItemInput;
import io.imgdiff.model.builtin.MapObjectStore;

import io.imgdiff.compute.cpu.CpuComputeBackend;
import io.imgdiff.config.StagesConfig;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.Box;
import io.imgdiff.item.DetectOutput;
import io.imgdiff.item.DiffBox;
import io.imgdiff.item.GenerateOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RejectedBox;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.StageName;
import io.imgdiff.item.TruthChange;
import io.imgdiff.model.BoxProposer;
import io.imgdiff.model.ImageEmbedder;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drop reasons and rejected-box bookkeeping. A is black; B has white squares; the test embedder maps a crop to
 * (white share, black share), so a crop pair's cosine is 0 where B is all white and 1 where nothing changed.
 */
class DetectStageTest {

    /** Fixed candidates, so each filter sees exactly the boxes the test plants. */
    private record FixedProposer(List<Box> boxes) implements BoxProposer {
        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public List<Proposal> propose(RgbImage a, RgbImage b) {
            return boxes.stream().map(x -> new Proposal(x, 1, "fixed")).toList();
        }
    }

    private static final ImageEmbedder WHITE_SHARE = img -> {
        long white = 0;
        for (int i = 0; i < img.rgb().length; i += 3) {
            white += (img.rgb()[i] & 0xFF) > 127 ? 1 : 0;
        }
        double w = (double) white / img.pixels();
        double n = Math.hypot(w, 1 - w);
        return new float[] {(float) (w / n), (float) ((1 - w) / n)};
    };

    private static StagesConfig settings() {
        SmallRyeConfig c = new SmallRyeConfigBuilder().withMapping(StagesConfig.class)
                .withDefaultValue("imgdiff.stages.detect.proposers", "fixed").build();
        return c.getConfigMapping(StagesConfig.class);
    }

    private static RgbImage withWhite(int size, List<Box> squares) {
        RgbImage img = RgbImage.blank(size, size);
        for (Box s : squares) {
            for (int y = s.y1(); y < s.y2(); y++) {
                java.util.Arrays.fill(img.rgb(), (y * size + s.x1()) * 3, (y * size + s.x2()) * 3, (byte) 255);
            }
        }
        return img;
    }

    private StageResult run(List<Box> candidates, List<Box> whiteInB, List<TruthChange> truth) {
        MapObjectStore store = new MapObjectStore();
        store.put("a.png", ImageCodec.encodePng(withWhite(200, List.of())), "image/png");
        store.put("b.png", ImageCodec.encodePng(withWhite(200, whiteInB)), "image/png");
        Item item = new Item("r1", "i1", StageName.GENERATE, null, null,
                new GenerateOutput("a.png", "b.png", 200, 200, truth), null, null, null, ItemStatus.QUEUED,
                StageName.DETECT, null, null);
        DetectStage stage = new DetectStage(new CpuComputeBackend(), WHITE_SHARE, null,
                List.of(new FixedProposer(candidates)), 1_000_000);
        return stage.process(new StageContext(item, settings(), store, 1));
    }

    @Test
    void everyDroppedCandidateIsRecordedWithItsReasonAndScore() {
        Box change = new Box(20, 20, 60, 60);
        Box unchanged = new Box(100, 100, 140, 140);
        Box tiny = new Box(0, 0, 4, 4); // 16 px < 0.001 * 40000 = 40 px
        Box overlapping = new Box(22, 20, 62, 60); // 36/40 white: cos lower than 1 but more similar than change
        Box elsewhere = new Box(150, 20, 190, 60); // changed, but no truth box labelled with a changed noun there
        StageResult r = run(List.of(change, unchanged, tiny, overlapping, elsewhere), List.of(change, elsewhere),
                List.of(new TruthChange(change, "cat", "dog")));
        DetectOutput out = assertInstanceOf(StageResult.Pass.class, r).output() instanceof DetectOutput d ? d : null;
        assertEquals(List.of(new DiffBox(change, 1.0, 0.0, 1.0, "cat")), out.boxes());
        assertEquals("truth", out.textMatching());
        List<String> reasons = new ArrayList<>();
        out.rejected().forEach(x -> reasons.add(x.reason() + "@" + x.box().x1()));
        assertEquals(List.of("similar-crops@100", "too-small@0", "no-noun-match@150", "nms@22"), reasons);
        RejectedBox nms = out.rejected().get(3);
        assertEquals(1520.0 / 1680, nms.score(), 1e-9); // IoU of x 22..62 with 20..60: 38*40 / (2*1600 - 1520)
        assertEquals(1.0, out.rejected().get(0).score(), 1e-6); // identical crops
        assertEquals(16.0 / 40000, out.rejected().get(1).score(), 1e-12);
    }

    @Test
    void aPairWithNoKeptBoxIsDroppedAsNoDifference() {
        StageResult r = run(List.of(new Box(100, 100, 140, 140)), List.of(), List.of());
        StageResult.Drop d = assertInstanceOf(StageResult.Drop.class, r);
        assertEquals(DetectStage.NO_DIFFERENCE, d.reason());
        assertEquals(List.of(new RejectedBox(new Box(100, 100, 140, 140), "similar-crops", 1.0)),
                ((DetectOutput) d.output()).rejected().stream()
                        .map(x -> new RejectedBox(x.box(), x.reason(), Math.round(x.score() * 1e6) / 1e6)).toList());
    }

    @Test
    void withoutNounsOrTruthTextMatchingIsSkippedAndSaidSo() {
        Box change = new Box(20, 20, 60, 60);
        DetectOutput out = (DetectOutput) run(List.of(change), List.of(change), List.of()).output();
        assertEquals(1, out.boxes().size());
        assertEquals("skipped: no changed nouns", out.textMatching());
    }

    @Test
    void aMissingGeneratedImageIsRetriedAndAMissingInputImageFailsTheItem() {
        MapObjectStore store = new MapObjectStore();
        DetectStage stage = new DetectStage(new CpuComputeBackend(), WHITE_SHARE, null, List.of(), 1_000_000);
        Item generated = new Item("r1", "i1", StageName.GENERATE, null, null,
                new GenerateOutput("a.png", "b.png", 8, 8, null), null, null, null, ItemStatus.QUEUED,
                StageName.DETECT, null, null);
        // the generator wrote it: the store may lag behind its writes, so this is retried, not final
        Exception retry = assertThrows(IllegalStateException.class,
                () -> stage.process(new StageContext(generated, settings(), store, 1)));
        assertTrue(retry.getMessage().contains("'a.png'"), retry.getMessage());
        Item submitted = new Item("r1", "i2", StageName.FILTER, ItemInput.ofImagePair("in_a.png", "in_b.png", null, null),
                null, null, null, null, null, ItemStatus.QUEUED, StageName.DETECT, null, null);
        Exception bad = assertThrows(io.imgdiff.item.BadInputException.class,
                () -> stage.process(new StageContext(submitted, settings(), store, 1)));
        assertTrue(bad.getMessage().contains("image 'in_a.png' not found"), bad.getMessage());
    }
}
