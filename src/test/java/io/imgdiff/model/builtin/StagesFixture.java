package io.imgdiff.model.builtin;

import io.imgdiff.config.RunSettings;
import io.imgdiff.config.StagesConfig;

import java.util.HashMap;
import java.util.Map;

/**
 * Builds a real {@link StagesConfig} outside Quarkus: the mapping's own defaults plus the overrides given as
 * {@code key=value} pairs relative to {@code imgdiff.stages.} (e.g. {@code "filter.min-cos", "0.5"}).
 */
public final class StagesFixture {

    private StagesFixture() {
    }

    /** Stage settings from {@code key, value} pairs given without the {@code imgdiff.stages.} prefix. */
    public static StagesConfig stages(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(RunSettings.PREFIX + keyValues[i], keyValues[i + 1]);
        }
        return RunSettings.of(props);
    }
}
