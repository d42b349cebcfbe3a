package io.imgdiff.model.builtin;

import io.imgdiff.config.StagesConfig;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;

import java.util.HashMap;
import java.util.Map;

/**
 * Builds a real {@link StagesConfig} outside Quarkus: the mapping's own defaults plus the overrides given as
 * {@code key=value} pairs relative to {@code imgdiff.stages.} (e.g. {@code "filter.min-cos", "0.5"}).
 */
public final class StagesFixture {

    private StagesFixture() {
    }

    public static StagesConfig stages(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put("imgdiff.stages." + keyValues[i], keyValues[i + 1]);
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(StagesConfig.class)
                .withSources(new MapBackedConfigSource("test", props, 500) {
                })
                .build();
        return config.getConfigMapping(StagesConfig.class);
    }
}
