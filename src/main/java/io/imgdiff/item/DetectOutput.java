package io.imgdiff.item;

import java.util.List;

/** Output of {@code detect}: kept boxes, most different first, and every rejected candidate. */
public record DetectOutput(List<DiffBox> boxes, List<RejectedBox> rejected) {
}
