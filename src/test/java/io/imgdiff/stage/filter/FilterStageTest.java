package io.imgdiff.stage.filter;

import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.FilterOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.StageName;
import io.imgdiff.model.builtin.MapObjectStore;
import io.imgdiff.model.builtin.PixelEmbedder;
import io.imgdiff.model.builtin.StagesFixture;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilterStageTest {

    private final FilterStage stage = new FilterStage(name -> new PixelEmbedder(), 1 << 24);
    private final MapObjectStore store = new MapObjectStore();

    /** Left half dark, right half light; {@code patch} paints a bright square of that side in the dark half. */
    private static RgbImage halves(int w, int h, int patch) {
        RgbImage img = RgbImage.blank(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean light = x >= w / 2 || (x < patch && y < patch);
                for (int c = 0; c < 3; c++) {
                    img.rgb()[(y * w + x) * 3 + c] = (byte) (light ? 220 : 30);
                }
            }
        }
        return img;
    }

    private StageContext ctx(RgbImage a, RgbImage b, String... settings) {
        store.put("in/a.png", ImageCodec.encodePng(a), "image/png");
        store.put("in/b.png", ImageCodec.encodePng(b), "image/png");
        Item item = new Item("r", "i", StageName.FILTER, ItemInput.ofImagePair("in/a.png", "in/b.png", null, null),
                null, null, null, null, null, ItemStatus.QUEUED, StageName.FILTER, null, null);
        return new StageContext(item, StagesFixture.stages(settings), store, 1);
    }

    @Test
    void identicalPairIsTooSimilar() {
        StageResult.Drop d = assertInstanceOf(StageResult.Drop.class, stage.process(ctx(halves(64, 64, 0),
                halves(64, 64, 0))));
        assertEquals(FilterStage.TOO_SIMILAR, d.reason());
        FilterOutput out = (FilterOutput) d.output();
        assertEquals(1.0, out.cosine(), 1e-6);
        assertEquals(0.98, out.maxCos());
    }

    @Test
    void mirroredSceneIsTooDifferent() {
        RgbImage a = halves(64, 64, 0);
        RgbImage mirrored = RgbImage.blank(64, 64);
        for (int i = 0; i < 64 * 64 * 3; i++) {
            mirrored.rgb()[i] = (byte) (250 - (a.rgb()[i] & 0xFF));
        }
        StageResult.Drop d = assertInstanceOf(StageResult.Drop.class, stage.process(ctx(a, mirrored)));
        assertEquals(FilterStage.TOO_DIFFERENT, d.reason());
        assertTrue(((FilterOutput) d.output()).cosine() < 0);
    }

    @Test
    void aChangedPatchIsKeptAndTheRangeComesFromTheRunSettings() {
        StageResult r = stage.process(ctx(halves(64, 64, 0), halves(64, 64, 12)));
        FilterOutput out = (FilterOutput) assertInstanceOf(StageResult.Pass.class, r).output();
        assertTrue(out.cosine() >= 0.90 && out.cosine() <= 0.98, "cos " + out.cosine());
        StageResult strict = stage.process(ctx(halves(64, 64, 0), halves(64, 64, 12), "filter.min-cos",
                String.valueOf(out.cosine() + 1e-9)));
        assertEquals(FilterStage.TOO_DIFFERENT, ((StageResult.Drop) strict).reason(), "the bound is inclusive");
    }

    @Test
    void pairOfDifferentSizesIsCompared() {
        StageResult r = stage.process(ctx(halves(64, 64, 0), halves(128, 128, 0)));
        assertTrue(((FilterOutput) r.output()).cosine() > 0.99);
    }

    @Test
    void missingInputImageAndInvertedRangeAreBadInput() {
        Item item = new Item("r", "i", StageName.FILTER, ItemInput.ofImagePair("in/none.png", "in/b.png", null, null),
                null, null, null, null, null, ItemStatus.QUEUED, StageName.FILTER, null, null);
        BadInputException e = assertThrows(BadInputException.class,
                () -> stage.process(new StageContext(item, StagesFixture.stages(), store, 1)));
        assertTrue(e.getMessage().contains("in/none.png"), e.getMessage());
        BadInputException range = assertThrows(BadInputException.class, () -> stage.process(ctx(halves(8, 8, 0),
                halves(8, 8, 0), "filter.min-cos", "0.99", "filter.max-cos", "0.5")));
        assertTrue(range.getMessage().contains("0.99"), range.getMessage());
    }
}
