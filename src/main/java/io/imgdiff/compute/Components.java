package io.imgdiff.compute;

import io.imgdiff.item.Box;

import java.util.List;

/**
 * Connected-component labelling of a mask (8-connectivity, non-zero = foreground) with per-component stats.
 * Twins: {@code ComponentsCpu} (OpenCV), {@code ComponentsCuda}. Components are returned sorted by
 * ({@code box.y1}, {@code box.x1}, {@code box.y2}, {@code box.x2}, {@code pixels}) so every twin returns the same list.
 */
public interface Components {

    /** One component: its bounding box, pixel count and the sum of the difference image over its pixels. */
    record Component(Box box, long pixels, long diffSum) {
    }

    /** Components of {@code mask} ({@code width*height} bytes); {@code diff} (same size) feeds {@code diffSum}. */
    List<Component> label(byte[] mask, byte[] diff, int width, int height);

    static void check(byte[] mask, byte[] diff, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("mask size must be positive, got " + width + "x" + height);
        }
        long n = (long) width * height;
        if (mask.length != n || diff.length != n) {
            throw new IllegalArgumentException("mask/diff lengths " + mask.length + "/" + diff.length
                    + " do not match " + width + "x" + height + " = " + n);
        }
    }

    java.util.Comparator<Component> ORDER = java.util.Comparator
            .comparingInt((Component c) -> c.box().y1()).thenComparingInt(c -> c.box().x1())
            .thenComparingInt(c -> c.box().y2()).thenComparingInt(c -> c.box().x2())
            .thenComparingLong(Component::pixels);
}
