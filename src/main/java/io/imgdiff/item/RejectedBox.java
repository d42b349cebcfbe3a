package io.imgdiff.item;

/** A candidate box that a stage dropped, with the reason and the score that decided it. */
public record RejectedBox(Box box, String reason, double score) {
}
