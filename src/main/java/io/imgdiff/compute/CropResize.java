package io.imgdiff.compute;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

import java.util.List;

/**
 * Crops boxes out of RGB images and resizes each crop bilinearly to {@code size}×{@code size}, normalised with
 * CLIP's mean and std, as the planar float tensor an image embedder takes ({@code N×3×size×size}).
 * Twins: {@code CropResizeCpu}, {@code CropResizeCuda}; oracle {@code CropResizeReference}.
 * <p>Sampling (every twin): for output column {@code dx} of a crop {@code w} pixels wide,
 * {@code sx = (dx + 0.5f) * (w / (float) size) - 0.5f} (half-pixel centres, like OpenCV INTER_LINEAR), clamped to
 * {@code [0, w-1]}; {@code x0 = floor(sx)}, {@code x1 = min(x0 + 1, w - 1)}, {@code fx = sx - x0}; rows alike.
 * {@code v = ((1-fy)((1-fx)p00 + fx p01) + fy((1-fx)p10 + fx p11)) / 255}, {@code out = (v - mean[c]) / std[c]},
 * all in float32. Allowed difference between twins: {@value #TOLERANCE} absolute per element.
 */
public interface CropResize {

    /** CLIP's per-channel mean (R, G, B) on 0–1 values. */
    float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};

    /** CLIP's per-channel standard deviation (R, G, B) on 0–1 values. */
    float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    /** CLIP's input side. */
    int CLIP_SIZE = 224;

    /** Largest absolute difference allowed between twins, per element. */
    double TOLERANCE = 1e-5;

    /**
     * Crop {@code i} is {@code boxes.get(i)} of {@code images.get(i)} (an image may repeat); the result holds crop
     * {@code i} at {@code [i*3*size*size, (i+1)*3*size*size)}, channel planes R, G, B, rows top to bottom.
     */
    float[] apply(List<RgbImage> images, List<Box> boxes, int size);

    /** Argument checks shared by every twin, so all fail alike. */
    static void check(List<RgbImage> images, List<Box> boxes, int size) {
        if (images.size() != boxes.size()) {
            throw new IllegalArgumentException("got " + images.size() + " images but " + boxes.size()
                    + " boxes; expected one box per image");
        }
        if (size < 1 || size > 4096) {
            throw new IllegalArgumentException("crop size " + size + " out of range, expected 1-4096");
        }
        if ((long) images.size() * 3 * size * size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(images.size() + " crops of " + size + "x" + size
                    + " exceed one Java array; expected at most " + (Integer.MAX_VALUE - 8) / (3L * size * size));
        }
        for (int i = 0; i < boxes.size(); i++) {
            Box b = boxes.get(i);
            RgbImage im = images.get(i);
            if (b.width() == 0 || b.height() == 0 || b.x1() < 0 || b.y1() < 0 || b.x2() > im.width()
                    || b.y2() > im.height()) {
                throw new IllegalArgumentException("crop " + i + ": box " + b + " is empty or outside its "
                        + im.width() + "x" + im.height() + " image; expected a non-empty box inside it");
            }
        }
    }
}
