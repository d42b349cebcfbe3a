package io.imgdiff.export;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

/**
 * The image the paper's difference captions are asked about: image A, a 20 px black bar, image B, with the region
 * drawn as a red box (grown by 5 px, 3 px line) on both sides. Pure pixel writes, no AWT, so it runs headless.
 */
public final class SideBySide {

    /** Width of the black bar between the two images. */
    public static final int BAR_PX = 20;
    /** How far the drawn box lies outside the region. */
    public static final int GROW_PX = 5;
    /** Line width of the drawn box. */
    public static final int LINE_PX = 3;

    private SideBySide() {
    }

    /** A and B (same size) side by side with {@code box} outlined in red on both. */
    public static RgbImage render(RgbImage a, RgbImage b, Box box) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("pair sizes differ: " + a.width() + "x" + a.height() + " vs "
                    + b.width() + "x" + b.height());
        }
        int w = a.width();
        int h = a.height();
        int outW = 2 * w + BAR_PX;
        byte[] out = new byte[outW * h * 3]; // zero = black, which is the bar
        for (int y = 0; y < h; y++) {
            System.arraycopy(a.rgb(), y * w * 3, out, y * outW * 3, w * 3);
            System.arraycopy(b.rgb(), y * w * 3, out, (y * outW + w + BAR_PX) * 3, w * 3);
        }
        Box g = box.grow(GROW_PX, w, h);
        outline(out, outW, h, g, 0);
        outline(out, outW, h, g, w + BAR_PX);
        return new RgbImage(outW, h, out);
    }

    private static void outline(byte[] px, int stride, int h, Box b, int dx) {
        for (int t = 0; t < LINE_PX; t++) {
            for (int x = b.x1(); x < b.x2(); x++) {
                red(px, stride, h, x + dx, b.y1() + t);
                red(px, stride, h, x + dx, b.y2() - 1 - t);
            }
            for (int y = b.y1(); y < b.y2(); y++) {
                red(px, stride, h, b.x1() + t + dx, y);
                red(px, stride, h, b.x2() - 1 - t + dx, y);
            }
        }
    }

    private static void red(byte[] px, int stride, int h, int x, int y) {
        if (y < 0 || y >= h) {
            return;
        }
        int o = (y * stride + x) * 3;
        px[o] = (byte) 255;
        px[o + 1] = 0;
        px[o + 2] = 0;
    }
}
