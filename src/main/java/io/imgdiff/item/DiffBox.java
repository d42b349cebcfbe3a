package io.imgdiff.item;

/**
 * A kept difference box: {@code score} orders boxes (higher = more different), {@code cropCos} is the crop-pair
 * similarity, {@code textScore} the best image-text match and {@code noun} the noun it matched (may be null).
 */
public record DiffBox(Box box, double score, double cropCos, double textScore, String noun) {
}
