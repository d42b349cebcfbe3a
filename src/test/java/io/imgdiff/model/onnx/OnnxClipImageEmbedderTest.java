package io.imgdiff.model.onnx;

import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxClipImageEmbedderTest {

    static OnnxClipImageEmbedder embedder;

    @BeforeAll
    static void open() {
        embedder = TestModels.vision(2);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void embeddingHasTheModelsWidthAndUnitNorm() {
        float[] e = embedder.embed(TestModels.image(320, 240, 1));
        assertEquals(32, e.length);
        assertEquals(1.0, TestModels.norm(e), 1e-5);
    }

    @Test
    void differentImagesGiveDifferentEmbeddings() {
        float[] a = embedder.embed(TestModels.image(320, 240, 1));
        float[] b = embedder.embed(TestModels.image(240, 320, 2));
        double cos = io.imgdiff.model.ImageEmbedder.cosine(a, b);
        assertTrue(cos < 0.999, "cosine of two different images was " + cos);
    }

    @Test
    void batchesGiveTheSameEmbeddingsAsOneByOne() {
        List<RgbImage> images = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // batch size 2: runs of 2, 2 and 1
            images.add(TestModels.image(100 + 37 * i, 90 + 23 * i, i));
        }
        List<float[]> batched = embedder.embedAll(images);
        assertEquals(5, batched.size());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(embedder.embed(images.get(i)), batched.get(i), 1e-5f, "image " + i);
        }
    }

    @Test
    void preprocessedInputOfTheWrongLengthIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> embedder.embedPreprocessed(new float[10], 1));
        assertTrue(e.getMessage().contains("expected 1x3x224x224 = 150528"), e.getMessage());
    }
}
