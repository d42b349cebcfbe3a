package io.imgdiff.model;

import io.imgdiff.item.EditOutput;

import java.util.Optional;

/**
 * Rewrites a caption so that exactly one object is replaced (the paper's {@code edit} stage). Backends are CDI beans
 * qualified with {@code @Identifier(name)}, the name used in {@code imgdiff.stages.edit.backend}.
 */
public interface CaptionEditor {

    /**
     * The caption pair and the changed nouns, or empty when the caption names nothing this backend can replace.
     * The same caption and seed always give the same answer.
     */
    Optional<EditOutput> edit(String caption, long seed);
}
