package io.imgdiff.item;

/**
 * What the removal variant did to an item (generate's output, null on a replacement item): the object taken out of
 * image B, its true box, the backend that removed it ({@code procedural} or {@code http}), and the paper's check on
 * the box's crop with a margin: {@code check} names the matcher that ran (or why none did), {@code scoreBefore} is the
 * crop of A against the noun (must reach {@code removal.before-min-score}), {@code scoreAfter} the crop of B (must
 * stay below {@code removal.after-max-score}); both null when the check was skipped.
 */
public record RemovalOutput(String noun, Box box, String backend, String check, Double scoreBefore,
                            Double scoreAfter) {
}
