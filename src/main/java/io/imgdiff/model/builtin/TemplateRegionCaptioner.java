package io.imgdiff.model.builtin;

import io.imgdiff.item.Box;
import io.imgdiff.model.RegionCaptioner;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

/**
 * Built-in region captioner: sentences from templates, the region's labels, the colour name of each crop's mean
 * colour and the box's place in the image ("a red cat in the upper left"). Without labels it can only say "a red
 * object", so two regions of the same colour get the same caption and the caption stage drops them.
 */
@ApplicationScoped
@Default
@Identifier("template")
public class TemplateRegionCaptioner implements RegionCaptioner {

    private static final String BACKGROUND = "only the background";

    @Override
    public Captions caption(Region region) {
        Box box = region.box();
        String where = position(box, region.a().width(), region.a().height());
        String inA = phrase(region.labelA(), ColourNames.name(ColourNames.mean(region.a(), box)),
                region.labelB() != null && region.labelA() == null);
        String inB = phrase(region.labelB(), ColourNames.name(ColourNames.mean(region.b(), box)), region.removed());
        String difference;
        if (region.removed()) {
            difference = "In the left image the red box shows " + inA + ", which is missing from the right image,"
                    + " where the red box shows " + BACKGROUND + ".";
        } else {
            difference = "In the left image the red box shows " + inA + ", while in the right image it shows "
                    + inB + ".";
        }
        return new Captions(inA + " " + where, inB + " " + where, difference);
    }

    /** "a red cat", "an orange object", or the background when the side has no object. */
    static String phrase(String label, String colour, boolean empty) {
        if (empty) {
            return BACKGROUND;
        }
        String words = colour + " " + (label == null ? "object" : label);
        return (LexiconCaptionEditor.startsWithVowelSound(words) ? "an " : "a ") + words;
    }

    /** Where the box's centre falls in a 3×3 grid of the image, as a phrase. */
    static String position(Box box, int width, int height) {
        int col = Math.min(2, (int) (3.0 * (box.x1() + box.x2()) / 2 / width));
        int row = Math.min(2, (int) (3.0 * (box.y1() + box.y2()) / 2 / height));
        String[][] names = {
                {"in the upper left", "at the top", "in the upper right"},
                {"on the left", "in the centre", "on the right"},
                {"in the lower left", "at the bottom", "in the lower right"}};
        return names[row][col];
    }
}
