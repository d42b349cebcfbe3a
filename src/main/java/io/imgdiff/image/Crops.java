package io.imgdiff.image;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

/** Cutting regions out of {@link RgbImage}s. */
public final class Crops {

    private Crops() {
    }

    /** A copy of the pixels of {@code image} inside {@code box}; the box must lie inside the image and not be empty. */
    public static RgbImage crop(RgbImage image, Box box) {
        if (box.x1() < 0 || box.y1() < 0 || box.x2() > image.width() || box.y2() > image.height() || box.area() == 0) {
            throw new IllegalArgumentException("box " + box + " does not fit a " + image.width() + "x" + image.height()
                    + " image; expected a non-empty box inside it");
        }
        int w = box.width();
        byte[] out = new byte[w * box.height() * 3];
        for (int y = 0; y < box.height(); y++) {
            System.arraycopy(image.rgb(), ((box.y1() + y) * image.width() + box.x1()) * 3, out, y * w * 3, w * 3);
        }
        return new RgbImage(w, box.height(), out);
    }
}
