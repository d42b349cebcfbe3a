package io.imgdiff.eval;

import java.util.SplittableRandom;

/**
 * Procedural textures for the hard evaluation set: multi-octave value noise (fine grain down to a few pixels, which
 * is what sub-pixel misalignment and JPEG disturb) mixed with an oriented grating, coloured by a random palette.
 * Values are floats in levels (0–255), planar per channel, so patches can be blended before quantising.
 */
final class Textures {

    private Textures() {
    }

    /** A {@code w}×{@code h} RGB texture as three planes; {@code scale} multiplies every feature size. */
    static float[][] texture(SplittableRandom r, int w, int h, double scale, float[][] palette) {
        float[] f1 = fbm(r, w, h, Math.max(4, (int) (r.nextInt(24, 96) * scale)), 5);
        float[] f2 = grating(r, w, h, r.nextDouble(3, 14) * scale);
        float[] fine = fbm(r, w, h, Math.max(2, (int) (3 * scale)), 1);
        double gw = r.nextDouble(0, 0.35);
        double fw = r.nextDouble(0.05, 0.3);
        float[][] out = new float[3][w * h];
        for (int i = 0; i < w * h; i++) {
            double t = f1[i];
            double g = (f2[i] - 0.5) * gw + (fine[i] - 0.5) * fw;
            for (int c = 0; c < 3; c++) {
                double base = t < 0.5 ? lerp(palette[0][c], palette[1][c], t * 2)
                        : lerp(palette[1][c], palette[2][c], (t - 0.5) * 2);
                out[c][i] = (float) (base + g * (palette[2][c] - palette[0][c] + 60));
            }
        }
        return out;
    }

    /**
     * Real scenes are not textured everywhere: turns {@code img} (planar, in place) into smooth zones (sky, walls:
     * the texture blurred away, ~20-40 % of the image) and strongly textured ones (foliage, fur, grain: a fine
     * 2-8 px·scale grain of ±25-60 levels added, ~20-40 %), with soft borders, the rest as it was.
     */
    static void zones(SplittableRandom r, float[][] img, int w, int h, double scale) {
        float[] zone = RegenDrift.smoothField(r, w, h, 90 * scale, 1);
        double smoothCut = r.nextDouble(0.25, 0.85);
        double grainCut = -r.nextDouble(0.25, 0.85);
        float[] grain = fbm(r, w, h, Math.max(2, (int) (r.nextInt(2, 9) * scale)), 2);
        double amp = r.nextDouble(25, 60);
        for (int c = 0; c < 3; c++) {
            float[] soft = RegenDrift.gauss(img[c], w, h, 6 * scale);
            for (int i = 0; i < w * h; i++) {
                double ms = Math.max(0, Math.min(1, (zone[i] - smoothCut) * 3));
                double mg = Math.max(0, Math.min(1, (grainCut - zone[i]) * 3));
                img[c][i] = (float) (ms * soft[i] + (1 - ms) * img[c][i] + mg * amp * 2 * (grain[i] - 0.5));
            }
        }
    }

    /** Three random colours, in levels. */
    static float[][] palette(SplittableRandom r) {
        float[][] p = new float[3][3];
        for (int k = 0; k < 3; k++) {
            for (int c = 0; c < 3; c++) {
                p[k][c] = (float) r.nextDouble(20, 235);
            }
        }
        return p;
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    /** Fractal value noise in 0–1: {@code octaves} layers, cell size halving and weight halving per layer. */
    static float[] fbm(SplittableRandom r, int w, int h, int cell, int octaves) {
        float[] out = new float[w * h];
        double weight = 1;
        double total = 0;
        for (int o = 0; o < octaves && cell >= 2; o++, cell /= 2, weight /= 2) {
            float[] layer = valueNoise(r, w, h, cell);
            for (int i = 0; i < out.length; i++) {
                out[i] += (float) (weight * layer[i]);
            }
            total += weight;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= (float) total;
        }
        return out;
    }

    /** Random values on a grid of {@code cell} pixels, smoothly interpolated. */
    static float[] valueNoise(SplittableRandom r, int w, int h, int cell) {
        int gw = w / cell + 2;
        int gh = h / cell + 2;
        float[] grid = new float[gw * gh];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = (float) r.nextDouble();
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            int gy = y / cell;
            double ty = smooth((y % cell) / (double) cell);
            for (int x = 0; x < w; x++) {
                int gx = x / cell;
                double tx = smooth((x % cell) / (double) cell);
                double top = lerp(grid[gy * gw + gx], grid[gy * gw + gx + 1], tx);
                double bot = lerp(grid[(gy + 1) * gw + gx], grid[(gy + 1) * gw + gx + 1], tx);
                out[y * w + x] = (float) lerp(top, bot, ty);
            }
        }
        return out;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    /** A sinusoidal grating in 0–1 with the given period (pixels) and a random orientation. */
    static float[] grating(SplittableRandom r, int w, int h, double period) {
        double angle = r.nextDouble(0, Math.PI);
        double kx = Math.cos(angle) * 2 * Math.PI / period;
        double ky = Math.sin(angle) * 2 * Math.PI / period;
        double phase = r.nextDouble(0, 2 * Math.PI);
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (float) (0.5 + 0.5 * Math.sin(kx * x + ky * y + phase));
            }
        }
        return out;
    }
}
