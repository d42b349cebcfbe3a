package io.imgdiff.model.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxClipTextEmbedderTest {

    static OnnxClipTextEmbedder embedder;
    static JsonNode vocab;

    @BeforeAll
    static void open() throws IOException {
        embedder = TestModels.text(3);
        vocab = new ObjectMapper().readTree(TestModels.path(TestModels.TOKENIZER).toFile()).path("model").path("vocab");
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    static long id(String token) {
        assertTrue(vocab.has(token), "test vocabulary lacks " + token);
        return vocab.get(token).asLong();
    }

    @Test
    void tokenisesWithTheModelsTokenizerAndPadsToTheContextLength() {
        long[] mask = new long[77];
        long[] ids = embedder.tokenize("A photo of a CAT", mask);
        assertEquals(77, embedder.contextLength());
        long start = id("<|startoftext|>"), end = id("<|endoftext|>");
        long[] words = {start, id("a"), id("photo"), id("of"), id("a"), id("cat"), end};
        for (int i = 0; i < 77; i++) {
            assertEquals(i < words.length ? words[i] : end, ids[i], "token " + i);
            assertEquals(i < words.length ? 1 : 0, mask[i], "mask " + i);
        }
    }

    @Test
    void longTextsAreTruncatedKeepingTheEndToken() {
        String text = "the big red dog on the small blue boat ".repeat(12); // 108 words
        long[] mask = new long[77];
        long[] ids = embedder.tokenize(text, mask);
        assertEquals(id("<|startoftext|>"), ids[0]);
        assertEquals(id("<|endoftext|>"), ids[76]);
        assertEquals(id("the"), ids[1]);
        for (long m : mask) {
            assertEquals(1, m);
        }
    }

    @Test
    void embeddingsAreUnitVectorsThatDependOnTheText() {
        float[] cat = embedder.embed("a photo of a cat");
        float[] car = embedder.embed("a photo of a car");
        assertEquals(32, cat.length);
        assertEquals(1.0, TestModels.norm(cat), 1e-5);
        assertEquals(1.0, TestModels.norm(car), 1e-5);
        assertTrue(io.imgdiff.model.ImageEmbedder.cosine(cat, car) < 0.999);
    }

    @Test
    void batchesGiveTheSameEmbeddingsAsOneByOne() {
        List<String> texts = List.of("a cat", "a photo of a red car", "dog", "the man with a horse and a sheep",
                "a small bird on a big tree");
        List<float[]> batched = embedder.embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(embedder.embed(texts.get(i)), batched.get(i), 1e-5f, texts.get(i));
        }
    }
}
