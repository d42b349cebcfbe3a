package io.imgdiff.item;

/**
 * An axis-aligned box in pixels; {@code x2}/{@code y2} are exclusive, so width is {@code x2 - x1}.
 * An empty box (zero width or height) has area 0 and IoU 0 with everything.
 */
public record Box(int x1, int y1, int x2, int y2) {

    public Box {
        if (x2 < x1 || y2 < y1) {
            throw new IllegalArgumentException("box corners out of order: got (" + x1 + "," + y1 + ")-(" + x2 + "," + y2
                    + "), expected x1 <= x2 and y1 <= y2");
        }
    }

    public int width() {
        return x2 - x1;
    }

    public int height() {
        return y2 - y1;
    }

    public long area() {
        return (long) width() * height();
    }

    /** Intersection over union; 0 when either box is empty or they do not overlap (touching edges included). */
    public double iou(Box o) {
        long iw = Math.max(0, Math.min(x2, o.x2) - Math.max(x1, o.x1));
        long ih = Math.max(0, Math.min(y2, o.y2) - Math.max(y1, o.y1));
        long inter = iw * ih;
        long union = area() + o.area() - inter;
        return union == 0 ? 0.0 : (double) inter / union;
    }

    /** This box grown by {@code px} on every side and clipped to a {@code width}×{@code height} image. */
    public Box grow(int px, int width, int height) {
        return new Box(Math.max(0, x1 - px), Math.max(0, y1 - px), Math.min(width, x2 + px), Math.min(height, y2 + px));
    }


    /** The bounding box of this box and {@code o}. */
    public Box union(Box o) {
        return new Box(Math.min(x1, o.x1), Math.min(y1, o.y1), Math.max(x2, o.x2), Math.max(y2, o.y2));
    }
}
