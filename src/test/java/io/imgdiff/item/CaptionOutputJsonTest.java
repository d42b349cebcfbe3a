package io.imgdiff.item;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The caption output's JSON stays readable both ways across the two optional fields. */
class CaptionOutputJsonTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anOutputWrittenBeforeTheCheckFieldsReadsWithThemNull() throws Exception {
        String old = "{\"regions\":[{\"box\":{\"x1\":1,\"y1\":2,\"x2\":3,\"y2\":4},\"captionA\":\"a\",\"captionB\":\"b\","
                + "\"difference\":\"d\"}],\"rejected\":[{\"box\":{\"x1\":0,\"y1\":0,\"x2\":1,\"y2\":1},"
                + "\"reason\":\"same-caption\",\"score\":1.0}]}";
        CaptionOutput out = json.readValue(old, CaptionOutput.class);
        assertEquals(new CaptionOutput(List.of(new RegionCaption(new Box(1, 2, 3, 4), "a", "b", "d")),
                List.of(new RejectedBox(new Box(0, 0, 1, 1), "same-caption", 1.0))), out);
    }

    @Test
    void theCheckFieldsRoundTripAndAreLeftOutWhenUnknown() throws Exception {
        CaptionOutput out = new CaptionOutput(List.of(), List.of(), "clip", "same-string");
        assertEquals(out, json.readValue(json.writeValueAsString(out), CaptionOutput.class));
        String plain = json.writeValueAsString(new CaptionOutput(List.of(), List.of()));
        assertFalse(plain.contains("textMatching") || plain.contains("textSimilarity"), plain);
    }
}
