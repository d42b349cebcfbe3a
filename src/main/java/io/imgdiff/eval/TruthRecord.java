package io.imgdiff.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.imgdiff.item.Box;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a truth JSONL file: {@code {"id","width","height","boxes":[[x1,y1,x2,y2],...],"categories":[...],
 * "category":"...","drift":[...]}}, pixels, x2/y2 exclusive. {@code categories} is absent or parallel to
 * {@code boxes}; {@code category} names the category of every box of the pair (per-box {@code categories} win);
 * {@code drift} lists the regeneration-drift kinds B carries (generated sets write it, for per-kind figures). A
 * pair with no boxes is a negative (drift only). Reading ({@link #parse}) ignores fields it does not know.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TruthRecord(String id, int width, int height, List<int[]> boxes, List<String> categories,
                          String category, List<String> drift) {

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
            if (b[2] <= b[0] || b[3] <= b[1] || b[0] < 0 || b[1] < 0) {
                throw new IllegalArgumentException("truth '" + id + "' box [" + b[0] + "," + b[1] + "," + b[2] + ","
                        + b[3] + "] is empty or negative; expected 0 <= x1 < x2 and 0 <= y1 < y2 (pixels)");
            }
        }
    }

    /** A record without per-pair category or drift kinds. */
    public TruthRecord(String id, int width, int height, List<int[]> boxes, List<String> categories) {
        this(id, width, height, boxes, categories, null, null);
    }

    /** The boxes as {@link Box}es. */
    public List<Box> boxList() {
        List<Box> out = new ArrayList<>(boxes.size());
        for (int[] b : boxes) {
            out.add(new Box(b[0], b[1], b[2], b[3]));
        }
        return out;
    }

    /** Category of box {@code i}: its own, else the pair's, else {@code "all"}. */
    public String category(int i) {
        if (categories != null && !categories.isEmpty()) {
            return categories.get(i);
        }
        return category == null || category.isBlank() ? "all" : category;
    }

    /** Drift kinds of B, empty when the file names none. */
    public List<String> driftKinds() {
        return drift == null ? List.of() : drift;
    }

    /** A record built from {@link Box}es. */
    public static TruthRecord of(String id, int width, int height, List<Box> boxes, List<String> categories) {
        return of(id, width, height, boxes, categories, null);
    }

    /** A record built from {@link Box}es, with B's drift kinds. */
    public static TruthRecord of(String id, int width, int height, List<Box> boxes, List<String> categories,
                                 List<String> drift) {
        List<int[]> raw = new ArrayList<>();
        for (Box b : boxes) {
            raw.add(new int[] {b.x1(), b.y1(), b.x2(), b.y2()});
        }
        return new TruthRecord(id, width, height, raw, categories, null, drift);
    }

    /**
     * A record from one parsed JSON line. Unknown fields are ignored; numbers may be written as integers or
     * decimals (rounded to the nearest pixel); {@code width}/{@code height} may be absent (0). Throws
     * {@link IllegalArgumentException} with a one-line reason for what cannot be read: no id, a box that is not
     * four numbers, categories that are not strings.
     */
    public static TruthRecord parse(JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("expected a JSON object, got " + n.getNodeType().name().toLowerCase());
        }
        JsonNode idNode = n.path("id");
        String id = idNode.isTextual() || idNode.isNumber() ? idNode.asText() : null;
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("truth record without an id; expected a non-empty \"id\"");
        }
        List<int[]> boxes = new ArrayList<>();
        JsonNode bs = n.path("boxes");
        if (!bs.isMissingNode() && !bs.isNull()) {
            if (!bs.isArray()) {
                throw new IllegalArgumentException("truth '" + id + "': \"boxes\" is " + bs
                        + "; expected an array of [x1,y1,x2,y2]");
            }
            for (JsonNode b : bs) {
                boxes.add(box(id, b));
            }
        }
        return new TruthRecord(id, n.path("width").asInt(0), n.path("height").asInt(0), boxes,
                strings(id, n, "categories"), text(id, n, "category"), strings(id, n, "drift"));
    }

    private static int[] box(String id, JsonNode b) {
        if (!b.isArray() || b.size() != 4) {
            throw new IllegalArgumentException("truth '" + id + "' box " + b + " is not four numbers; expected "
                    + "[x1,y1,x2,y2] in pixels");
        }
        int[] out = new int[4];
        for (int k = 0; k < 4; k++) {
            if (!b.get(k).isNumber()) {
                throw new IllegalArgumentException("truth '" + id + "' box " + b + " is not four numbers; expected "
                        + "[x1,y1,x2,y2] in pixels");
            }
            out[k] = (int) Math.round(b.get(k).asDouble());
        }
        return out;
    }

    private static String text(String id, JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("truth '" + id + "': \"" + field + "\" is " + v + "; expected a string");
        }
        return v.asText();
    }

    private static List<String> strings(String id, JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("truth '" + id + "': \"" + field + "\" is " + v
                    + "; expected an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : v) {
            if (!s.isTextual()) {
                throw new IllegalArgumentException("truth '" + id + "': \"" + field + "\" holds " + s
                        + "; expected strings");
            }
            out.add(s.asText());
        }
        return out;
    }
}
