package io.imgdiff.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunSettingsTest {

    @Test
    void overridesAreTypedAndDefaultsFillTheRest() {
        StagesConfig s = RunSettings.of(RunSettings.parseOverrides(List.of("filter.min-cos=0.8", "imgdiff.stages.detect.max-boxes=10")));
        assertEquals(0.8, s.filter().minCos());
        assertEquals(10, s.detect().maxBoxes());
        assertEquals(0.98, s.filter().maxCos());
        assertEquals(List.of("pixel"), s.detect().proposers());
    }

    @Test
    void badValueNamesTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunSettings.of(Map.of("imgdiff.stages.filter.min-cos", "high")));
        assertTrue(e.getMessage().contains("imgdiff.stages.filter.min-cos"), e.getMessage());
    }

    @Test
    void unknownKeyIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunSettings.of(Map.of("imgdiff.stages.filter.min-cosine", "0.9")));
        assertTrue(e.getMessage().contains("imgdiff.stages.filter.min-cosine"), e.getMessage());
    }

    @Test
    void entryWithoutEqualsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunSettings.parseOverrides(List.of("filter.min-cos")));
        assertEquals("bad --set 'filter.min-cos': expected key=value, e.g. filter.min-cos=0.9", e.getMessage());
    }
}
