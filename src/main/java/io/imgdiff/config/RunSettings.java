package io.imgdiff.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's stage settings as a flat map of {@code imgdiff.stages.*} properties: snapshotted at submit (this
 * process's configuration plus the run's overrides), stored with the run, and turned back into a typed
 * {@link StagesConfig} by workers. Going through SmallRye's mapping on both sides means an override is checked
 * with the same types and names as {@code application.properties}.
 */
public final class RunSettings {

    public static final String PREFIX = "imgdiff.stages.";

    private RunSettings() {
    }

    /**
     * Parses {@code key=value} overrides; keys may be given with or without the {@code imgdiff.stages.} prefix.
     * Throws naming the bad entry when one has no {@code =} or an empty key.
     */
    public static Map<String, String> parseOverrides(List<String> entries) {
        Map<String, String> out = new TreeMap<>();
        for (String e : entries) {
            int eq = e.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bad --set '" + e + "': expected key=value, e.g. filter.min-cos=0.9");
            }
            String key = e.substring(0, eq).trim();
            out.put(key.startsWith(PREFIX) ? key : PREFIX + key, e.substring(eq + 1).trim());
        }
        return out;
    }

    /**
     * The settings snapshot of a new run: every {@code imgdiff.stages.*} property this process sees, then the
     * overrides on top. Validated by building the typed view, so a bad key or value fails here, at submit.
     */
    public static Map<String, String> snapshot(Config config, Map<String, String> overrides) {
        Map<String, String> out = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                config.getOptionalValue(name, String.class).ifPresent(v -> out.put(name, v));
            }
        }
        out.putAll(overrides);
        of(out);
        return out;
    }

    /** The typed view of a snapshot; unknown keys and unparsable values fail with SmallRye's message. */
    public static StagesConfig of(Map<String, String> snapshot) {
        try {
            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .withSources(new PropertiesConfigSource(snapshot, "run settings", 500))
                    .withMapping(StagesConfig.class)
                    .withValidateUnknown(true)
                    .build();
            return config.getConfigMapping(StagesConfig.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid run settings: " + oneLine(e), e);
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        // SmallRye's text carries exception class names and message codes; keep what a person needs.
        return m.replaceAll("\\s+", " ").replaceAll("[\\w.$]+(Exception|Error): ", "").replaceAll("SRCFG\\d+: ", "")
                .replace("Configuration validation failed: ", "")
                .replace(" threw an Exception whilst being converted", " is invalid:").trim();
    }
}
