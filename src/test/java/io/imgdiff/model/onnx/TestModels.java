package io.imgdiff.model.onnx;

import io.imgdiff.item.RgbImage;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Random;

/** The generated test models (tools/models/make_test_models.py) and test images. */
final class TestModels {

    static final String VISION = "clip_vision_test.onnx";
    static final String TEXT = "clip_text_test.onnx";
    static final String FASTSAM = "fastsam_test.onnx";
    static final String WRONG = "wrong_test.onnx";
    static final String TOKENIZER = "tokenizer.json";

    private TestModels() {
    }

    static Path path(String name) {
        try {
            return Path.of(TestModels.class.getResource("/models/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test model " + name + " missing under src/test/resources/models", e);
        }
    }

    static OnnxClipImageEmbedder vision(int batchSize) {
        return new OnnxClipImageEmbedder(path(VISION), "pixel_values", "image_embeds", batchSize, OnnxSettings.cpu());
    }

    static OnnxClipTextEmbedder text(int batchSize) {
        return new OnnxClipTextEmbedder(path(TEXT), path(TOKENIZER), "input_ids", "attention_mask", "text_embeds", 77,
                batchSize, OnnxSettings.cpu());
    }

    /**
     * A smooth gradient plus seeded noise, all within 40–215: every pixel differs, so resampling errors show, and no
     * bicubic overshoot reaches 0 or 255 (where 8-bit passes clamp and a float oracle would not).
     */
    static RgbImage image(int width, int height, long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                px[i] = (byte) (40 + x * 150 / width + r.nextInt(25));
                px[i + 1] = (byte) (40 + y * 150 / height + r.nextInt(25));
                px[i + 2] = (byte) (60 + (x + y) * 97 / (width + height) + r.nextInt(50));
            }
        }
        return new RgbImage(width, height, px);
    }

    static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }
}
