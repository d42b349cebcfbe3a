package io.imgdiff.detect;

import io.imgdiff.item.Box;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins fragments of one object: a replaced object whose new texture happens to match the old one in places
 * leaves several nearby components. Regions whose boxes overlap or lie within {@code gap} pixels of each other
 * (on both axes) become one region, repeatedly, until no two are that close.
 */
public final class FragmentMerger {

    private FragmentMerger() {
    }

    /** A region: its box, pixel count and the sum of the difference over its pixels. */
    public record Region(Box box, long pixels, long diffSum) {

        /** Mean difference over the region's pixels, in levels. */
        public double meanDiff() {
            return pixels == 0 ? 0 : (double) diffSum / pixels;
        }

        Region join(Region o) {
            return new Region(box.union(o.box), pixels + o.pixels, diffSum + o.diffSum);
        }
    }

    /** Merged regions; order follows the first member of each group in {@code regions}. */
    public static List<Region> merge(List<Region> regions, int gap) {
        if (gap < 0) {
            throw new IllegalArgumentException("merge gap " + gap + " is negative, expected >= 0");
        }
        List<Region> cur = new ArrayList<>(regions);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < cur.size() && !changed; i++) {
                for (int j = i + 1; j < cur.size(); j++) {
                    if (near(cur.get(i).box(), cur.get(j).box(), gap)) {
                        cur.set(i, cur.get(i).join(cur.get(j)));
                        cur.remove(j);
                        changed = true;
                        break;
                    }
                }
            }
        }
        return cur;
    }

    /** True when the gap between the boxes is at most {@code gap} on both axes (overlap counts as gap 0). */
    public static boolean near(Box a, Box b, int gap) {
        int gx = Math.max(a.x1() - b.x2(), b.x1() - a.x2());
        int gy = Math.max(a.y1() - b.y2(), b.y1() - a.y2());
        return gx <= gap && gy <= gap;
    }
}
