package io.imgdiff.compute.reference;

import io.imgdiff.compute.CropResize;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

import java.util.List;

/**
 * Slow, obvious oracle of {@link CropResize}: the documented sampling rule written per output element, source
 * positions in float32 as specified and the blend in double, with the pixel lookup through {@link RgbImage#get}. Twins must match it within the tolerance.
 */
public final class CropResizeReference implements CropResize {

    @Override
    public float[] apply(List<RgbImage> images, List<Box> boxes, int size) {
        CropResize.check(images, boxes, size);
        float[] out = new float[images.size() * 3 * size * size];
        int at = 0;
        for (int i = 0; i < boxes.size(); i++) {
            for (int c = 0; c < 3; c++) {
                for (int dy = 0; dy < size; dy++) {
                    for (int dx = 0; dx < size; dx++) {
                        out[at++] = (float) ((sample(images.get(i), boxes.get(i), size, dx, dy, c) / 255.0
                                - CLIP_MEAN[c]) / CLIP_STD[c]);
                    }
                }
            }
        }
        return out;
    }

    private static double sample(RgbImage im, Box b, int size, int dx, int dy, int c) {
        // Source positions are part of the spec and defined in float32 (a double position would differ by up to
        // a float ulp of the coordinate, ~3e-5 px at 300 px, visible above the tolerance); the blend is in double.
        double sx = Math.min(Math.max((dx + 0.5f) * ((float) b.width() / (float) size) - 0.5f, 0f), b.width() - 1);
        double sy = Math.min(Math.max((dy + 0.5f) * ((float) b.height() / (float) size) - 0.5f, 0f), b.height() - 1);
        int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
        int x1 = Math.min(x0 + 1, b.width() - 1), y1 = Math.min(y0 + 1, b.height() - 1);
        double fx = sx - x0, fy = sy - y0;
        double p00 = im.get(b.x1() + x0, b.y1() + y0, c), p01 = im.get(b.x1() + x1, b.y1() + y0, c);
        double p10 = im.get(b.x1() + x0, b.y1() + y1, c), p11 = im.get(b.x1() + x1, b.y1() + y1, c);
        return (1 - fy) * ((1 - fx) * p00 + fx * p01) + fy * ((1 - fx) * p10 + fx * p11);
    }
}
