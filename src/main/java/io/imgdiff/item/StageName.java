package io.imgdiff.item;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The pipeline's stages, in order. Export is per run, not a queued stage. */
public enum StageName {
    EDIT, GENERATE, FILTER, DETECT, CAPTION;

    private final String key = name().toLowerCase(Locale.ROOT);

    /** Lower-case name used in stream keys, config and the CLI. */
    public String key() {
        return key;
    }

    /** The stage after this one, or empty after the last. */
    public Optional<StageName> next() {
        int i = ordinal() + 1;
        return i < values().length ? Optional.of(values()[i]) : Optional.empty();
    }

    /** Parses a lower- or upper-case stage name, naming the valid ones on error. */
    public static StageName of(String key) {
        for (StageName s : values()) {
            if (s.key().equalsIgnoreCase(key.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + key + "', expected one of " + Arrays.toString(
                Arrays.stream(values()).map(StageName::key).toArray()));
    }
}
