package io.imgdiff.model.onnx;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.item.Box;
import io.imgdiff.model.ImageEmbedder;
import io.imgdiff.model.ImageTextMatcher;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backends built from {@code imgdiff.models.*} keys through the real config mapping. */
class OnnxBackendsTest {

    static ImgdiffConfig.ModelsConfig config(Map<String, String> keys) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(keys, "test", 500))
                .withMapping(ImgdiffConfig.ModelsConfig.class, "imgdiff.models").build()
                .getConfigMapping(ImgdiffConfig.ModelsConfig.class, "imgdiff.models");
    }

    static Map<String, String> clip() {
        Map<String, String> keys = new HashMap<>();
        keys.put("imgdiff.models.clip-vision.model.location", TestModels.path(TestModels.VISION).toString());
        keys.put("imgdiff.models.clip-text.model.location", TestModels.path(TestModels.TEXT).toString());
        keys.put("imgdiff.models.clip-text.tokenizer.location", TestModels.path(TestModels.TOKENIZER).toString());
        keys.put("imgdiff.models.fastsam.model.location", TestModels.path(TestModels.FASTSAM).toString());
        return keys;
    }

    @Test
    void eachBackendIsBuiltOnceAndTheMatcherFallsBackToClip() {
        try (OnnxBackends backends = new OnnxBackends(config(clip()), () -> null)) {
            assertSame(backends.clipImageEmbedder(), backends.clipImageEmbedder());
            ImageTextMatcher matcher = backends.imageTextMatcher();
            assertEquals("clip", matcher.name());
            var pixels = TestModels.image(90, 60, 9);
            double want = ImageEmbedder.cosine(backends.clipImageEmbedder().embed(pixels),
                    backends.clipTextEmbedder().embed("a photo of a cat"));
            assertEquals(want, matcher.score(new ImageTextMatcher.Crop(ImageTextMatcher.Side.A,
                    new Box(0, 0, 90, 60), pixels), "cat"), 1e-6);
            assertEquals(4, backends.fastSamProposer().boxes(TestModels.image(800, 600, 1)).size());
        }
    }

    @Test
    void aSeparateMatcherModelAndPromptAreUsedWhenConfigured() {
        Map<String, String> keys = clip();
        keys.put("imgdiff.models.matcher.name", "blip");
        keys.put("imgdiff.models.matcher.prompt", "{noun}");
        keys.put("imgdiff.models.matcher.vision.model.location", TestModels.path(TestModels.VISION).toString());
        try (OnnxBackends backends = new OnnxBackends(config(keys), () -> null)) {
            OnnxImageTextMatcher matcher = (OnnxImageTextMatcher) backends.imageTextMatcher();
            assertEquals("blip", matcher.name());
            assertEquals("dog", matcher.promptFor("dog"));
        }
    }

    @Test
    void anUnconfiguredModelNamesItsKey() {
        try (OnnxBackends backends = new OnnxBackends(config(Map.of()), () -> null)) {
            var e = assertThrows(IllegalStateException.class, backends::fastSamProposer);
            assertTrue(e.getMessage().contains("imgdiff.models.fastsam.model.location is not set"), e.getMessage());
        }
    }

    @Test
    void defaultsAreThePapers() {
        ImgdiffConfig.ModelsConfig c = config(Map.of());
        assertEquals("cpu", c.executionProvider());
        assertEquals(1024, c.fastsam().imageSize());
        assertEquals(0.05, c.fastsam().confidence());
        assertEquals(0.5, c.fastsam().iou());
        assertEquals(77, c.clipText().contextLength());
        assertEquals("pixel_values", c.clipVision().input());
        assertEquals("a photo of a {noun}", c.matcher().prompt());
    }
}
