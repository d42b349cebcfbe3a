package io.imgdiff.item;

/** Output of {@code filter}: the pair's image-embedding cosine and the range it was checked against. */
public record FilterOutput(double cosine, double minCos, double maxCos) {
}
