package io.imgdiff.stage.generate;

import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.GenerateOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.StageName;
import io.imgdiff.model.builtin.MapObjectStore;
import io.imgdiff.model.builtin.ProceduralPairGenerator;
import io.imgdiff.model.builtin.StagesFixture;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerateStageTest {

    private final GenerateStage stage = new GenerateStage(name -> new ProceduralPairGenerator());

    private static Item item(StageName entry, ItemInput input, EditOutput edit) {
        return new Item("run-1", "item-1", entry, input, edit, null, null, null, null, ItemStatus.QUEUED,
                StageName.GENERATE, null, null);
    }

    @Test
    void writesThePairAndTruthUnderTheItemKeys() {
        MapObjectStore store = new MapObjectStore();
        EditOutput edit = new EditOutput("a cat on a sofa", "a dog on a sofa", List.of("cat"), List.of("dog"));
        StageResult r = stage.process(new StageContext(item(StageName.EDIT, ItemInput.ofCaption("a cat on a sofa"),
                edit), StagesFixture.stages(), store, 9));
        GenerateOutput out = (GenerateOutput) assertInstanceOf(StageResult.Pass.class, r).output();
        assertEquals("runs/run-1/items/item-1/a.rgbz", out.imageA());
        assertEquals("runs/run-1/items/item-1/b.rgbz", out.imageB());
        assertTrue(ImageCodec.isInternal(store.require(out.imageA())), "the internal format by default");
        assertEquals(512, out.width());
        RgbImage a = ImageCodec.decode(store.require(out.imageA()), 1 << 20);
        assertEquals(512, a.height());
        assertEquals("dog", out.truth().get(0).labelB());
        byte[] first = store.require(out.imageB());
        stage.process(new StageContext(item(StageName.EDIT, null, edit), StagesFixture.stages(), store, 9));
        assertArrayEquals(first, store.require(out.imageB()), "a re-delivered job rewrites the same bytes");
    }

    @Test
    void pngWhenTheRunAsksForIt() {
        MapObjectStore store = new MapObjectStore();
        EditOutput edit = new EditOutput("a cat on a sofa", "a dog on a sofa", List.of("cat"), List.of("dog"));
        StageResult r = stage.process(new StageContext(item(StageName.EDIT, null, edit),
                StagesFixture.stages("generate.image-format", "png"), store, 9));
        GenerateOutput out = (GenerateOutput) assertInstanceOf(StageResult.Pass.class, r).output();
        assertEquals("runs/run-1/items/item-1/b.png", out.imageB());
        assertEquals((byte) 'P', store.require(out.imageB())[1]);
        assertEquals(ImageCodec.decode(store.require(out.imageA()), 1 << 20).width(), 512);
    }

    @Test
    void lz4VariantWhenTheRunAsksForIt() {
        MapObjectStore store = new MapObjectStore();
        EditOutput edit = new EditOutput("a cat on a sofa", "a dog on a sofa", List.of("cat"), List.of("dog"));
        StageResult zstd = stage.process(new StageContext(item(StageName.EDIT, null, edit), StagesFixture.stages(),
                store, 9));
        byte[] small = store.require(((GenerateOutput) zstd.output()).imageB());
        StageResult r = stage.process(new StageContext(item(StageName.EDIT, null, edit),
                StagesFixture.stages("generate.image-format", "rgbz-lz4"), store, 9));
        GenerateOutput out = (GenerateOutput) assertInstanceOf(StageResult.Pass.class, r).output();
        assertEquals("runs/run-1/items/item-1/b.rgbz", out.imageB(), "one extension for both internal variants");
        byte[] lz4 = store.require(out.imageB());
        assertEquals(2, lz4[8], "version 2");
        assertEquals(2, lz4[19], "compression byte: LZ4");
        assertEquals(1, small[19], "compression byte of the default: zstd");
        assertArrayEquals(ImageCodec.decode(small, 1 << 20).rgb(), ImageCodec.decode(lz4, 1 << 20).rgb());
    }

    @Test
    void itemsEnteringHereGetTheirChangedNounsFromAWordDiff() {
        StageResult r = stage.process(new StageContext(item(StageName.GENERATE,
                ItemInput.ofCaptionPair("Two cats on a bench.", "Two dogs on a bench."), null),
                StagesFixture.stages(), new MapObjectStore(), 1));
        GenerateOutput out = (GenerateOutput) r.output();
        assertEquals(1, out.truth().size());
        assertEquals("cat", out.truth().get(0).labelA());
        assertEquals("dog", out.truth().get(0).labelB());
    }

    @Test
    void missingCaptionsAreBadInput() {
        BadInputException e = assertThrows(BadInputException.class, () -> stage.process(new StageContext(
                item(StageName.GENERATE, ItemInput.ofCaptionPair("a cat", " "), null), StagesFixture.stages(),
                new MapObjectStore(), 1)));
        assertTrue(e.getMessage().contains("item-1") && e.getMessage().contains("captionB"), e.getMessage());
    }
}
