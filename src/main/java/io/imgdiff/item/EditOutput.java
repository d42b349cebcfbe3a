package io.imgdiff.item;

import java.util.List;

/** Output of {@code edit}: the caption pair and the nouns that differ on each side. */
public record EditOutput(String captionA, String captionB, List<String> changedA, List<String> changedB) {
}
