package io.imgdiff.model;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

/**
 * Describes one difference region of a pair (the paper's Difference Captions Generator). Backends are CDI beans
 * qualified with {@code @Identifier(name)}, the name used in {@code imgdiff.stages.caption.backend}.
 */
public interface RegionCaptioner {

    /**
     * One region to describe: the full images, the box, and what the box is believed to show in each image
     * ({@code labelA}/{@code labelB} may be null when unknown; {@code removed} when B shows only background).
     */
    record Region(RgbImage a, RgbImage b, Box box, String labelA, String labelB, boolean removed) {
    }

    /** What the region shows in A, in B, and a sentence stating the difference. */
    record Captions(String captionA, String captionB, String difference) {
    }

    Captions caption(Region region);
}
