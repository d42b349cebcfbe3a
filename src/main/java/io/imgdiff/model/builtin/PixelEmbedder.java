package io.imgdiff.model.builtin;

import io.imgdiff.item.RgbImage;
import io.imgdiff.model.ImageEmbedder;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

/**
 * Built-in, non-semantic image embedder: a {@value #DEFAULT_SIDE}×{@value #DEFAULT_SIDE} colour thumbnail by
 * exact area averaging, mean-centred per channel and L2-normalised. Cosine then behaves like a correlation of
 * the coarse layouts: pixel noise averages away (identical scenes stay above 0.98), one replaced object of a few
 * percent of the area moves it into 0.90–0.98, and unrelated scenes fall far below. The side was chosen on
 * procedural pairs (see {@code PixelEmbedderTest}); a finer thumbnail would punish shifts, a coarser one would
 * hide small objects.
 */
@ApplicationScoped
@Default
@Identifier("pixel")
public class PixelEmbedder implements ImageEmbedder {

    /** Thumbnail side used by the bean. */
    public static final int DEFAULT_SIDE = 16;

    private final int side;

    public PixelEmbedder() {
        this(DEFAULT_SIDE);
    }

    /** An embedder with a {@code side}×{@code side} thumbnail ({@code 3·side²} dimensions). */
    public PixelEmbedder(int side) {
        if (side < 1 || side > 256) {
            throw new IllegalArgumentException("thumbnail side is " + side + ", expected 1..256");
        }
        this.side = side;
    }

    /**
     * The embedding of {@code image}. A perfectly flat image has no layout to centre; it gets the constant unit
     * vector, so two flat images match (cosine 1) and a flat image is orthogonal to any textured one.
     */
    @Override
    public float[] embed(RgbImage image) {
        double[] v = thumbnail(image);
        int n = side * side;
        for (int c = 0; c < 3; c++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += v[i * 3 + c];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                v[i * 3 + c] -= mean;
            }
        }
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        float[] out = new float[v.length];
        norm = Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) {
            out[i] = norm < 1e-9 ? (float) (1 / Math.sqrt(v.length)) : (float) (v[i] / norm);
        }
        return out;
    }

    /** Area-average thumbnail; cells of an image smaller than the thumbnail repeat the nearest pixel. */
    private double[] thumbnail(RgbImage image) {
        int w = image.width();
        int h = image.height();
        double[] v = new double[side * side * 3];
        byte[] px = image.rgb();
        for (int ty = 0; ty < side; ty++) {
            int y0 = (int) ((long) ty * h / side);
            int y1 = Math.max(y0 + 1, (int) ((long) (ty + 1) * h / side));
            for (int tx = 0; tx < side; tx++) {
                int x0 = (int) ((long) tx * w / side);
                int x1 = Math.max(x0 + 1, (int) ((long) (tx + 1) * w / side));
                long r = 0, g = 0, b = 0;
                for (int y = y0; y < y1; y++) {
                    for (int o = (y * w + x0) * 3, end = (y * w + x1) * 3; o < end; o += 3) {
                        r += px[o] & 0xFF;
                        g += px[o + 1] & 0xFF;
                        b += px[o + 2] & 0xFF;
                    }
                }
                double cells = (double) (y1 - y0) * (x1 - x0);
                int k = (ty * side + tx) * 3;
                v[k] = r / cells;
                v[k + 1] = g / cells;
                v[k + 2] = b / cells;
            }
        }
        return v;
    }
}
