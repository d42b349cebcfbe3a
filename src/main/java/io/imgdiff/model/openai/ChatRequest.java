package io.imgdiff.model.openai;

import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.RgbImage;

import java.util.Base64;
import java.util.List;

/**
 * One chat-completion request as a backend states it: a single user message made of text and image parts, and the
 * sampling settings. {@link OpenAiClient} adds the model and writes the OpenAI wire format. Everything goes in one
 * user message because some chat templates (Gemma, Mistral) refuse a system role.
 *
 * @param seed sent as {@code seed} when not null; servers that honour it (vLLM, llama.cpp) repeat their answer
 */
public record ChatRequest(List<Part> content, double temperature, Double topP, int maxTokens, Long seed) {

    public ChatRequest {
        content = List.copyOf(content);
    }

    /** A content part: {@code {"type":"text"}} or {@code {"type":"image_url"}}. */
    public sealed interface Part permits Text, Image {
    }

    public record Text(String text) implements Part {
    }

    /** An image as a {@code data:image/png;base64,…} URL, encoded once so that retries resend the same bytes. */
    public record Image(String dataUrl, int width, int height) implements Part {

        /** {@code image} as a lossless PNG data URL. */
        public static Image png(RgbImage image) {
            return new Image("data:image/png;base64," + Base64.getEncoder().encodeToString(ImageCodec.encodePng(image)),
                    image.width(), image.height());
        }

        @Override
        public String toString() {
            return "Image[" + width + "x" + height + ", " + dataUrl.length() + " chars]";
        }
    }

    /** The same request with another seed (a retry after an unusable answer should not get the same answer). */
    public ChatRequest withSeed(long other) {
        return new ChatRequest(content, temperature, topP, maxTokens, other);
    }
}
