package io.imgdiff.submit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.fuzz.FuzzContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The submit JSONL reader on arbitrary text: a non-empty input of items, or an {@link IllegalArgumentException}
 * naming the line. Image paths resolve against an empty directory. Seeds: {@code InputReaderFuzzTestInputs/read/}.
 */
class InputReaderFuzzTest {

    private static final InputReader READER = new InputReader(new ObjectMapper());
    private static Path dir;

    @BeforeAll
    static void createDir() throws IOException {
        dir = Files.createTempDirectory("imgdiff-input-fuzz-");
    }

    @AfterAll
    static void deleteDir() throws IOException {
        Files.deleteIfExists(dir);
    }

    @FuzzTest
    void read(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        SubmitInput input;
        try {
            input = READER.readLines(text.lines().toList(), "fuzz", dir);
        } catch (RuntimeException e) {
            FuzzContract.refusal(e, IllegalArgumentException.class);
            return;
        }
        if (input.items().isEmpty() || input.entry() == null) {
            throw new AssertionError("accepted an input without items or entry stage: " + input);
        }
    }
}
