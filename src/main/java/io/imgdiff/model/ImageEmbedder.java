package io.imgdiff.model;

import io.imgdiff.item.RgbImage;

import java.util.ArrayList;
import java.util.List;

/** Maps an image to an L2-normalised embedding; cosine similarity of two embeddings is their dot product. */
public interface ImageEmbedder {

    float[] embed(RgbImage image);

    /** Embeds several images; backends that batch override this. */
    default List<float[]> embedAll(List<RgbImage> images) {
        List<float[]> out = new ArrayList<>(images.size());
        for (RgbImage image : images) {
            out.add(embed(image));
        }
        return out;
    }

    /** Dot product of two L2-normalised embeddings of equal length. */
    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("embedding lengths differ: " + a.length + " vs " + b.length);
        }
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot;
    }
}
