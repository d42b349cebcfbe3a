package io.imgdiff.model.openai;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

/**
 * The OpenAI chat-completion answer parser on arbitrary bodies: an answer with non-null content, or its own
 * MalformedResponseException (which the client turns into a re-ask). Seeds: {@code ChatAnswerFuzzTestInputs/parse/}.
 */
class ChatAnswerFuzzTest {

    @FuzzTest
    void parse(byte[] bytes) {
        String body = new String(bytes, StandardCharsets.UTF_8);
        ChatAnswer answer;
        try {
            answer = OpenAiClient.parseCompletion(body);
        } catch (Exception e) {
            if (!e.getClass().getSimpleName().equals("MalformedResponseException") || e.getMessage() == null) {
                throw new AssertionError("escaped " + e.getClass().getName(), e);
            }
            return;
        }
        if (answer.content() == null) {
            throw new AssertionError("answer without content for " + body);
        }
    }
}
