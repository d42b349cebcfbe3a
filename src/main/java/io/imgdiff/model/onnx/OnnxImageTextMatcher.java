package io.imgdiff.model.onnx;

import io.imgdiff.model.ImageEmbedder;
import io.imgdiff.model.ImageTextMatcher;
import io.imgdiff.model.TextEmbedder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dual-encoder {@link ImageTextMatcher}: the cosine of the crop's image embedding and the text embedding of a
 * prompt such as {@code "a photo of a {noun}"}. Works with CLIP, or a BLIP ITC export whose heads have the same I/O
 * (the paper's detect stage keeps a crop whose BLIP score exceeds 0.35). Text embeddings are cached per noun: a
 * run uses few distinct nouns and many crops. The caption stage scores whole region captions with
 * {@link #scoreText}, embedded without the prompt.
 */
public final class OnnxImageTextMatcher implements ImageTextMatcher {

    private final String name;
    private final String prompt;
    private final ImageEmbedder images;
    private final TextEmbedder texts;
    private final Map<String, float[]> nouns = new ConcurrentHashMap<>();

    /** {@code prompt} must contain {@code {noun}}. */
    public OnnxImageTextMatcher(String name, String prompt, ImageEmbedder images, TextEmbedder texts) {
        if (!prompt.contains("{noun}")) {
            throw new IllegalArgumentException("imgdiff.models.matcher.prompt '" + prompt
                    + "' has no {noun}; expected e.g. 'a photo of a {noun}'");
        }
        this.name = name;
        this.prompt = prompt;
        this.images = images;
        this.texts = texts;
    }

    @Override
    public String name() {
        return name;
    }

    /** The text embedded for {@code noun}. */
    public String promptFor(String noun) {
        return prompt.replace("{noun}", noun.trim());
    }

    @Override
    public double score(Crop crop, String noun) {
        float[] text = nouns.computeIfAbsent(noun.trim(), n -> texts.embed(promptFor(n)));
        return ImageEmbedder.cosine(images.embed(crop.pixels()), text);
    }

    /** The cosine of the crop and {@code text} embedded as it is (no prompt, not cached: captions rarely repeat). */
    @Override
    public double scoreText(Crop crop, String text) {
        return ImageEmbedder.cosine(images.embed(crop.pixels()), texts.embed(text.strip()));
    }
}
