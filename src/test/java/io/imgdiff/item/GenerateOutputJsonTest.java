package io.imgdiff.item;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Generate's output stays readable both ways across the removal field. */
class GenerateOutputJsonTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anOutputWrittenBeforeTheRemovalVariantReadsAsAReplacement() throws Exception {
        String old = "{\"imageA\":\"k/a.png\",\"imageB\":\"k/b.png\",\"width\":64,\"height\":32,\"truth\":[{\"box\":"
                + "{\"x1\":1,\"y1\":2,\"x2\":3,\"y2\":4},\"labelA\":\"cat\",\"labelB\":\"dog\"}]}";
        GenerateOutput out = json.readValue(old, GenerateOutput.class);
        assertEquals(new GenerateOutput("k/a.png", "k/b.png", 64, 32, List.of(new TruthChange(new Box(1, 2, 3, 4),
                "cat", "dog"))), out);
        assertNull(out.removal());
        assertFalse(json.writeValueAsString(out).contains("removal"), "a replacement writes no removal field");
    }

    @Test
    void aRemovalRoundTripsWithSkippedScoresAsNull() throws Exception {
        GenerateOutput out = new GenerateOutput("a", "b", 8, 8, List.of(new TruthChange(new Box(0, 0, 4, 4), "cat",
                null)), new RemovalOutput("cat", new Box(0, 0, 4, 4), "http", "skipped: removal.matcher=none", null,
                null));
        assertEquals(out, json.readValue(json.writeValueAsString(out), GenerateOutput.class));
        RemovalOutput scored = new RemovalOutput("cat", new Box(0, 0, 4, 4), "procedural", "clip", 0.41, 0.12);
        assertEquals(scored, json.readValue(json.writeValueAsString(scored), RemovalOutput.class));
    }
}
