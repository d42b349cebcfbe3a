package io.imgdiff.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps a text to an L2-normalised embedding in the same space as an {@link ImageEmbedder} of the same model (CLIP),
 * so image-text and text-text cosines are dot products.
 */
public interface TextEmbedder {

    float[] embed(String text);

    /** Embeds several texts; backends that batch override this. */
    default List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            out.add(embed(text));
        }
        return out;
    }
}
