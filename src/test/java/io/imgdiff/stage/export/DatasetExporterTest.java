package io.imgdiff.stage.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.Box;
import io.imgdiff.item.CaptionOutput;
import io.imgdiff.item.GenerateOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RegionCaption;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.StageName;
import io.imgdiff.model.builtin.MapObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetExporterTest {

    private static final int W = 100;
    private static final int H = 80;

    @TempDir
    Path out;

    private final MapObjectStore store = new MapObjectStore();

    private Item done(String id, Box... boxes) {
        RgbImage a = RgbImage.blank(W, H);
        java.util.Arrays.fill(a.rgb(), (byte) 90);
        store.put("runs/r/items/" + id + "/a.png", ImageCodec.encodePng(a), "image/png");
        store.put("runs/r/items/" + id + "/b.png", ImageCodec.encodePng(RgbImage.blank(W, H)), "image/png");
        List<RegionCaption> regions = java.util.Arrays.stream(boxes).map(b -> new RegionCaption(b, "a red cat",
                "a blue dog", "In the left image the red box shows a red cat, while in the right image it shows a"
                + " blue dog.")).toList();
        return new Item("r", id, StageName.EDIT, null, null, new GenerateOutput("runs/r/items/" + id + "/a.png",
                "runs/r/items/" + id + "/b.png", W, H, List.of()), null, null, new CaptionOutput(regions, List.of()),
                ItemStatus.DONE, StageName.CAPTION, null, null);
    }

    private static Item finished(String id, ItemStatus status, String reason, String error) {
        return new Item("r", id, StageName.EDIT, null, null, null, null, null, null, status, StageName.FILTER, reason,
                error);
    }

    @Test
    void writesOneEntryPerRegionWithReleasedFieldsAndNoDuplicates() throws Exception {
        Item first = done("i1", new Box(12, 27, 56, 62), new Box(0, 0, 10, 10));
        // a source repeats an item right after itself (the exporter reads in id order)
        List<Item> items = List.of(first, first, done("i2", new Box(50, 40, 100, 80)),
                finished("i3", ItemStatus.DROPPED, "too-similar", null),
                finished("i4", ItemStatus.FAILED, null, "not a readable image"));
        ExportSummary s = new DatasetExporter(store, 1 << 20).export(items, out);

        assertEquals(3, s.entries());
        assertEquals(1, s.duplicatesSkipped());
        assertEquals(Map.of(ItemStatus.DONE, 2L, ItemStatus.DROPPED, 1L, ItemStatus.FAILED, 1L), s.itemsByStatus());
        JsonNode conv = new ObjectMapper().readTree(out.resolve("conversations.json").toFile());
        assertEquals(3, conv.size());
        Set<String> ids = new HashSet<>();
        conv.forEach(e -> ids.add(e.get("id").asText()));
        assertEquals(Set.of("i1_0", "i1_1", "i2_0"), ids);
        JsonNode e = conv.get(0);
        assertEquals("images/i1_0.png", e.get("image").asText());
        assertEquals("[0.12, 0.34, 0.56, 0.78]", e.get("bbox").asText());
        assertTrue(e.get("bbox").isTextual());
        for (JsonNode turn : e.get("conversations")) { // LLaVA's order, the same in every file
            List<String> keys = new java.util.ArrayList<>();
            turn.fieldNames().forEachRemaining(keys::add);
            assertEquals(List.of("from", "value"), keys);
        }
        assertEquals("human", e.get("conversations").get(0).get("from").asText());
        assertTrue(e.get("conversations").get(0).get("value").asText().startsWith("<image>\n"));
        assertEquals("gpt", e.get("conversations").get(1).get("from").asText());
        assertTrue(e.get("conversations").get(1).get("value").asText().contains("blue dog"));
        assertEquals("a red cat", e.get("captions1").asText());
        assertEquals("a blue dog", e.get("captions2").asText());
        assertTrue(Files.exists(out.resolve("pairs/i1_a.png")) && Files.exists(out.resolve("pairs/i2_b.png")));
    }

    @Test
    void itemsJsonlHasEveryItemOnceWithStatusReasonAndError() throws Exception {
        new DatasetExporter(store, 1 << 20).export(List.of(done("i1", new Box(1, 1, 20, 20)),
                finished("i3", ItemStatus.DROPPED, "too-similar", null),
                finished("i4", ItemStatus.FAILED, null, "not a readable image"),
                done("i5")), out);
        List<String> lines = Files.readAllLines(out.resolve("items.jsonl"));
        assertEquals(4, lines.size());
        ObjectMapper json = new ObjectMapper();
        assertEquals("DONE", json.readTree(lines.get(0)).get("status").asText());
        assertEquals(1, json.readTree(lines.get(0)).get("entries").asInt());
        assertEquals("too-similar", json.readTree(lines.get(1)).get("reason").asText());
        assertEquals("not a readable image", json.readTree(lines.get(2)).get("error").asText());
        assertEquals(0, json.readTree(lines.get(3)).get("entries").asInt(), "done without regions: no entry");
    }

    @Test
    void sideBySideHasTheBarAndRedFramesAtTheGrownBoxEdge() throws Exception {
        Box box = new Box(30, 20, 60, 50);
        new DatasetExporter(store, 1 << 20).export(List.of(done("i1", box)), out);
        RgbImage img = ImageCodec.decode(Files.readAllBytes(out.resolve("images/i1_0.png")), 1 << 20);
        assertEquals(2 * W + 20, img.width());
        assertEquals(H, img.height());
        for (int x = W; x < W + 20; x++) {
            assertPixel(img, x, 5, 0, 0, 0);
        }
        assertPixel(img, W - 1, 5, 90, 90, 90);
        assertPixel(img, W + 20, 5, 0, 0, 0);
        // grown by 5: x 25..64, y 15..54 (exclusive 65/55); 3 px line inward
        for (int dx : new int[] {0, W + 20}) {
            assertPixel(img, dx + 25, 15, 255, 0, 0);
            assertPixel(img, dx + 27, 35, 255, 0, 0);
            assertPixel(img, dx + 64, 54, 255, 0, 0);
            assertPixel(img, dx + 62, 35, 255, 0, 0);
        }
        assertPixel(img, 24, 35, 90, 90, 90);
        assertPixel(img, 28, 35, 90, 90, 90);
        assertPixel(img, 65, 35, 90, 90, 90);
    }

    @Test
    void bboxIsNormalisedToTwoDecimals() {
        assertEquals("[0.00, 0.50, 1.00, 1.00]", DatasetExporter.bbox(new Box(0, 40, 100, 80), W, H));
        assertEquals("[0.33, 0.01, 0.67, 0.99]", DatasetExporter.bbox(new Box(1, 1, 2, 99), 3, 100));
    }

    @Test
    void missingPairIsRecordedAndTheExportGoesOn() throws Exception {
        Item lost = done("lost", new Box(1, 1, 20, 20));
        store.delete("runs/r/items/lost/b.png");
        ExportSummary s = new DatasetExporter(store, 1 << 20).export(List.of(lost, done("ok", new Box(1, 1, 9, 9))),
                out);
        assertEquals(1, s.exportErrors());
        assertEquals(1, s.entries());
        String line = Files.readAllLines(out.resolve("items.jsonl")).get(0);
        assertTrue(line.contains("exportError") && line.contains("lost/b.png"), line);
    }

    private static void assertPixel(RgbImage img, int x, int y, int r, int g, int b) {
        assertEquals(List.of(r, g, b), List.of(img.get(x, y, 0), img.get(x, y, 1), img.get(x, y, 2)),
                "pixel (" + x + "," + y + ")");
    }
}
