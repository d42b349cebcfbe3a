package io.imgdiff.item;

import java.util.List;

/**
 * Output of {@code detect}: kept boxes, most different first, and every rejected candidate; {@code textMatching}
 * says how crops were matched to the changed nouns (e.g. {@code truth}, a model name, or why it was skipped).
 */
public record DetectOutput(List<DiffBox> boxes, List<RejectedBox> rejected, String textMatching) {

    /** An output that does not say how text matching went. */
    public DetectOutput(List<DiffBox> boxes, List<RejectedBox> rejected) {
        this(boxes, rejected, null);
    }
}
