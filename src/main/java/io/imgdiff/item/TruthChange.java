package io.imgdiff.item;

/** A change the generator knows it made: {@code labelB} is null when the object was removed. */
public record TruthChange(Box box, String labelA, String labelB) {
}
