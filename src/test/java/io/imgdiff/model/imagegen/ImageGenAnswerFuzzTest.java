package io.imgdiff.model.imagegen;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import io.imgdiff.fuzz.FuzzContract;
import io.imgdiff.item.BadInputException;

/**
 * The image-generation answer parser (pair protocol v1) on arbitrary 200 bodies: two byte arrays, or a
 * {@link BadInputException}. Seeds: {@code ImageGenAnswerFuzzTestInputs/parse/}.
 */
class ImageGenAnswerFuzzTest {

    @FuzzTest
    void parse(byte[] bytes) {
        String body = new String(bytes, StandardCharsets.UTF_8);
        ImageGenClient.Answer answer;
        try {
            answer = ImageGenClient.parse(body, "fuzzed imagegen endpoint");
        } catch (RuntimeException e) {
            FuzzContract.refusal(e, BadInputException.class);
            return;
        }
        if (answer.imageA() == null || answer.imageB() == null) {
            throw new AssertionError("answer without images for " + body);
        }
    }
}
