package io.imgdiff.web;

import io.imgdiff.item.Item;
import io.imgdiff.queue.RunRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Keyset paging over a run's items in id order: a page starts after an item id (the cursor) and reads ids in
 * chunks until it has {@code limit} matching items. A filter that matches rarely must not turn one request into a
 * scan of a 100k-item run, so a page examines at most {@link #MAX_SCANNED} items and then stops early, possibly
 * with fewer items, still with a cursor to go on from.
 */
final class GalleryPager {

    /** Items one request looks at, at most, whatever the filter. */
    static final int MAX_SCANNED = 2000;
    private static final int CHUNK = 200;

    /** The matching items, and the cursor of the next page (null after the last item of the run). */
    record Page(List<Item> items, String next, int scanned) {
    }

    private GalleryPager() {
    }

    static Page find(RunRepository runs, String run, String after, int limit, Predicate<Item> filter) {
        List<Item> shown = new ArrayList<>(limit);
        String cursor = after;
        int scanned = 0;
        while (scanned < MAX_SCANNED) {
            int want = Math.min(CHUNK, MAX_SCANNED - scanned);
            List<Item> chunk = runs.page(run, cursor, want);
            for (Item item : chunk) {
                scanned++;
                cursor = item.id();
                if (filter.test(item)) {
                    shown.add(item);
                    if (shown.size() == limit) {
                        return new Page(shown, hasMore(runs, run, cursor) ? cursor : null, scanned);
                    }
                }
            }
            if (chunk.size() < want) {
                return new Page(shown, null, scanned);
            }
        }
        return new Page(shown, cursor, scanned);
    }

    private static boolean hasMore(RunRepository runs, String run, String cursor) {
        return !runs.page(run, cursor, 1).isEmpty();
    }
}
