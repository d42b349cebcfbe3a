package io.imgdiff.item;

import java.util.regex.Pattern;

/** Validation of run and item ids, which become Redis keys and object-store paths. */
public final class Ids {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private Ids() {
    }

    /**
     * Returns {@code id} when it is 1–128 characters of {@code [A-Za-z0-9._-]}, starts with a letter or digit and
     * contains no {@code ..}; otherwise throws naming the field and the value.
     */
    public static String check(String field, String id) {
        if (id == null || !VALID.matcher(id).matches() || id.contains("..")) {
            throw new IllegalArgumentException(field + " '" + id + "' is invalid: expected 1-128 characters of"
                    + " [A-Za-z0-9._-], starting with a letter or digit, without '..'");
        }
        return id;
    }
}
