package io.imgdiff.stage.generate;

import io.imgdiff.config.StagesConfig;
import io.imgdiff.image.Crops;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.Box;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.RemovalOutput;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.ImageTextMatcher;
import io.imgdiff.model.ImageTextMatcher.Crop;
import io.imgdiff.model.ImageTextMatcher.Side;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The object-removal variant's decisions inside {@code generate}: whether an item is a removal, which object goes,
 * and the paper's check that it went — the object's crop (its box grown by {@code removal.crop-margin}) matches the
 * noun in A ({@code >= before-min-score}) and no longer in B ({@code < after-max-score}).
 */
final class Removal {

    /** Drop reason: image A's crop does not show the noun, so there is nothing to ask about. */
    static final String NOT_VISIBLE = "removal-not-visible";
    /** Drop reason: image B's crop still shows the noun; the inpainter did not remove it. */
    static final String STILL_VISIBLE = "removal-still-visible";
    static final String PROCEDURAL = "procedural";
    static final String TRUTH = "truth";
    static final String NONE = "none";
    /** Mixed into the item seed, so the mix's coin is not correlated with the renderer's first draw. */
    private static final long COIN = 0x5DEECE66DL;

    /** A check's verdict: what ran, its two scores (null when skipped), and the drop reason (null: kept). */
    record Verdict(String check, Double before, Double after, String drop) {
    }

    private Removal() {
    }

    /** Whether the item of {@code seed} is a removal under the run's {@code variant}. */
    static boolean chosen(StagesConfig s, long seed) {
        String v = s.variant().trim();
        switch (v) {
            case "replacement":
                return false;
            case "removal":
                return true;
            case "mix":
                double f = s.removal().fraction();
                if (!(f >= 0 && f <= 1)) {
                    throw new BadInputException("removal.fraction is " + f + ", expected 0..1");
                }
                return new SplittableRandom(seed ^ COIN).nextDouble() < f;
            default:
                throw new BadInputException("variant is '" + v + "', expected replacement, removal or mix");
        }
    }

    /** The captions the renderer draws for a removal: A's first changed noun present in A, absent from B. */
    static EditOutput edit(EditOutput captions, String itemId) {
        if (captions.changedA() == null || captions.changedA().isEmpty()) {
            throw new BadInputException("item " + itemId + " is a removal but caption A '" + captions.captionA()
                    + "' has no changed noun to remove; expected an edit naming an object of caption A");
        }
        return new EditOutput(captions.captionA(), captions.captionA(), List.of(captions.changedA().get(0)),
                List.of());
    }

    /** The paper's check with the matcher named in {@code removal.matcher}. */
    static Verdict check(StagesConfig.Removal s, Function<String, ImageTextMatcher> matchers, RgbImage a,
                         RgbImage b, Box box, String noun) {
        if (!(s.cropMargin() >= 0 && s.cropMargin() <= 2)) {
            throw new BadInputException("removal.crop-margin is " + s.cropMargin() + ", expected 0..2");
        }
        String name = s.matcher().trim();
        if (name.equals(NONE)) {
            return new Verdict("skipped: removal.matcher=none", null, null, null);
        }
        if (name.equals(TRUTH)) {
            // the renderer knows it left the object out; an inpainter's pixels are beyond what truth can see
            return s.backend().trim().equals(PROCEDURAL) ? new Verdict(TRUTH, 1.0, 0.0, null)
                    : new Verdict("skipped: removal.matcher=truth cannot see an inpainter's pixels", null, null, null);
        }
        ImageTextMatcher m = matchers.apply(name);
        int grow = (int) Math.round(s.cropMargin() * Math.max(box.width(), box.height()));
        Box crop = box.grow(grow, a.width(), a.height());
        double before = m.score(new Crop(Side.A, crop, Crops.crop(a, crop)), noun);
        double after = m.score(new Crop(Side.B, crop, Crops.crop(b, crop)), noun);
        String drop = !(before >= s.beforeMinScore()) ? NOT_VISIBLE : !(after < s.afterMaxScore()) ? STILL_VISIBLE
                : null;
        return new Verdict(m.name(), before, after, drop);
    }

    static RemovalOutput output(String noun, Box box, String backend, Verdict v) {
        return new RemovalOutput(noun, box, backend, v.check(), v.before(), v.after());
    }
}
