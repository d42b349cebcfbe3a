package io.imgdiff.store;

import io.imgdiff.item.Ids;

import java.util.regex.Pattern;

/** The only place object-store keys are built: {@code runs/{run}/items/{item}/{name}}. */
public final class ObjectKeys {

    /** One path segment as {@link Ids} allows it; {@code ..} is excluded separately. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private ObjectKeys() {
    }

    public static String runPrefix(String run) {
        return "runs/" + Ids.check("run id", run) + "/";
    }

    public static String itemPrefix(String run, String item) {
        return runPrefix(run) + "items/" + Ids.check("item id", item) + "/";
    }

    /** An object of one item, e.g. {@code a.png}, {@code b.png}, {@code pair.png}. */
    public static String item(String run, String item, String name) {
        return itemPrefix(run, item) + Ids.check("object name", name);
    }

    /**
     * Returns {@code key} when it has the shape this class builds: {@code /}-separated segments of
     * {@code [A-Za-z0-9._-]}, each starting with a letter or digit, none empty or containing {@code ..}.
     * Stores check every key again at their boundary, so a key from a job or a URL cannot reach outside them
     * (absolute paths, {@code ..}, backslashes, control characters).
     */
    public static String checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 1024 || !segmentsValid(key, false)) {
            throw invalid("object key", key);
        }
        return key;
    }

    /**
     * Returns {@code prefix} when it is empty or a key, optionally ending with {@code /}; the last segment may be
     * partial ({@code runs/r1/items/i} matches {@code runs/r1/items/i7/a.png}).
     */
    public static String checkPrefix(String prefix) {
        if (prefix == null || prefix.length() > 1024 || (!prefix.isEmpty() && !segmentsValid(prefix, true))) {
            throw invalid("object key prefix", prefix);
        }
        return prefix;
    }

    private static boolean segmentsValid(String key, boolean trailingSlashAllowed) {
        String body = trailingSlashAllowed && key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        for (String segment : body.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.contains("..")) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException invalid(String what, String value) {
        return new IllegalArgumentException(what + " '" + value + "' is invalid: expected '/'-separated segments of"
                + " [A-Za-z0-9._-], each starting with a letter or digit, without '..', at most 1024 characters");
    }
}
