package io.imgdiff.model;

import io.imgdiff.item.EditOutput;

import java.util.Optional;

/**
 * Rewrites a caption so that exactly one object is replaced (the paper's {@code edit} stage). Backends are CDI beans
 * qualified with {@code @Identifier(name)}, the name used in {@code imgdiff.stages.edit.backend}.
 */
public interface CaptionEditor {

    /** Drop reason of a caption that names nothing the backend can replace. */
    String NO_EDITABLE_NOUN = "no-editable-noun";

    /**
     * The caption pair and the changed nouns, or empty when there is no edit ({@link #attempt} says why).
     * The same caption and seed always give the same answer.
     */
    Optional<EditOutput> edit(String caption, long seed);

    /**
     * {@link #edit}, or why there is none: a drop reason and what the backend wrote instead (null when it wrote
     * nothing), kept on the dropped item so a run's rejected edits can be read and a prompt tuned.
     */
    default Attempt attempt(String caption, long seed) {
        return edit(caption, seed).map(Attempt::edited).orElseGet(() -> Attempt.rejected(NO_EDITABLE_NOUN, null));
    }

    /** One edit attempt: {@code output} present, or {@code reason} (and perhaps {@code wrote}) saying why not. */
    record Attempt(Optional<EditOutput> output, String reason, String wrote) {

        public static Attempt edited(EditOutput output) {
            return new Attempt(Optional.of(output), null, output.captionB());
        }

        public static Attempt rejected(String reason, String wrote) {
            return new Attempt(Optional.empty(), reason, wrote);
        }
    }
}
