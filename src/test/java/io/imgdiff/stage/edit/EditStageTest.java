package io.imgdiff.stage.edit;

import io.imgdiff.item.BadInputException;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.StageName;
import io.imgdiff.model.builtin.LexiconCaptionEditor;
import io.imgdiff.model.builtin.MapObjectStore;
import io.imgdiff.model.builtin.StagesFixture;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EditStageTest {

    private final EditStage stage = new EditStage(name -> {
        if (!name.equals("lexicon")) {
            throw new BadInputException("edit.backend is '" + name + "'");
        }
        return new LexiconCaptionEditor();
    });

    private static StageContext ctx(String caption, String... settings) {
        Item item = new Item("r1", "i1", StageName.EDIT, ItemInput.ofCaption(caption), null, null, null, null, null,
                ItemStatus.QUEUED, StageName.EDIT, null, null);
        return new StageContext(item, StagesFixture.stages(settings), new MapObjectStore(), 5);
    }

    @Test
    void passesTheEditedPair() {
        StageResult r = stage.process(ctx("  a cat sitting on a red sofa "));
        EditOutput out = (EditOutput) assertInstanceOf(StageResult.Pass.class, r).output();
        assertEquals("a cat sitting on a red sofa", out.captionA());
        assertEquals(1, out.changedA().size());
        assertEquals(new LexiconCaptionEditor().edit("a cat sitting on a red sofa", 5).orElseThrow(), out,
                "the stage's seed drives the editor");
    }

    @Test
    void dropsACaptionWithoutEditableNoun() {
        StageResult r = stage.process(ctx("a quiet evening"));
        StageResult.Drop drop = assertInstanceOf(StageResult.Drop.class, r);
        assertEquals(EditStage.NO_EDITABLE_NOUN, drop.reason());
        assertEquals(List.of(), ((EditOutput) drop.output()).changedA());
    }

    @Test
    void blankCaptionIsBadInput() {
        BadInputException e = assertThrows(BadInputException.class, () -> stage.process(ctx("   ")));
        assertTrue(e.getMessage().contains("i1") && e.getMessage().contains("blank"), e.getMessage());
    }

    @Test
    void unknownBackendIsBadInput() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> stage.process(ctx("a cat", "edit.backend", "nope")));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }
}
