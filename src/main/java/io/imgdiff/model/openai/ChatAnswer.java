package io.imgdiff.model.openai;

/**
 * The part of a chat completion the backends use: {@code choices[0].message.content}, its {@code finish_reason}
 * ({@code stop}, {@code length}…; null when the server gives none) and the {@code usage} token counts (0 when absent).
 */
public record ChatAnswer(String content, String finishReason, long promptTokens, long completionTokens) {

    /** True when the server stopped because the answer reached {@code max_tokens}. */
    public boolean truncated() {
        return "length".equals(finishReason);
    }
}
