package io.imgdiff.model.inpaint;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

/**
 * Takes one object out of an image (the removal variant's {@code removal.backend}): fills {@code box}, grown by
 * {@code maskGrowPx}, with what would be behind the object. Backends are CDI beans qualified with
 * {@code @Identifier(name)}; the built-in {@code procedural} removal is the renderer's own and needs no bean.
 */
public interface Inpainter {

    /** Image {@code image} without the {@code noun} in {@code box}, of the same size. Same inputs, same pixels. */
    RgbImage inpaint(RgbImage image, Box box, String noun, int maskGrowPx, long seed);
}
