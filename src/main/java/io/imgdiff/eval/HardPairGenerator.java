package io.imgdiff.eval;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The hard evaluation set: textured scenes with static clutter, 1–3 changes per pair of four kinds —
 * {@code replace}, {@code color-matched} (same mean colour, other texture and outline), {@code low-contrast}
 * (30–45 % of a new texture mixed into the old object) and {@code removal} — and one pair in five a negative with
 * drift only. Two presets ({@link Preset}): {@code regen} (the default) adds a fifth category, {@code small}
 * (0.5–2 % of the image, a replace, colour-matched or removal change; the others are 2–12 %) and gives B 2–5 kinds
 * of {@link RegenDrift} at the strength real regeneration leaves; {@code mild} is the earlier set, kept
 * bit-for-bit so old figures stay comparable (0.5–12 % changes, {@link Drift}, square sizes). A is JPEG re-encoded
 * half the time. Independent of the pipeline's built-in renderer on purpose, so the detector is not tuned to it.
 * Deterministic: pair {@code i} of seed {@code s} depends on nothing else.
 */
public final class HardPairGenerator {

    /** Categories of change of the mild preset, as written to truth files. */
    public static final List<String> KINDS = List.of("replace", "color-matched", "low-contrast", "removal");
    /** Categories of the regen preset. */
    public static final List<String> REGEN_KINDS = List.of("replace", "color-matched", "low-contrast", "removal",
            "small");
    private static final List<String> SMALL_KINDS = List.of("replace", "color-matched", "removal");
    private static final double NEGATIVE_SHARE = 0.2;

    /**
     * Which set: {@code regen} (the drift strengths, five categories), {@code stress} (the same scenes with
     * every drift magnitude doubled: the margin beyond regen) or {@code mild} (the earlier set).
     */
    public enum Preset { REGEN, STRESS, MILD;

        /** The preset named {@code name} (case-insensitive), or a one-line error naming the choices. */
        public static Preset of(String name) {
            for (Preset p : values()) {
                if (p.name().equalsIgnoreCase(name)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown preset '" + name + "', expected regen, stress or mild");
        }
    }

    private final int width;
    private final int height;
    private final Preset preset;

    /** The mild set at {@code size}². */
    public HardPairGenerator(int size) {
        this(size, size, Preset.MILD);
    }

    public HardPairGenerator(int width, int height, Preset preset) {
        if (width < 64 || width > 4096 || height < 64 || height > 4096) {
            throw new IllegalArgumentException("pair size " + width + "x" + height + " out of range, expected 64-4096"
                    + " on each side");
        }
        if (preset == Preset.MILD && width != height) {
            throw new IllegalArgumentException("the mild preset is square only; got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.preset = preset;
    }

    /** One generated pair and its truth. */
    public record Pair(String id, RgbImage a, RgbImage b, TruthRecord truth) {
    }

    /** Pair {@code index} of {@code seed}. */
    public Pair generate(long seed, int index) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        double scale = Math.sqrt((double) width * height) / 512.0;
        float[][] bg = Textures.texture(r, width, height, scale * r.nextDouble(0.7, 1.5), Textures.palette(r));
        if (preset != Preset.MILD) {
            Textures.zones(r, bg, width, height, scale);
        }
        int clutter = r.nextInt(2, 6);
        for (int i = 0; i < clutter; i++) {
            placeRandom(r, scale, 0.002, 0.05).draw(bg, width, height, 1);
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
        RgbImage ib;
        List<String> drift = null;
        if (preset == Preset.MILD) {
            ib = Drift.apply(quantise(b), r, scale);
        } else {
            drift = RegenDrift.draw(r);
            ib = RegenDrift.apply(quantise(b), drift, r, scale, preset == Preset.STRESS ? 2 : 1);
        }
        String id = width == height ? String.format("s%d-%dpx-%05d", seed, width, index)
                : String.format("s%d-%dx%d-%05d", seed, width, height, index);
        if (preset != Preset.MILD) {
            id = preset.name().toLowerCase(java.util.Locale.ROOT) + "-" + id;
        }
        return new Pair(id, ia, ib, TruthRecord.of(id, width, height, boxes, kinds, drift));
    }

    private void plant(SplittableRandom r, double scale, float[][] a, float[][] b, List<Box> boxes,
                       List<String> kinds) {
        for (int attempt = 0; attempt < 60; attempt++) {
            String category;
            String kind;
            Blob o1;
            if (preset == Preset.MILD) {
                o1 = placeRandom(r, scale, 0.005, 0.12);
                kind = KINDS.get(r.nextInt(KINDS.size()));
                category = kind;
            } else {
                category = REGEN_KINDS.get(r.nextInt(REGEN_KINDS.size()));
                boolean small = category.equals("small");
                kind = small ? SMALL_KINDS.get(r.nextInt(SMALL_KINDS.size())) : category;
                o1 = small ? placeRandom(r, scale, 0.005, 0.02) : placeRandom(r, scale, 0.02, 0.12);
            }
            Blob o2 = replacement(r, kind, o1, scale);
            Box t = o1.truthBox(width, height);
            Box t2 = o2 == null ? null : o2.truthBox(width, height);
            Box truth = t2 == null ? t : t.union(t2);
            if (!inside(truth) || clashes(truth, boxes) || truth.area() < 0.005 * width * height) {
                continue;
            }
            o1.draw(a, width, height, 1);
            if (o2 != null) {
                o2.draw(b, width, height, 1);
            }
            boxes.add(truth);
            kinds.add(category);
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
        double ax = Math.sqrt(frac * width * height / 4 * aspect);
        double ay = Math.sqrt(frac * width * height / 4 / aspect);
        double cx = r.nextDouble(ax + 4, width - ax - 4);
        double cy = r.nextDouble(ay + 4, height - ay - 4);
        return new Blob(r, cx, cy, ax, ay, scale);
    }

    private boolean inside(Box b) {
        int mx = width / 100;
        int my = height / 100;
        return b.x1() >= mx && b.y1() >= my && b.x2() <= width - mx && b.y2() <= height - my;
    }

    private boolean clashes(Box b, List<Box> placed) {
        Box grown = b.grow(Math.max(width, height) * 3 / 100, width, height);
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
        byte[] out = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++) {
            for (int c = 0; c < 3; c++) {
                out[i * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(img[c][i])));
            }
        }
        return new RgbImage(width, height, out);
    }
}
