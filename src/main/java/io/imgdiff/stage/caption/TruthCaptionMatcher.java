package io.imgdiff.stage.caption;

import io.imgdiff.item.TruthChange;
import io.imgdiff.model.ImageTextMatcher;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The built-in caption check ({@code caption.matcher=truth}) for pairs whose true changes are known (the procedural
 * renderer's): a region caption "matches its crop" as much as the crop's box overlaps (IoU) a true change that the
 * caption does not contradict on the crop's side. Known objects are checked by name, other wording by place:
 * <ul>
 * <li>on a side where the change has an object, a caption that names some true label of the item (a whole word or
 * phrase, case ignored, a plural {@code s}/{@code es} allowed) must name that object's label; a caption naming no
 * true label (a vision model describing the drawn shape, "a striped red star") is judged by its box alone;</li>
 * <li>on a side where the change has no object (removed in B, added in A), the caption must not name the object of
 * the other side.</li>
 * </ul>
 * A box on no true change, or a caption naming the wrong object, scores 0. Same 0–1 scale and IoU rule as detect's
 * {@code TruthTextMatcher}, so one threshold ({@code caption.text-min-score}) serves this and a model.
 */
final class TruthCaptionMatcher implements ImageTextMatcher {

    static final String NAME = "truth";

    private final List<TruthChange> truth;

    TruthCaptionMatcher(List<TruthChange> truth) {
        this.truth = List.copyOf(truth);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double score(Crop crop, String caption) {
        boolean namesKnown = truth.stream().anyMatch(t -> names(caption, t.labelA()) || names(caption, t.labelB()));
        double best = 0;
        for (TruthChange t : truth) {
            String here = crop.side() == Side.A ? t.labelA() : t.labelB();
            String there = crop.side() == Side.A ? t.labelB() : t.labelA();
            boolean contradicts = here != null ? namesKnown && !names(caption, here) : names(caption, there);
            if (!contradicts) {
                best = Math.max(best, crop.box().iou(t.box()));
            }
        }
        return best;
    }

    /** Whether {@code text} contains {@code label} as whole words, case ignored, optionally pluralised. */
    static boolean names(String text, String label) {
        if (text == null || label == null || label.isBlank()) {
            return false;
        }
        String words = Pattern.quote(label.strip().toLowerCase(Locale.ROOT)).replaceAll("\\s+", "\\\\E\\\\s+\\\\Q");
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + words + "(?:s|es)?(?![\\p{L}\\p{N}])")
                .matcher(text.toLowerCase(Locale.ROOT)).find();
    }
}
