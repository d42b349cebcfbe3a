package io.imgdiff.stage.export;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

/**
 * The picture a difference question is asked about, as in the paper: A, a black bar, then B, with the region
 * marked by a red frame on both sides (the box grown by {@value #GROW_PX} px, a {@value #LINE_PX} px line).
 */
public final class SideBySide {

    /** Width of the black bar between the two images. */
    public static final int BAR_PX = 20;
    /** How far the frame sits outside the box, so it does not hide the region's edge. */
    public static final int GROW_PX = 5;
    /** Thickness of the frame, drawn inward from the grown box's edge. */
    public static final int LINE_PX = 3;

    private SideBySide() {
    }

    /**
     * A | bar | B with the frame drawn around {@code box} on both halves ({@code box} null: no frame, as a removal's
     * which-image question shows the pair); A and B must have the same size.
     */
    public static RgbImage compose(RgbImage a, RgbImage b, Box box) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("pair sizes differ: A is " + a.width() + "x" + a.height() + ", B is "
                    + b.width() + "x" + b.height() + "; expected equal sizes");
        }
        int w = a.width();
        int h = a.height();
        RgbImage out = RgbImage.blank(2 * w + BAR_PX, h);
        for (int y = 0; y < h; y++) {
            System.arraycopy(a.rgb(), y * w * 3, out.rgb(), y * out.width() * 3, w * 3);
            System.arraycopy(b.rgb(), y * w * 3, out.rgb(), (y * out.width() + w + BAR_PX) * 3, w * 3);
        }
        if (box != null) {
            Box frame = box.grow(GROW_PX, w, h);
            drawFrame(out, frame, 0);
            drawFrame(out, frame, w + BAR_PX);
        }
        return out;
    }

    private static void drawFrame(RgbImage img, Box f, int dx) {
        for (int y = f.y1(); y < f.y2(); y++) {
            boolean rowEdge = y < f.y1() + LINE_PX || y >= f.y2() - LINE_PX;
            for (int x = f.x1(); x < f.x2(); x++) {
                if (rowEdge || x < f.x1() + LINE_PX || x >= f.x2() - LINE_PX) {
                    int o = (y * img.width() + x + dx) * 3;
                    img.rgb()[o] = (byte) 255;
                    img.rgb()[o + 1] = 0;
                    img.rgb()[o + 2] = 0;
                }
            }
        }
    }
}
