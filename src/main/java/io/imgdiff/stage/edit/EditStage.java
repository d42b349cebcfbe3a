package io.imgdiff.stage.edit;

import io.imgdiff.item.BadInputException;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.StageName;
import io.imgdiff.model.CaptionEditor;
import io.imgdiff.model.builtin.IdentifiedBackends;
import io.imgdiff.stage.Stage;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.List;
import java.util.function.Function;

/**
 * {@code edit}: rewrites the item's caption with one object replaced, using the backend named in
 * {@code imgdiff.stages.edit.backend}. Drops the item with the backend's reason when there is no edit:
 * {@code no-editable-noun} (nothing to replace) or {@code not-one-object} (an LLM's rewrite that does not replace
 * exactly one object; its sentence is kept as the dropped item's {@code captionB}).
 */
@ApplicationScoped
public class EditStage implements Stage {

    /** Drop reason when the caption names no object the backend can replace. */
    public static final String NO_EDITABLE_NOUN = CaptionEditor.NO_EDITABLE_NOUN;

    private final Function<String, CaptionEditor> editors;

    @Inject
    public EditStage(@Any Instance<CaptionEditor> editors) {
        this(IdentifiedBackends.of(editors, "edit.backend", "lexicon"));
    }

    /** With an explicit backend lookup (tests, tools). */
    public EditStage(Function<String, CaptionEditor> editors) {
        this.editors = editors;
    }

    @Override
    public StageName name() {
        return StageName.EDIT;
    }

    @Override
    public StageResult process(StageContext ctx) {
        ItemInput input = ctx.item().input();
        String caption = input == null ? null : input.caption();
        if (caption == null || caption.isBlank()) {
            throw new BadInputException("item " + ctx.itemId() + " entering at edit has input.caption "
                    + (caption == null ? "missing" : "blank") + "; expected a sentence naming an object,"
                    + " e.g. 'a cat sitting on a sofa'");
        }
        CaptionEditor editor = editors.apply(ctx.settings().edit().backend());
        CaptionEditor.Attempt attempt = editor.attempt(caption.strip(), ctx.seed());
        // a rejected edit keeps what the backend wrote as captionB, with no changed nouns
        return attempt.output().<StageResult>map(StageResult::pass)
                .orElseGet(() -> StageResult.drop(attempt.reason(),
                        new EditOutput(caption.strip(), attempt.wrote(), List.of(), List.of())));
    }
}
