package io.imgdiff.item;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Output of {@code generate}: object-store keys of the pair and, when known, the true changes; {@code removal} is set
 * on items of the object-removal variant only (absent from records written before it existed, and from replacements).
 */
public record GenerateOutput(String imageA, String imageB, int width, int height, List<TruthChange> truth,
                             @JsonInclude(JsonInclude.Include.NON_NULL) RemovalOutput removal) {

    /** A replacement item's output. */
    public GenerateOutput(String imageA, String imageB, int width, int height, List<TruthChange> truth) {
        this(imageA, imageB, width, height, truth, null);
    }
}
