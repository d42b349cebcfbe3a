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
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code edit}: rewrites the item's caption with one object replaced, using the backend named in
 * {@code imgdiff.stages.edit.backend}. Drops the item with {@code no-editable-noun} when nothing can be replaced.
 */
@ApplicationScoped
public class EditStage implements Stage {

    /** Drop reason when the caption names no object the backend can replace. */
    public static final String NO_EDITABLE_NOUN = "no-editable-noun";

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
        Optional<EditOutput> edited = editor.edit(caption.strip(), ctx.seed());
        return edited.<StageResult>map(StageResult::pass)
                .orElseGet(() -> StageResult.drop(NO_EDITABLE_NOUN,
                        new EditOutput(caption.strip(), null, List.of(), List.of())));
    }
}
