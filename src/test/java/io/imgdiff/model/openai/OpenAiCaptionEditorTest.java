package io.imgdiff.model.openai;

import io.imgdiff.item.BadInputException;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.StageName;
import io.imgdiff.model.builtin.MapObjectStore;
import io.imgdiff.model.builtin.StagesFixture;
import io.imgdiff.model.openai.OpenAiStub.Reply;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import io.imgdiff.stage.edit.EditStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The edit backend against the stub server: the paper's prompt and sampling, and what counts as one replacement. */
class OpenAiCaptionEditorTest {

    private static final String CAPTION = "a cat sitting on a red sofa";

    private final OpenAiStub stub = OpenAiStub.start(null, "qwen2-7b-instruct");
    private final OpenAiCaptionEditor editor = new OpenAiCaptionEditor(new OpenAiClient(
            stub.config(null, "text.model", "qwen2-7b-instruct", "retry-backoff", "1ms"), OpenAiClient.Purpose.TEXT));

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void oneReplacedNounGivesTheCaptionPairAndItsChangedNouns() {
        stub.enqueue(Reply.answer("a dog sitting on a red sofa"));
        assertEquals(Optional.of(new EditOutput(CAPTION, "a dog sitting on a red sofa", List.of("cat"), List.of("dog"))),
                editor.edit(CAPTION, 1234));

        OpenAiStub.Received r = stub.received().get(0);
        assertEquals("qwen2-7b-instruct", r.model());
        assertEquals(0.9, r.temperature());
        assertEquals(0.95, r.topP());
        assertTrue(r.text().contains("\"" + CAPTION + "\""), r.text());
        assertTrue(r.text().contains("exactly one entity") && r.text().contains("an animal, a vehicle, a piece of"
                + " furniture") && r.text().contains("Answer with the rewritten sentence only"), r.text());
        assertEquals(OpenAiCaptionEditor.requestSeed(1234), r.seed());
    }

    @Test
    void theItemSeedFixesTheRequestSeed() {
        stub.otherwise(x -> Reply.answer("a dog sitting on a red sofa"));
        editor.edit(CAPTION, 1234);
        editor.edit(CAPTION, 1234);
        editor.edit(CAPTION, 1235);
        editor.edit(CAPTION, -7_000_000_000_000L);
        List<Long> seeds = stub.received().stream().map(OpenAiStub.Received::seed).toList();
        assertEquals(seeds.get(0), seeds.get(1), "a rerun sends the same seed");
        assertNotEquals(seeds.get(0), seeds.get(2));
        seeds.forEach(s -> assertTrue(s >= 0 && s <= Integer.MAX_VALUE, "31-bit seed: " + s));
    }

    @Test
    void thinkingLabelsAndQuotesAroundTheSentenceAreDropped() {
        stub.enqueue(Reply.answer("<think>cat is an animal; a dog is too</think>\n\nModified sentence: "
                + "\"A horse sitting on a red sofa.\"\n\nI replaced the cat with a horse."));
        EditOutput out = editor.edit(CAPTION, 1).orElseThrow();
        assertEquals("A horse sitting on a red sofa.", out.captionB());
        assertEquals(List.of("cat"), out.changedA());
        assertEquals(List.of("horse"), out.changedB());

        stub.enqueue(Reply.answer("Sure! Here is the rewritten sentence:\n\n**a cat sitting on a red bench**"));
        assertEquals("a cat sitting on a red bench", editor.edit(CAPTION, 2).orElseThrow().captionB());
    }

    @Test
    void anAnswerThatChangesNothingOrMoreThanOneObjectIsNoEdit() {
        stub.enqueue(Reply.answer(CAPTION),                        // nothing changed
                Reply.answer("a cat sitting on a blue sofa"),        // an attribute, not an object
                Reply.answer("a dog sitting on a red chair"),        // two objects
                Reply.answer("sitting on a red sofa"));             // an object removed, none put in its place
        for (int i = 0; i < 4; i++) {
            assertEquals(Optional.empty(), editor.edit(CAPTION, i), "answer " + i);
        }
        assertEquals(4, stub.received().size(), "a valid answer that is no edit is not asked again");
    }

    @Test
    void twoAdjacentNounsAreOneObjectTwoApartAreTwo() {
        stub.enqueue(Reply.answer("a coffee table sitting on a red sofa"),
                Reply.answer("a cow and a horse sitting on a red sofa"));
        EditOutput out = editor.edit(CAPTION, 1).orElseThrow();
        assertEquals(List.of("cat"), out.changedA());
        assertEquals(List.of("coffee", "table"), out.changedB());
        assertEquals(Optional.empty(), editor.edit(CAPTION, 2));
    }

    @Test
    void emptyOrCutOffAnswersAreAskedAgainThenFailTheItem() {
        stub.enqueue(Reply.answer("   "), Reply.answer("a dog sitting on", "length"));
        stub.otherwise(x -> Reply.answer("a dog sitting on a red sofa"));
        assertTrue(editor.edit(CAPTION, 5).isPresent());
        assertEquals(3, stub.received().size());

        stub.otherwise(x -> Reply.answer(""));
        BadInputException e = assertThrows(BadInputException.class, () -> editor.edit(CAPTION, 5));
        assertTrue(e.getMessage().contains("no usable answer") && e.getMessage().contains("expected the rewritten"
                + " sentence"), e.getMessage());
    }

    @Test
    void theEditStagePassesTheEditOrDropsTheItem() {
        EditStage stage = new EditStage(name -> editor);
        stub.enqueue(Reply.answer("a dog sitting on a red sofa"), Reply.answer(CAPTION));
        StageResult pass = stage.process(ctx());
        assertEquals(List.of("dog"), ((EditOutput) assertInstanceOf(StageResult.Pass.class, pass).output()).changedB());
        StageResult drop = stage.process(ctx());
        StageResult.Drop dropped = assertInstanceOf(StageResult.Drop.class, drop);
        assertEquals(OpenAiCaptionEditor.NOT_ONE_OBJECT, dropped.reason());
        // the model's sentence stays on the dropped item, for reading a run's rejected edits
        assertEquals(CAPTION, ((EditOutput) dropped.output()).captionB());
        assertEquals(List.of(), ((EditOutput) dropped.output()).changedB());
    }

    private static StageContext ctx() {
        Item item = new Item("r", "it", StageName.EDIT, ItemInput.ofCaption(CAPTION), null, null, null, null, null,
                ItemStatus.QUEUED, StageName.EDIT, null, null);
        return new StageContext(item, StagesFixture.stages("edit.backend", "openai"), new MapObjectStore(), 99);
    }
}
