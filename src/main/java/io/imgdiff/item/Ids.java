package io.imgdiff.item;

/** Validation of run and item ids, which become Redis keys and object-store paths. */
public final class Ids {

    private Ids() {
    }

    /**
     * Returns {@code id} when it is 1–128 characters of {@code [A-Za-z0-9._-]}, starts with a letter or digit and
     * contains no {@code ..}; otherwise throws naming the field and the value.
     */
    public static String check(String field, String id) {
        if (!valid(id)) {
            throw new IllegalArgumentException(field + " '" + id + "' is invalid: expected 1-128 characters of"
                    + " [A-Za-z0-9._-], starting with a letter or digit, without '..'");
        }
        return id;
    }

    /** The check of {@link #check} without a regex: it runs for every job a worker reads. */
    private static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > 128 || !alnum(id.charAt(0))) {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!alnum(c) && c != '_' && c != '-' && (c != '.' || id.charAt(i - 1) == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean alnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
