package io.imgdiff.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.imgdiff.eval.PairSource;
import io.imgdiff.eval.TruthRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The truth-file reader ({@link PairSource#readTruth}, records {@link TruthRecord}) on arbitrary text: records, or
 * an {@link IllegalArgumentException} naming the line. Seeds: {@code TruthReaderFuzzTestInputs/read/}.
 */
class TruthReaderFuzzTest {

    private static Path file;

    @BeforeAll
    static void createFile() throws IOException {
        file = Files.createTempFile("imgdiff-truth-fuzz-", ".jsonl");
    }

    @AfterAll
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest
    void read(byte[] bytes) throws IOException {
        Files.write(file, bytes);
        Map<String, TruthRecord> truth;
        try {
            truth = PairSource.readTruth(file);
        } catch (java.nio.charset.MalformedInputException e) {
            return; // not UTF-8: Files.readAllLines' own, documented refusal of the file
        } catch (RuntimeException e) {
            FuzzContract.refusal(e, IllegalArgumentException.class);
            return;
        }
        for (TruthRecord t : truth.values()) {
            for (int i = 0; i < t.boxes().size(); i++) {
                t.boxList();
                t.category(i);
            }
        }
    }
}
