package io.imgdiff.model;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

/**
 * Scores how well an image crop shows a noun (the paper: BLIP image-text cosine; keep above 0.35). A model-backed
 * matcher reads the crop's pixels; a matcher built from known truth (the procedural renderer's boxes) reads only
 * where the crop was taken. Implementations name themselves for the stage's output.
 */
public interface ImageTextMatcher {

    /** Which image of the pair a crop was cut from. */
    enum Side { A, B }

    /** A crop of one image of the pair: its pixels and where it was cut. */
    record Crop(Side side, Box box, RgbImage pixels) {
    }

    /** For logs and the stage output, e.g. {@code truth}, {@code blip}. */
    String name();

    /** Similarity of {@code crop} and {@code noun}; higher is a better match (scale of the backend, about 0–1). */
    double score(Crop crop, String noun);

    /**
     * How well a free text, such as a region caption, describes {@code crop} (the paper's caption check: keep at
     * 0.4 or above). By default the text is scored as {@link #score} scores a noun; a model-backed matcher embeds the
     * text as it is, without its noun prompt.
     */
    default double scoreText(Crop crop, String text) {
        return score(crop, text);
    }
}
