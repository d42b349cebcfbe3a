package io.imgdiff.model.onnx;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.ImageEmbedder;
import io.imgdiff.model.ImageTextMatcher.Crop;
import io.imgdiff.model.ImageTextMatcher.Side;
import io.imgdiff.model.TextEmbedder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxImageTextMatcherTest {

    static OnnxClipImageEmbedder images;
    static OnnxClipTextEmbedder texts;

    @BeforeAll
    static void open() {
        images = TestModels.vision(4);
        texts = TestModels.text(4);
    }

    @AfterAll
    static void close() {
        images.close();
        texts.close();
    }

    @Test
    void scoreIsTheDotProductOfTheTwoEncoders() {
        var matcher = new OnnxImageTextMatcher("clip", "a photo of a {noun}", images, texts);
        RgbImage pixels = TestModels.image(120, 80, 7);
        Crop crop = new Crop(Side.B, new Box(10, 20, 130, 100), pixels);
        double want = ImageEmbedder.cosine(images.embed(pixels), texts.embed("a photo of a dog"));
        assertEquals(want, matcher.score(crop, "dog"), 1e-6);
        assertNotEquals(matcher.score(crop, "dog"), matcher.score(crop, "horse"), 1e-9);
        assertEquals("clip", matcher.name());
    }

    @Test
    void textEmbeddingsAreCachedPerNoun() {
        AtomicInteger calls = new AtomicInteger();
        TextEmbedder counting = text -> {
            calls.incrementAndGet();
            return texts.embed(text);
        };
        var matcher = new OnnxImageTextMatcher("blip", "{noun}", images, counting);
        Crop crop = new Crop(Side.A, new Box(0, 0, 64, 64), TestModels.image(64, 64, 3));
        double first = matcher.score(crop, "cat");
        double again = matcher.score(crop, " cat ");
        matcher.score(crop, "dog");
        assertEquals(first, again, 0);
        assertEquals(2, calls.get());
    }

    @Test
    void aPromptWithoutTheNounIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new OnnxImageTextMatcher("clip", "a photo", images, texts));
        assertTrue(e.getMessage().contains("{noun}"), e.getMessage());
    }
}
