package io.imgdiff.eval;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The hard evaluation set: textured scenes with static clutter, 1–3 changes per pair (0.5 %–12 % of the image
 * each, log-uniform) of four kinds — {@code replace}, {@code color-matched} (same mean colour, other texture and
 * outline), {@code low-contrast} (30–45 % of a new texture mixed into the old object) and {@code removal} — and
 * one pair in five a negative with drift only. B always carries {@link Drift}; A is JPEG re-encoded half the
 * time. Independent of the pipeline's built-in renderer on purpose, so the detector is not tuned to it.
 * Deterministic: pair {@code i} of seed {@code s} depends on nothing else.
 */
public final class HardPairGenerator {

    /** Categories of change, as written to truth files. */
    public static final List<String> KINDS = List.of("replace", "color-matched", "low-contrast", "removal");
    private static final double NEGATIVE_SHARE = 0.2;

    private final int size;

    public HardPairGenerator(int size) {
        if (size < 64 || size > 4096) {
            throw new IllegalArgumentException("pair size " + size + " out of range, expected 64-4096");
        }
        this.size = size;
    }

    /** One generated pair and its truth. */
    public record Pair(String id, RgbImage a, RgbImage b, TruthRecord truth) {
    }

    /** Pair {@code index} of {@code seed}. */
    public Pair generate(long seed, int index) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        double scale = size / 512.0;
        float[][] bg = Textures.texture(r, size, size, scale * r.nextDouble(0.7, 1.5), Textures.palette(r));
        int clutter = r.nextInt(2, 6);
        for (int i = 0; i < clutter; i++) {
            placeRandom(r, scale, 0.002, 0.05).draw(bg, size, size, 1);
        }
        float[][] a = copy(bg);
        float[][] b = copy(bg);
        int changes = r.nextDouble() < NEGATIVE_SHARE ? 0 : r.nextInt(1, 4);
        List<Box> boxes = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (int k = 0; k < changes; k++) {
            plant(r, scale, a, b, boxes, kinds);
        }
        RgbImage ia = quantise(a);
        if (r.nextBoolean()) {
            ia = Drift.jpeg(ia, r.nextInt(85, 96));
        }
        RgbImage ib = Drift.apply(quantise(b), r, scale);
        String id = String.format("s%d-%dpx-%05d", seed, size, index);
        return new Pair(id, ia, ib, TruthRecord.of(id, size, size, boxes, kinds));
    }

    private void plant(SplittableRandom r, double scale, float[][] a, float[][] b, List<Box> boxes,
                       List<String> kinds) {
        for (int attempt = 0; attempt < 60; attempt++) {
            Blob o1 = placeRandom(r, scale, 0.005, 0.12);
            String kind = KINDS.get(r.nextInt(KINDS.size()));
            Blob o2 = replacement(r, kind, o1, scale);
            Box t = o1.truthBox(size, size);
            Box t2 = o2 == null ? null : o2.truthBox(size, size);
            Box truth = t2 == null ? t : t.union(t2);
            if (!inside(truth) || clashes(truth, boxes) || truth.area() < 0.005 * size * size) {
                continue;
            }
            o1.draw(a, size, size, 1);
            if (o2 != null) {
                o2.draw(b, size, size, 1);
            }
            boxes.add(truth);
            kinds.add(kind);
            return;
        }
    }

    private Blob replacement(SplittableRandom r, String kind, Blob o1, double scale) {
        switch (kind) {
            case "removal":
                return null;
            case "low-contrast": {
                Blob o2 = new Blob(o1);
                o2.mixFrom(new Blob(r, o1.cx, o1.cy, o1.ax, o1.ay, scale), r.nextDouble(0.3, 0.45));
                return o2;
            }
            default: {
                Blob o2 = new Blob(r, o1.cx, o1.cy, o1.ax * r.nextDouble(0.8, 1.2), o1.ay * r.nextDouble(0.8, 1.2),
                        scale);
                if (kind.equals("color-matched")) {
                    o2.matchMean(o1.meanColour());
                }
                return o2;
            }
        }
    }

    private Blob placeRandom(SplittableRandom r, double scale, double minFrac, double maxFrac) {
        double frac = Math.exp(r.nextDouble(Math.log(minFrac), Math.log(maxFrac)));
        double aspect = r.nextDouble(0.6, 1.7);
        double ax = Math.sqrt(frac * size * size / 4 * aspect);
        double ay = Math.sqrt(frac * size * size / 4 / aspect);
        double cx = r.nextDouble(ax + 4, size - ax - 4);
        double cy = r.nextDouble(ay + 4, size - ay - 4);
        return new Blob(r, cx, cy, ax, ay, scale);
    }

    private boolean inside(Box b) {
        int m = size / 100;
        return b.x1() >= m && b.y1() >= m && b.x2() <= size - m && b.y2() <= size - m;
    }

    private boolean clashes(Box b, List<Box> placed) {
        Box grown = b.grow(size * 3 / 100, size, size);
        for (Box p : placed) {
            if (grown.iou(p) > 0) {
                return true;
            }
        }
        return false;
    }

    private static float[][] copy(float[][] img) {
        return new float[][] {img[0].clone(), img[1].clone(), img[2].clone()};
    }

    private RgbImage quantise(float[][] img) {
        byte[] out = new byte[size * size * 3];
        for (int i = 0; i < size * size; i++) {
            for (int c = 0; c < 3; c++) {
                out[i * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(img[c][i])));
            }
        }
        return new RgbImage(size, size, out);
    }
}
