package io.imgdiff.model.builtin;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * How the procedural renderer draws one object: outline shape, two colours and a fill pattern. Derived from the
 * noun alone ({@link #of(String)}), so every "cat" in every scene looks the same and a "dog" looks different,
 * which is what makes a replaced noun visible as a changed region.
 */
public record ObjectAppearance(ShapeKind shape, Color fill, Color accent, FillPattern pattern) {

    /** Outline of an object, inscribed in its box. */
    public enum ShapeKind { ELLIPSE, RECTANGLE, ROUND_RECT, TRIANGLE, STAR, HEXAGON, DIAMOND, CROSS }

    /** How the inside is filled: {@code accent} is the second colour. */
    public enum FillPattern { SOLID, STRIPES, DOTS, CHECKER, GRADIENT }

    /** Width of the dark outline every object gets; boxes are grown by half of it plus antialiasing. */
    public static final float OUTLINE_PX = 2f;

    /** The appearance of {@code noun} (case-insensitive), stable across runs and JVMs. */
    public static ObjectAppearance of(String noun) {
        return random(new SplittableRandom(fnv1a(noun.toLowerCase(java.util.Locale.ROOT))));
    }

    /** A random appearance, for distractor objects that stand for no noun. */
    public static ObjectAppearance random(SplittableRandom r) {
        ShapeKind shape = ShapeKind.values()[r.nextInt(ShapeKind.values().length)];
        FillPattern pattern = FillPattern.values()[r.nextInt(FillPattern.values().length)];
        float hue = (float) r.nextDouble();
        Color fill = Color.getHSBColor(hue, 0.55f + 0.4f * (float) r.nextDouble(), 0.5f + 0.45f * (float) r.nextDouble());
        // the accent sits far round the colour wheel so patterns stay visible after thumbnailing
        Color accent = Color.getHSBColor((hue + 0.33f + 0.34f * (float) r.nextDouble()) % 1f,
                0.4f + 0.5f * (float) r.nextDouble(), 0.35f + 0.6f * (float) r.nextDouble());
        return new ObjectAppearance(shape, fill, accent, pattern);
    }

    /** Roughly the average colour of the painted object, as {r, g, b} in 0..1. */
    public double[] meanColour() {
        double accentShare = switch (pattern) {
            case SOLID -> 0;
            case STRIPES, CHECKER, GRADIENT -> 0.5;
            case DOTS -> 0.35;
        };
        float[] f = fill.getRGBColorComponents(null);
        float[] a = accent.getRGBColorComponents(null);
        return new double[] {f[0] + accentShare * (a[0] - f[0]), f[1] + accentShare * (a[1] - f[1]),
                f[2] + accentShare * (a[2] - f[2])};
    }

    /** Euclidean distance of the mean colours of two looks, 0..sqrt(3); a missing look counts as mid grey. */
    public static double contrast(ObjectAppearance x, ObjectAppearance y) {
        double[] p = x == null ? new double[] {0.5, 0.5, 0.5} : x.meanColour();
        double[] q = y == null ? new double[] {0.5, 0.5, 0.5} : y.meanColour();
        return Math.sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
    }

    /** The outline of this object inscribed in {@code box}. */
    public Shape outline(Rectangle2D box) {
        double x = box.getX(), y = box.getY(), w = box.getWidth(), h = box.getHeight();
        return switch (shape) {
            case ELLIPSE -> new Ellipse2D.Double(x, y, w, h);
            case RECTANGLE -> new Rectangle2D.Double(x, y, w, h);
            case ROUND_RECT -> new RoundRectangle2D.Double(x, y, w, h, w / 3, h / 3);
            case TRIANGLE -> polygon(box, new double[] {0.5, 1, 0}, new double[] {0, 1, 1});
            case DIAMOND -> polygon(box, new double[] {0.5, 1, 0.5, 0}, new double[] {0, 0.5, 1, 0.5});
            case HEXAGON -> polygon(box, new double[] {0.25, 0.75, 1, 0.75, 0.25, 0}, new double[] {0, 0, 0.5, 1, 1, 0.5});
            case CROSS -> polygon(box, new double[] {0.33, 0.67, 0.67, 1, 1, 0.67, 0.67, 0.33, 0.33, 0, 0, 0.33},
                    new double[] {0, 0, 0.33, 0.33, 0.67, 0.67, 1, 1, 0.67, 0.67, 0.33, 0.33});
            case STAR -> star(box);
        };
    }

    /** Fills and outlines this object in {@code box}. */
    public void paint(Graphics2D g, Rectangle2D box) {
        Shape s = outline(box);
        Shape oldClip = g.getClip();
        g.clip(s);
        g.setColor(fill);
        g.fill(box);
        g.setColor(accent);
        paintPattern(g, box);
        g.setClip(oldClip);
        g.setColor(fill.darker().darker());
        g.setStroke(new BasicStroke(OUTLINE_PX));
        g.draw(s);
    }

    private void paintPattern(Graphics2D g, Rectangle2D box) {
        double x = box.getX(), y = box.getY(), w = box.getWidth(), h = box.getHeight();
        double step = Math.max(6, Math.min(w, h) / 6);
        switch (pattern) {
            case SOLID -> { }
            case STRIPES -> {
                for (double sx = x; sx < x + w; sx += 2 * step) {
                    g.fill(new Rectangle2D.Double(sx, y, step, h));
                }
            }
            case DOTS -> {
                for (double sy = y + step / 2; sy < y + h; sy += step * 1.5) {
                    for (double sx = x + step / 2; sx < x + w; sx += step * 1.5) {
                        g.fill(new Ellipse2D.Double(sx - step / 2, sy - step / 2, step, step));
                    }
                }
            }
            case CHECKER -> {
                for (int j = 0; j * step < h; j++) {
                    for (int i = j % 2; i * step < w; i += 2) {
                        g.fill(new Rectangle2D.Double(x + i * step, y + j * step, step, step));
                    }
                }
            }
            case GRADIENT -> {
                g.setPaint(new GradientPaint((float) x, (float) y, fill, (float) (x + w), (float) (y + h), accent));
                g.fill(box);
            }
        }
    }

    private static Shape polygon(Rectangle2D box, double[] fx, double[] fy) {
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < fx.length; i++) {
            double px = box.getX() + fx[i] * box.getWidth();
            double py = box.getY() + fy[i] * box.getHeight();
            if (i == 0) {
                p.moveTo(px, py);
            } else {
                p.lineTo(px, py);
            }
        }
        p.closePath();
        return p;
    }

    private static Shape star(Rectangle2D box) {
        double[] fx = new double[10];
        double[] fy = new double[10];
        for (int i = 0; i < 10; i++) {
            double r = i % 2 == 0 ? 0.5 : 0.22;
            double a = -Math.PI / 2 + i * Math.PI / 5;
            fx[i] = 0.5 + r * Math.cos(a);
            fy[i] = 0.5 + r * Math.sin(a);
        }
        return polygon(box, fx, fy);
    }

    /** FNV-1a over UTF-8: a hash fixed by definition, unlike what a JDK might change. */
    static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
