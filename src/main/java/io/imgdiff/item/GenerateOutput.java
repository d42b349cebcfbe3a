package io.imgdiff.item;

import java.util.List;

/** Output of {@code generate}: object-store keys of the pair and, when known, the true changes. */
public record GenerateOutput(String imageA, String imageB, int width, int height, List<TruthChange> truth) {
}
