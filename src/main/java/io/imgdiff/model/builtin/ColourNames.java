package io.imgdiff.model.builtin;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

import java.awt.Color;

/** Plain English names for average colours, as a person would describe a region at a glance. */
public final class ColourNames {

    private ColourNames() {
    }

    /** The mean colour of {@code box} in {@code image}, as {r, g, b} 0–255; the box must lie inside the image. */
    public static double[] mean(RgbImage image, Box box) {
        if (box.x2() > image.width() || box.y2() > image.height() || box.x1() < 0 || box.y1() < 0) {
            throw new IllegalArgumentException("box " + box + " is outside the " + image.width() + "x"
                    + image.height() + " image");
        }
        long r = 0, g = 0, b = 0;
        for (int y = box.y1(); y < box.y2(); y++) {
            for (int x = box.x1(); x < box.x2(); x++) {
                r += image.get(x, y, 0);
                g += image.get(x, y, 1);
                b += image.get(x, y, 2);
            }
        }
        double n = Math.max(1, box.area());
        return new double[] {r / n, g / n, b / n};
    }

    /** The name of an {r, g, b} (0–255) colour: greys by brightness, else by hue, dark oranges as brown. */
    public static String name(double[] rgb) {
        float[] hsb = Color.RGBtoHSB((int) Math.round(rgb[0]), (int) Math.round(rgb[1]), (int) Math.round(rgb[2]),
                null);
        float hue = hsb[0] * 360;
        float sat = hsb[1];
        float val = hsb[2];
        if (val < 0.18) {
            return "black";
        }
        if (sat < 0.18) {
            return val > 0.85 ? "white" : "grey";
        }
        if (hue < 15 || hue >= 345) {
            return val < 0.45 ? "brown" : "red";
        }
        if (hue < 42) {
            return val < 0.65 ? "brown" : "orange";
        }
        if (hue < 70) {
            return "yellow";
        }
        if (hue < 165) {
            return "green";
        }
        if (hue < 200) {
            return "teal";
        }
        if (hue < 255) {
            return "blue";
        }
        return hue < 290 ? "purple" : "pink";
    }
}
