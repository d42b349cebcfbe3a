package io.imgdiff.model.builtin;

import io.imgdiff.config.StagesConfig;
import io.imgdiff.item.EditOutput;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Lays out the objects of one procedural scene: changed nouns first (so they always get room), then the other
 * nouns of caption A, then anonymous distractors, each in a free spot when one is found. The plan lists them in
 * drawing order, changed objects last, so nothing ever covers a change.
 */
final class ScenePlan {

    /**
     * One object: its box, its look in A and in B (null = absent on that side), its labels, and whether it
     * differs between the two images.
     */
    record Placed(Rectangle2D box, ObjectAppearance lookA, ObjectAppearance lookB, String labelA, String labelB,
                  boolean changed) {
    }

    /** The share of the image area a change of {@code contrast} gets: equal salience, within the bounds below. */
    static double share(double salience, double contrast) {
        double c = Math.max(0.05, contrast);
        return Math.max(CHANGED_MIN, Math.min(CHANGED_MAX, salience / (c * c)));
    }

    /** Bounds of a changed object's share of the image area (the caption stage keeps 1/400..1/10). */
    private static final double CHANGED_MIN = 0.02;
    private static final double CHANGED_MAX = 0.075;
    /**
     * Area share × squared colour contrast aimed at for a change: objects whose two looks differ little are drawn
     * larger, so every change is about equally salient (calibrated with {@code PixelEmbedderCalibration}).
     */
    private static final double SALIENCE = 0.006;
    /**
     * The same for a removal, whose contrast is measured on the rendered pixels (object against the background that
     * shows once it is gone): 0.01 put 70 % of removals in the filter's 0.90-0.98 (59 % sized like replacements;
     * 120 pairs, {@code PixelEmbedderCalibration}).
     */
    private static final double REMOVAL_SALIENCE = 0.01;
    private static final double OTHER_MIN = 0.015;
    private static final double OTHER_MAX = 0.06;
    private static final int TRIES = 40;
    /** Gap kept between objects so that difference boxes of neighbours do not merge. */
    private static final double GAP_PX = 8;

    private final CocoLexicon lexicon;
    private final int width;
    private final int height;

    ScenePlan(CocoLexicon lexicon, int width, int height) {
        this.lexicon = lexicon;
        this.width = width;
        this.height = height;
    }

    List<Placed> plan(EditOutput captions, StagesConfig.Generate settings, SplittableRandom r) {
        return plan(captions, settings, r, -1);
    }

    /**
     * The plan, with a removed object's contrast against what shows behind it given as {@code removedContrast}
     * (negative: unknown, judged against mid-grey like any change), so a removal is sized for its real salience.
     */
    List<Placed> plan(EditOutput captions, StagesConfig.Generate settings, SplittableRandom r,
                      double removedContrast) {
        int count = settings.minObjects() + r.nextInt(settings.maxObjects() - settings.minObjects() + 1);
        List<Placed> changed = new ArrayList<>();
        List<Placed> others = new ArrayList<>();
        List<Rectangle2D> taken = new ArrayList<>();
        List<String> fromA = captions.changedA() == null ? List.of() : captions.changedA();
        List<String> toB = captions.changedB() == null ? List.of() : captions.changedB();
        for (int i = 0; i < Math.max(fromA.size(), toB.size()); i++) {
            String la = i < fromA.size() ? fromA.get(i) : null;
            String lb = i < toB.size() ? toB.get(i) : null;
            ObjectAppearance lookA = look(la);
            ObjectAppearance lookB = look(lb);
            boolean removal = lookA != null && lookB == null && removedContrast >= 0;
            double contrast = Math.max(0.05, removal ? removedContrast : ObjectAppearance.contrast(lookA, lookB));
            double share = share(removal ? REMOVAL_SALIENCE : SALIENCE, contrast);
            Rectangle2D box = place(r, share * 0.9, share * 1.1, taken, true);
            changed.add(new Placed(box, lookA, lookB, la, lb, true));
        }
        for (String noun : unchangedNouns(captions.captionA(), fromA)) {
            if (changed.size() + others.size() >= count) {
                break;
            }
            Rectangle2D box = place(r, OTHER_MIN, OTHER_MAX, taken, false);
            if (box != null) {
                ObjectAppearance look = ObjectAppearance.of(noun);
                others.add(new Placed(box, look, look, noun, noun, false));
            }
        }
        for (int k = changed.size() + others.size(); k < count; k++) {
            ObjectAppearance look = ObjectAppearance.random(r.split());
            Rectangle2D box = place(r, OTHER_MIN, OTHER_MAX, taken, false);
            if (box != null) {
                others.add(new Placed(box, look, look, null, null, false));
            }
        }
        others.addAll(changed);
        return others;
    }

    private static ObjectAppearance look(String noun) {
        return noun == null ? null : ObjectAppearance.of(noun);
    }

    private Set<String> unchangedNouns(String captionA, List<String> changedA) {
        Set<String> nouns = new LinkedHashSet<>();
        if (captionA != null) {
            lexicon.find(captionA).forEach(m -> nouns.add(m.lemma()));
        }
        nouns.removeAll(changedA);
        return nouns;
    }

    /**
     * A box of {@code minFrac..maxFrac} of the image in a spot clear of {@code taken}; after {@link #TRIES} misses,
     * the last try when {@code insist}, else null.
     */
    private Rectangle2D place(SplittableRandom r, double minFrac, double maxFrac, List<Rectangle2D> taken,
                              boolean insist) {
        Rectangle2D box = null;
        for (int t = 0; t < TRIES; t++) {
            double area = (minFrac + (maxFrac - minFrac) * r.nextDouble()) * width * height;
            double aspect = 0.7 + 0.6 * r.nextDouble();
            double w = Math.min(width - 2 * GAP_PX, Math.sqrt(area * aspect));
            double h = Math.min(height - 2 * GAP_PX, area / w);
            double x = GAP_PX + r.nextDouble() * (width - w - 2 * GAP_PX);
            double y = GAP_PX + r.nextDouble() * (height - h - 2 * GAP_PX);
            box = new Rectangle2D.Double(x, y, w, h);
            if (isClear(box, taken)) {
                taken.add(box);
                return box;
            }
        }
        if (insist) {
            taken.add(box);
            return box;
        }
        return null;
    }

    private static boolean isClear(Rectangle2D box, List<Rectangle2D> taken) {
        Rectangle2D grown = new Rectangle2D.Double(box.getX() - GAP_PX, box.getY() - GAP_PX,
                box.getWidth() + 2 * GAP_PX, box.getHeight() + 2 * GAP_PX);
        return taken.stream().noneMatch(grown::intersects);
    }
}
