package io.imgdiff.eval;

import io.imgdiff.item.Box;

import java.util.SplittableRandom;

/**
 * An object patch for the hard evaluation set: a superellipse with a wobbly outline and a feathered alpha edge,
 * filled with a texture of its own (as if cut from a textured source). Its true box is the extent of alpha ≥ 0.5.
 */
final class Blob {

    final double cx;
    final double cy;
    final double ax;
    final double ay;
    private final double n;
    private final double[] harm; // amplitude, phase pairs of outline harmonics 2..4
    private final double feather;
    final int x0;
    final int y0;
    final int pw;
    final int ph;
    final float[][] tex; // planar RGB over the patch rectangle

    Blob(SplittableRandom r, double cx, double cy, double ax, double ay, double scale) {
        this.cx = cx;
        this.cy = cy;
        this.ax = ax;
        this.ay = ay;
        this.n = r.nextDouble(1.6, 4.0);
        this.harm = new double[6];
        for (int k = 0; k < 3; k++) {
            harm[2 * k] = r.nextDouble(0, 0.08);
            harm[2 * k + 1] = r.nextDouble(0, 2 * Math.PI);
        }
        this.feather = r.nextDouble(1.5, 4.0) * scale;
        int m = (int) Math.ceil(feather) + 2;
        this.x0 = (int) Math.floor(cx - ax * 1.25) - m;
        this.y0 = (int) Math.floor(cy - ay * 1.25) - m;
        this.pw = (int) Math.ceil(cx + ax * 1.25) + m - x0;
        this.ph = (int) Math.ceil(cy + ay * 1.25) + m - y0;
        this.tex = Textures.texture(r, pw, ph, scale * r.nextDouble(0.3, 0.8), Textures.palette(r));
    }

    /** A copy with the same outline and its own copy of the texture. */
    Blob(Blob o) {
        this.cx = o.cx;
        this.cy = o.cy;
        this.ax = o.ax;
        this.ay = o.ay;
        this.n = o.n;
        this.harm = o.harm.clone();
        this.feather = o.feather;
        this.x0 = o.x0;
        this.y0 = o.y0;
        this.pw = o.pw;
        this.ph = o.ph;
        this.tex = new float[3][];
        for (int c = 0; c < 3; c++) {
            tex[c] = o.tex[c].clone();
        }
    }

    /** Opacity 0–1 at image pixel (x, y). */
    double alpha(int x, int y) {
        double dx = x + 0.5 - cx;
        double dy = y + 0.5 - cy;
        double theta = Math.atan2(dy, dx);
        double wobble = 1;
        for (int k = 0; k < 3; k++) {
            wobble += harm[2 * k] * Math.sin((k + 2) * theta + harm[2 * k + 1]);
        }
        double rho = Math.pow(Math.pow(Math.abs(dx / ax), n) + Math.pow(Math.abs(dy / ay), n), 1 / n) / wobble;
        return Math.max(0, Math.min(1, (1 - rho) * Math.min(ax, ay) / feather + 0.5));
    }

    /** Blends this blob into {@code img} (planar, {@code w}×{@code h}) at {@code opacity}. */
    void draw(float[][] img, int w, int h, double opacity) {
        for (int y = Math.max(0, y0); y < Math.min(h, y0 + ph); y++) {
            for (int x = Math.max(0, x0); x < Math.min(w, x0 + pw); x++) {
                double a = alpha(x, y) * opacity;
                if (a <= 0) {
                    continue;
                }
                int i = y * w + x;
                int t = (y - y0) * pw + (x - x0);
                for (int c = 0; c < 3; c++) {
                    img[c][i] = (float) (img[c][i] * (1 - a) + tex[c][t] * a);
                }
            }
        }
    }

    /** Bounding box of alpha ≥ 0.5 inside a {@code w}×{@code h} image, or null when none of it is inside. */
    Box truthBox(int w, int h) {
        int x1 = Integer.MAX_VALUE, y1 = Integer.MAX_VALUE, x2 = -1, y2 = -1;
        for (int y = Math.max(0, y0); y < Math.min(h, y0 + ph); y++) {
            for (int x = Math.max(0, x0); x < Math.min(w, x0 + pw); x++) {
                if (alpha(x, y) >= 0.5) {
                    x1 = Math.min(x1, x);
                    y1 = Math.min(y1, y);
                    x2 = Math.max(x2, x + 1);
                    y2 = Math.max(y2, y + 1);
                }
            }
        }
        return x2 < 0 ? null : new Box(x1, y1, x2, y2);
    }

    /** Alpha-weighted mean colour of the texture. */
    double[] meanColour() {
        double[] s = new double[3];
        double total = 0;
        for (int y = 0; y < ph; y++) {
            for (int x = 0; x < pw; x++) {
                double a = alpha(x + x0, y + y0);
                total += a;
                for (int c = 0; c < 3; c++) {
                    s[c] += a * tex[c][y * pw + x];
                }
            }
        }
        for (int c = 0; c < 3; c++) {
            s[c] /= Math.max(total, 1e-9);
        }
        return s;
    }

    /** Shifts the texture so its mean colour equals {@code target} (a colour-matched replacement). */
    void matchMean(double[] target) {
        double[] m = meanColour();
        for (int c = 0; c < 3; c++) {
            float d = (float) (target[c] - m[c]);
            for (int i = 0; i < tex[c].length; i++) {
                tex[c][i] += d;
            }
        }
    }

    /** Mixes {@code fraction} of {@code other}'s texture into this one, pixel by pixel (a low-contrast change). */
    void mixFrom(Blob other, double fraction) {
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < ph; y++) {
                for (int x = 0; x < pw; x++) {
                    int ox = Math.min(other.pw - 1, x);
                    int oy = Math.min(other.ph - 1, y);
                    float v = other.tex[c][oy * other.pw + ox];
                    tex[c][y * pw + x] += (float) (fraction * (v - tex[c][y * pw + x]));
                }
            }
        }
    }
}
