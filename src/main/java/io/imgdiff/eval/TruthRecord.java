package io.imgdiff.eval;

import io.imgdiff.item.Box;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a truth JSONL file: {@code {"id","width","height","boxes":[[x1,y1,x2,y2],...],"categories":[...]}},
 * pixels, x2/y2 exclusive; {@code categories} is absent or parallel to {@code boxes}. A pair with no boxes is a
 * negative (drift only).
 */
public record TruthRecord(String id, int width, int height, List<int[]> boxes, List<String> categories) {

    public TruthRecord {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("truth record without an id; expected a non-empty \"id\"");
        }
        boxes = boxes == null ? List.of() : boxes;
        if (categories != null && !categories.isEmpty() && categories.size() != boxes.size()) {
            throw new IllegalArgumentException("truth '" + id + "' has " + boxes.size() + " boxes but "
                    + categories.size() + " categories; expected one category per box");
        }
        for (int[] b : boxes) {
            if (b.length != 4) {
                throw new IllegalArgumentException("truth '" + id + "' box has " + b.length
                        + " numbers; expected [x1,y1,x2,y2]");
            }
        }
    }

    /** The boxes as {@link Box}es. */
    public List<Box> boxList() {
        List<Box> out = new ArrayList<>(boxes.size());
        for (int[] b : boxes) {
            out.add(new Box(b[0], b[1], b[2], b[3]));
        }
        return out;
    }

    /** Category of box {@code i}, or {@code "all"} when the file names none. */
    public String category(int i) {
        return categories == null || categories.isEmpty() ? "all" : categories.get(i);
    }

    /** A record built from {@link Box}es. */
    public static TruthRecord of(String id, int width, int height, List<Box> boxes, List<String> categories) {
        List<int[]> raw = new ArrayList<>();
        for (Box b : boxes) {
            raw.add(new int[] {b.x1(), b.y1(), b.x2(), b.y2()});
        }
        return new TruthRecord(id, width, height, raw, categories);
    }
}
