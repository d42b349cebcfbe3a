package io.imgdiff.model.onnx;

import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.bytedeco.javacpp.Pointer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
    void nativeBuffersOfACallAreFreedWhenItReturns() {
        RgbImage image = TestModels.image(200, 150, 11);
        embedder.embedAll(List.of(image, image)); // warm-up
        long before = Pointer.totalBytes();
        for (int i = 0; i < 10; i++) {
            embedder.embedAll(List.of(image, image, image));
        }
        // JVM-wide: JavaCPP's deallocator thread may free older pointers meanwhile, so fewer is fine; a leak of a
        // call's pointers would add up over ten calls
        long after = Pointer.totalBytes();
        assertTrue(after <= before, "bytes held by JavaCPP grew from " + before + " to " + after + " over 10 runs");
    }

    @Test
    void concurrentCallsGiveTheSameEmbeddingsAsSerialOnes() throws Exception {
        List<RgbImage> images = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            images.add(TestModels.image(64 + 9 * i, 80, 100 + i));
        }
        List<float[]> serial = embedder.embedAll(images);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (RgbImage image : images) {
                futures.add(pool.submit(() -> embedder.embed(image)));
            }
            for (int i = 0; i < images.size(); i++) {
                assertArrayEquals(serial.get(i), futures.get(i).get(), 1e-5f, "image " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void preprocessedInputOfTheWrongLengthIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> embedder.embedPreprocessed(new float[10], 1));
        assertTrue(e.getMessage().contains("expected 1x3x224x224 = 150528"), e.getMessage());
    }
}
