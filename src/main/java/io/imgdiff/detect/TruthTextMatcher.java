package io.imgdiff.detect;

import io.imgdiff.item.TruthChange;
import io.imgdiff.model.ImageTextMatcher;

import java.util.List;

/**
 * The built-in image-text matcher when no model is configured: the procedural renderer knows which object it drew
 * where, so a crop from image A "shows" noun N as much as its box overlaps (IoU) a true change whose A label is N;
 * likewise for B. The score is on the same 0–1 scale as the model threshold, so the stage applies one rule.
 */
public final class TruthTextMatcher implements ImageTextMatcher {

    private final List<TruthChange> truth;

    public TruthTextMatcher(List<TruthChange> truth) {
        this.truth = List.copyOf(truth);
    }

    @Override
    public String name() {
        return "truth";
    }

    @Override
    public double score(Crop crop, String noun) {
        double best = 0;
        for (TruthChange t : truth) {
            String label = crop.side() == Side.A ? t.labelA() : t.labelB();
            if (label != null && label.equalsIgnoreCase(noun)) {
                best = Math.max(best, crop.box().iou(t.box()));
            }
        }
        return best;
    }
}
