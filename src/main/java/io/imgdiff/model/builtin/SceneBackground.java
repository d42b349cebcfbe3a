package io.imgdiff.model.builtin;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Composite;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.SplittableRandom;

/**
 * Textured scene backgrounds for the procedural renderer: a linear, radial or horizon gradient, overlaid with
 * faint stripes and smooth value noise. Everything comes from the seeded random, so A and B share it exactly.
 */
final class SceneBackground {

    private static final int NOISE_CELLS = 12;

    private SceneBackground() {
    }

    /** Paints the whole of {@code img} (TYPE_INT_RGB) from {@code r}. */
    static void paint(BufferedImage img, SplittableRandom r) {
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            gradients(g, img.getWidth(), img.getHeight(), r);
            stripes(g, img.getWidth(), img.getHeight(), r);
        } finally {
            g.dispose();
        }
        valueNoise(img, r);
    }

    private static void gradients(Graphics2D g, int w, int h, SplittableRandom r) {
        float b1 = 0.3f + 0.65f * (float) r.nextDouble();
        Color c1 = randomColour(r, b1);
        Color c2 = randomColour(r, contrasting(b1, r));
        int kind = r.nextInt(3);
        switch (kind) {
            case 0 -> g.setPaint(new GradientPaint(0, 0, c1, (float) (w * r.nextDouble()), h, c2));
            case 1 -> g.setPaint(new RadialGradientPaint(new Point2D.Double(w * r.nextDouble(), h * r.nextDouble()),
                    Math.max(w, h) * 0.8f, new float[] {0f, 1f}, new Color[] {c1, c2},
                    MultipleGradientPaint.CycleMethod.NO_CYCLE));
            default -> g.setPaint(new GradientPaint(0, 0, c1, 0, h * 0.5f, c2));
        }
        g.fill(new Rectangle2D.Double(0, 0, w, h));
        if (kind == 2) {
            // a horizon: ground below a random line, as in many photos
            float horizon = (float) (h * (0.4 + 0.3 * r.nextDouble()));
            float b3 = 0.3f + 0.65f * (float) r.nextDouble();
            g.setPaint(new GradientPaint(0, horizon, randomColour(r, b3), 0, h, randomColour(r, contrasting(b3, r))));
            g.fill(new Rectangle2D.Double(0, horizon, w, h - horizon));
        }
    }

    private static void stripes(Graphics2D g, int w, int h, SplittableRandom r) {
        if (r.nextInt(2) == 0) {
            return;
        }
        Composite old = g.getComposite();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.08f + 0.1f * (float) r.nextDouble()));
        g.setColor(r.nextBoolean() ? Color.WHITE : Color.BLACK);
        double period = 16 + r.nextInt(48);
        double angle = r.nextDouble() * Math.PI;
        Graphics2D rg = (Graphics2D) g.create();
        rg.rotate(angle, w / 2.0, h / 2.0);
        double reach = Math.hypot(w, h);
        for (double x = -reach; x < reach; x += period) {
            rg.fill(new Rectangle2D.Double(w / 2.0 + x, h / 2.0 - reach, period / 2, 2 * reach));
        }
        rg.dispose();
        g.setComposite(old);
    }

    /**
     * Smooth blotches: a coarse random grid of brightness offsets, bilinearly interpolated and added straight to
     * the raster (Java2D's scaled translucent drawImage is many times slower).
     */
    private static void valueNoise(BufferedImage img, SplittableRandom r) {
        int w = img.getWidth();
        int h = img.getHeight();
        int amplitude = 12 + r.nextInt(28);
        int n = NOISE_CELLS + 1;
        int[] grid = new int[n * n];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = r.nextInt(2 * amplitude + 1) - amplitude;
        }
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        // column cells and weights are the same on every row: compute them once
        int[] col = new int[w];
        float[] colWeight = new float[w];
        for (int x = 0; x < w; x++) {
            float gx = (float) x * NOISE_CELLS / w;
            col[x] = (int) gx;
            colWeight[x] = gx - col[x];
        }
        float[] rowValues = new float[n];
        for (int y = 0; y < h; y++) {
            float gy = (float) y * NOISE_CELLS / h;
            int y0 = (int) gy;
            float fy = gy - y0;
            for (int k = 0; k < n; k++) {
                rowValues[k] = grid[y0 * n + k] + fy * (grid[(y0 + 1) * n + k] - grid[y0 * n + k]);
            }
            for (int x = 0, o = y * w; x < w; x++, o++) {
                float v = rowValues[col[x]] + colWeight[x] * (rowValues[col[x] + 1] - rowValues[col[x]]);
                px[o] = shift(px[o], Math.round(v));
            }
        }
    }

    private static int shift(int rgb, int d) {
        int red = Math.max(0, Math.min(255, ((rgb >> 16) & 0xFF) + d));
        int green = Math.max(0, Math.min(255, ((rgb >> 8) & 0xFF) + d));
        int blue = Math.max(0, Math.min(255, (rgb & 0xFF) + d));
        return (red << 16) | (green << 8) | blue;
    }

    /**
     * A brightness a fixed step away from {@code b}: gradients of equal contrast keep the scene's overall variance,
     * and so the similarity cost of one changed object, in a narrow band.
     */
    private static float contrasting(float b, SplittableRandom r) {
        float step = 0.3f + 0.1f * (float) r.nextDouble();
        return b - step >= 0.2f ? b - step : b + step;
    }

    private static Color randomColour(SplittableRandom r, float brightness) {
        return Color.getHSBColor((float) r.nextDouble(), 0.15f + 0.6f * (float) r.nextDouble(), brightness);
    }
}
