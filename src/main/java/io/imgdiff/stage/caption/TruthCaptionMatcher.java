package io.imgdiff.stage.caption;

import io.imgdiff.item.TruthChange;
import io.imgdiff.model.ImageTextMatcher;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The built-in caption check ({@code caption.matcher=truth}) for pairs whose true changes are known (the procedural
 * renderer's): a region caption "matches its crop" as much as the crop's box overlaps (IoU) a true change that the
 * caption describes correctly for the crop's side. Correctly means: the caption names the change's label on that
 * side (a whole word or phrase, case ignored, a plural {@code s}/{@code es} allowed); where that side has no object
 * (removed in B, added in A), it does not name the object of the other side. A caption that names another object,
 * or a box on no true change, scores 0. Same 0–1 scale and IoU rule as detect's {@code TruthTextMatcher}, so one
 * threshold ({@code caption.text-min-score}) applies to both this and a model.
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
        double best = 0;
        for (TruthChange t : truth) {
            String here = crop.side() == Side.A ? t.labelA() : t.labelB();
            String there = crop.side() == Side.A ? t.labelB() : t.labelA();
            boolean describes = here != null ? names(caption, here) : there == null || !names(caption, there);
            if (describes) {
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
