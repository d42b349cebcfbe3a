package io.imgdiff.item;

/**
 * An 8-bit RGB image on the heap: {@code rgb} holds {@code width*height*3} bytes, row-major, R then G then B.
 * Heap-owned on purpose: it crosses threads and stages freely, and native buffers stay inside the op that made them.
 */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (rgb.length != (long) width * height * 3) {
            throw new IllegalArgumentException("rgb length " + rgb.length + " does not match " + width + "x" + height
                    + "x3 = " + (long) width * height * 3);
        }
    }

    public static RgbImage blank(int width, int height) {
        return new RgbImage(width, height, new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)]);
    }

    public long pixels() {
        return (long) width * height;
    }

    /** Channel {@code c} (0=R,1=G,2=B) of pixel (x, y), 0–255. */
    public int get(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xFF;
    }
}
