package io.imgdiff.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The truth reader takes any reasonable file and fails, in one line naming file and line, only on what it cannot read. */
class TruthRecordTest {

    @TempDir
    Path dir;

    private Map<String, TruthRecord> read(String... lines) throws Exception {
        Path f = dir.resolve("truth.jsonl");
        Files.write(f, List.of(lines));
        return PairSource.readTruth(f);
    }

    @Test
    void ignoresUnknownFieldsAndAppliesThePairCategoryToEveryBox() throws Exception {
        Map<String, TruthRecord> t = read(
                "{\"id\":\"p1\",\"width\":1216,\"height\":832,\"boxes\":[[10,20,110,80],[300,300,340,350]],"
                        + "\"category\":\"small\",\"prompt\":\"a cat\",\"meta\":{\"seed\":3,\"tags\":[1,2]}}",
                "",
                "{\"id\":\"p2\",\"boxes\":[[1.4,2.6,30,40]],\"category\":\"small\",\"categories\":[\"replace\"]}",
                "{\"id\":7,\"boxes\":[],\"note\":null}");
        TruthRecord p1 = t.get("p1");
        assertEquals(1216, p1.width());
        assertEquals(832, p1.height());
        assertEquals("small", p1.category(0));
        assertEquals("small", p1.category(1));
        assertEquals("replace", t.get("p2").category(0), "per-box categories win over the pair's");
        assertArrayEquals(new int[] {1, 3, 30, 40}, t.get("p2").boxes().get(0), "decimals round to pixels");
        assertTrue(t.get("7").boxes().isEmpty(), "a numeric id is read as text; no boxes is a negative");
    }

    @Test
    void aPairWithoutAnyCategoryCountsAsAll() throws Exception {
        assertEquals("all", read("{\"id\":\"p\",\"boxes\":[[0,0,5,5]]}").get("p").category(0));
    }

    @Test
    void malformedBoxesAndMissingIdsFailInOneLineNamingFileAndLine() {
        IllegalArgumentException box = assertThrows(IllegalArgumentException.class,
                () -> read("{\"id\":\"ok\",\"boxes\":[]}", "{\"id\":\"bad\",\"boxes\":[[1,2,3]]}"));
        assertTrue(box.getMessage().endsWith("truth.jsonl line 2: truth 'bad' box [1,2,3] is not four numbers; "
                + "expected [x1,y1,x2,y2] in pixels"), box.getMessage());
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> read("{\"id\":\"bad\",\"boxes\":[[1,2,\"x\",4]]}"));
        assertTrue(text.getMessage().contains("line 1: truth 'bad' box [1,2,\"x\",4] is not four numbers"),
                text.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> read("{\"id\":\"bad\",\"boxes\":[[10,10,5,20]]}"));
        assertTrue(empty.getMessage().contains("box [10,10,5,20] is empty or negative"), empty.getMessage());
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
                () -> read("{\"boxes\":[[1,2,3,4]],\"category\":\"small\"}"));
        assertTrue(id.getMessage().endsWith("line 1: truth record without an id; expected a non-empty \"id\""),
                id.getMessage());
        IllegalArgumentException json = assertThrows(IllegalArgumentException.class, () -> read("{\"id\":"));
        assertTrue(json.getMessage().contains("line 1: not JSON"), json.getMessage());
        for (IllegalArgumentException e : List.of(box, text, empty, id, json)) {
            assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
    }

    @Test
    void writtenRecordsReadBackWithTheirDriftKinds() throws Exception {
        TruthRecord t = TruthRecord.of("g", 64, 32, List.of(new io.imgdiff.item.Box(1, 2, 3, 4)), List.of("small"),
                List.of("warp", "jpeg"));
        TruthRecord back = read(PairSource.toJson(t)).get("g");
        assertEquals(List.of("warp", "jpeg"), back.driftKinds());
        assertEquals("small", back.category(0));
        assertEquals(32, back.height());
    }
}
