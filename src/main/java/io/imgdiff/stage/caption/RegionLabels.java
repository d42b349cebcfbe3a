package io.imgdiff.stage.caption;

import io.imgdiff.item.Box;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.TruthChange;
import io.imgdiff.model.builtin.CaptionDiff;

import java.util.List;

/**
 * What a difference box shows on each side, from the best evidence the item has: the generator's true change
 * overlapping the box most; else the noun detect matched, paired with its counterpart among the changed nouns;
 * else the single change of the caption pair; else nothing (the captioner then speaks of "an object").
 */
record RegionLabels(String labelA, String labelB, boolean removed) {

    static final RegionLabels UNKNOWN = new RegionLabels(null, null, false);

    /** The changed nouns known for an item: from edit, the input's list, or a word diff of its captions. */
    record Changes(List<String> fromA, List<String> toB) {

        static Changes of(Item item, CaptionDiff diff) {
            EditOutput edit = item.edit();
            if (edit != null && edit.changedA() != null) {
                return new Changes(edit.changedA(), edit.changedB() == null ? List.of() : edit.changedB());
            }
            ItemInput in = item.input();
            if (in != null && in.captionA() != null && in.captionB() != null) {
                EditOutput d = diff.diff(in.captionA(), in.captionB());
                return new Changes(d.changedA(), d.changedB());
            }
            if (in != null && in.changedNouns() != null) {
                return new Changes(in.changedNouns(), List.of());
            }
            return new Changes(List.of(), List.of());
        }
    }

    static RegionLabels of(Box box, String detectedNoun, List<TruthChange> truth, Changes changes) {
        TruthChange best = null;
        long bestOverlap = 0;
        for (TruthChange t : truth == null ? List.<TruthChange>of() : truth) {
            long overlap = intersection(box, t.box());
            if (overlap > bestOverlap) {
                best = t;
                bestOverlap = overlap;
            }
        }
        if (best != null) {
            return of(best.labelA(), best.labelB());
        }
        int i = detectedNoun == null ? -1 : changes.fromA().indexOf(detectedNoun);
        if (i >= 0) {
            return of(detectedNoun, i < changes.toB().size() ? changes.toB().get(i) : null);
        }
        int j = detectedNoun == null ? -1 : changes.toB().indexOf(detectedNoun);
        if (j >= 0) {
            return of(j < changes.fromA().size() ? changes.fromA().get(j) : null, detectedNoun);
        }
        if (changes.fromA().size() == 1 && changes.toB().size() <= 1) {
            return of(changes.fromA().get(0), changes.toB().isEmpty() ? null : changes.toB().get(0));
        }
        return UNKNOWN;
    }

    private static RegionLabels of(String a, String b) {
        return new RegionLabels(a, b, a != null && b == null);
    }

    private static long intersection(Box p, Box q) {
        long w = Math.max(0, Math.min(p.x2(), q.x2()) - Math.max(p.x1(), q.x1()));
        long h = Math.max(0, Math.min(p.y2(), q.y2()) - Math.max(p.y1(), q.y1()));
        return w * h;
    }
}
