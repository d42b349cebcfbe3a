package io.imgdiff.stage.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.Box;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.StageName;
import io.imgdiff.model.builtin.MapObjectStore;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.imgdiff.stage.export.ExportItems.H;
import static io.imgdiff.stage.export.ExportItems.OBJECT;
import static io.imgdiff.stage.export.ExportItems.W;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each export format read back by a reader of its own (Jackson, commons-compress), with the same samples. */
class ExportFormatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COLUMNS = List.of("id", "item_id", "variant", "question", "answer",
            "conversations", "bbox", "captions1", "captions2", "noun");

    @TempDir
    Path out;

    private final MapObjectStore store = new MapObjectStore();

    /** 2 + 1 replacement regions, 2 removals (each a region and a question), a drop and a failure: 7 samples. */
    private List<Item> run() {
        return List.of(ExportItems.done(store, "a1", new Box(12, 27, 56, 62), new Box(0, 0, 10, 10)),
                ExportItems.done(store, "a2", new Box(50, 40, 100, 80)),
                ExportItems.finished("a3", ItemStatus.DROPPED, StageName.FILTER, "too-similar", null),
                ExportItems.finished("a4", ItemStatus.FAILED, StageName.GENERATE, null, "bad image"),
                ExportItems.removal(store, "r.1", "cat"), ExportItems.removal(store, "r.2", "umbrella"));
    }

    private ExportSummary export(ExportOptions options) throws IOException {
        return new DatasetExporter(store, 1 << 20).export(run()::forEach, ExportTarget.directory(out), options, "r",
                Map.of("imgdiff.stages.variant", "mix", "imgdiff.stages.generate.backend", "procedural"));
    }

    @Test
    void llavaConversationsHaveEverySampleAndTheRemovalQuestions() throws Exception {
        ExportSummary s = export(ExportOptions.of(ExportFormat.LLAVA));
        assertEquals(7, s.entries());
        assertEquals(2, s.removalQuestions());
        JsonNode conv = JSON.readTree(out.resolve("conversations.json").toFile());
        assertEquals(7, conv.size());
        List<JsonNode> removals = new ArrayList<>();
        conv.forEach(e -> {
            assertTrue(Files.exists(out.resolve(e.get("image").asText())), e.get("image").asText());
            if (e.get("id").asText().endsWith("_removal")) {
                removals.add(e);
            }
        });
        assertEquals(2, removals.size());
        JsonNode cat = removals.get(0);
        assertEquals("r.1_removal", cat.get("id").asText());
        assertEquals("<image>\n" + String.format(DatasetExporter.REMOVAL_QUESTION, "cat"),
                cat.get("conversations").get(0).get("value").asText());
        assertEquals(cat.get("answer").asText(), cat.get("conversations").get(1).get("value").asText());
        assertEquals(DatasetExporter.bbox(OBJECT, W, H), cat.get("bbox").asText());
        assertTrue(Files.exists(out.resolve("pairs/r.1_a.png")));
    }

    @Test
    void theRemovalAnswerNamesTheHalfThatStillShowsTheObject() throws Exception {
        export(ExportOptions.of(ExportFormat.LLAVA));
        JsonNode conv = JSON.readTree(out.resolve("conversations.json").toFile());
        List<String> answers = new ArrayList<>();
        for (JsonNode e : conv) {
            if (!e.get("id").asText().endsWith("_removal")) {
                continue;
            }
            RgbImage img = ImageCodec.decode(Files.readAllBytes(out.resolve(e.get("image").asText())), 1 << 20);
            int cx = (OBJECT.x1() + OBJECT.x2()) / 2;
            int cy = (OBJECT.y1() + OBJECT.y2()) / 2;
            int left = img.get(cx, cy, 0);
            int right = img.get(W + SideBySide.BAR_PX + cx, cy, 0);
            String shown = left == ExportItems.OBJECT_RED ? "A" : right == ExportItems.OBJECT_RED ? "B" : "?";
            assertEquals(shown, e.get("answer").asText(), e.get("id").asText() + ": left " + left + ", right " + right);
            answers.add(shown);
        }
        assertEquals(List.of("A", "B"), answers, "these two ids put the object on different sides (hash of the id)");
    }

    @Test
    void hfImagefolderMetadataNamesEveryPictureRelativeToItself() throws Exception {
        ExportSummary s = export(ExportOptions.of(ExportFormat.HF));
        List<String> lines = Files.readAllLines(out.resolve("train/metadata.jsonl"));
        assertEquals(s.entries(), lines.size());
        for (String line : lines) {
            JsonNode row = JSON.readTree(line);
            List<String> names = new ArrayList<>();
            row.fieldNames().forEachRemaining(names::add);
            List<String> expected = new ArrayList<>(List.of("file_name"));
            expected.addAll(COLUMNS);
            assertEquals(expected, names, "one schema for every row");
            Path picture = out.resolve("train").resolve(row.get("file_name").asText());
            assertEquals(2 * W + SideBySide.BAR_PX, ImageCodec.decode(Files.readAllBytes(picture), 1 << 20).width());
        }
        JsonNode removal = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals("removal", removal.get("variant").asText());
        assertEquals("umbrella", removal.get("noun").asText());
        assertNull(JSON.readTree(lines.get(0)).get("noun").textValue(), "a replacement has no noun question");
        assertTrue(Files.readString(out.resolve("README.md")).contains("load_dataset(\"imagefolder\""));
    }

    @Test
    void webDatasetShardsHoldWholeSamplesWithinTheirBound() throws Exception {
        long bound = 64 << 10;
        ExportSummary s = export(new ExportOptions(ExportFormat.WDS, true, bound));
        List<Path> shards;
        try (Stream<Path> files = Files.list(out)) {
            shards = files.filter(p -> p.getFileName().toString().endsWith(".tar")).sorted().toList();
        }
        assertTrue(shards.size() >= 2, "7 pictures of ~10-25 KB overflow a 64 KiB shard: " + shards);
        assertEquals(WebDatasetWriter.shardName(0), shards.get(0).getFileName().toString());
        Map<String, Map<String, byte[]>> samples = new TreeMap<>();
        for (Path shard : shards) {
            assertTrue(Files.size(shard) <= bound, shard + " is " + Files.size(shard) + " bytes");
            Map<String, Map<String, byte[]>> inShard = readTar(shard);
            inShard.keySet().forEach(k -> assertTrue(!samples.containsKey(k), k + " split across shards"));
            samples.putAll(inShard);
        }
        assertEquals(s.entries(), samples.size());
        for (var e : samples.entrySet()) {
            assertEquals(List.of("json", "png"), new ArrayList<>(new TreeMap<>(e.getValue()).keySet()), e.getKey());
            JsonNode record = JSON.readTree(e.getValue().get("json"));
            List<String> names = new ArrayList<>();
            record.fieldNames().forEachRemaining(names::add);
            assertEquals(COLUMNS, names);
        }
        JsonNode q = JSON.readTree(samples.get("r_1_removal").get("json"));
        assertEquals("r.1", q.get("item_id").asText(), "the dot left the key, not the record");
        assertTrue(List.of("A", "B").contains(q.get("answer").asText()), q.toString());
    }

    /** Members grouped by WebDataset's rule: key = name up to the first dot, extension = the rest. */
    static Map<String, Map<String, byte[]>> readTar(Path shard) throws IOException {
        Map<String, Map<String, byte[]>> samples = new TreeMap<>();
        try (InputStream in = Files.newInputStream(shard); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName();
                int dot = name.indexOf('.');
                samples.computeIfAbsent(name.substring(0, dot), k -> new TreeMap<>())
                        .put(name.substring(dot + 1), tar.readAllBytes());
            }
        }
        return samples;
    }

    @Test
    void theCardCountsStagesDropReasonsAndNamesTheBackends() throws Exception {
        export(ExportOptions.of(ExportFormat.WDS));
        String card = Files.readString(out.resolve("README.md"));
        assertTrue(card.contains("| 6 | 4 | 1 | 1 | 0 | 3 | 4 | 2 | 0 |"), card);
        assertTrue(card.contains("| filter | 5 | 4 | 1 | 0 |"), card);
        assertTrue(card.contains("| generate | 6 | 5 | 0 | 1 |"), card);
        assertTrue(card.contains("| filter | too-similar | 1 |"), card);
        assertTrue(card.contains("| generate.backend | procedural |"), card);
        assertTrue(card.contains("| variant | mix |") && card.contains("| caption.backend | template |"),
                "the run's value, else the default the workers used: " + card);
        assertTrue(card.contains("imgdiff.stages.variant=mix"), card);
    }

    @Test
    void aRecordsOnlyExportWritesNoPictures() throws Exception {
        ExportSummary s = export(new ExportOptions(ExportFormat.HF, false, ExportOptions.DEFAULT_SHARD_BYTES));
        assertEquals(7, s.entries());
        assertEquals(7, Files.readAllLines(out.resolve("train/metadata.jsonl")).size());
        assertTrue(!Files.exists(out.resolve("train/images")));
    }

    @Test
    void itemsOutOfIdOrderAreRefusedNamingBoth() {
        List<Item> items = List.of(ExportItems.done(store, "b"), ExportItems.done(store, "a"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DatasetExporter(store,
                1 << 20).export(items::forEach, ExportTarget.directory(out), ExportOptions.of(ExportFormat.HF), "r",
                Map.of()));
        assertTrue(e.getMessage().contains("'a' came after 'b'"), e.getMessage());
        assertNotEquals(0, e.getMessage().length());
    }

    /**
     * Pictures are made on several threads but written in id order: every file of a 4-thread export equals the
     * 1-thread export's, byte for byte, over enough items (and an unreadable pair) to cycle the in-flight window.
     */
    @ParameterizedTest
    @EnumSource(ExportFormat.class)
    void exportsOnManyThreadsWriteTheSameFilesAsOnOne(ExportFormat format) throws Exception {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = String.format("i%02d", i);
            items.add(i % 5 == 4 ? ExportItems.removal(store, id, "cat")
                    : ExportItems.done(store, id, new Box(i % 30, 5, 40 + i, 60)));
        }
        store.delete("runs/r/items/i07/b.png");
        Map<String, byte[]> one = exportFiles(items, format, 1, out.resolve("one"));
        Map<String, byte[]> four = exportFiles(items, format, 4, out.resolve("four"));
        assertEquals(one.keySet(), four.keySet());
        assertTrue(one.size() >= 3, "files written: " + one.keySet());
        one.forEach((name, bytes) -> assertArrayEquals(bytes, four.get(name), name));
        assertTrue(new String(one.get("items.jsonl")).contains("exportError"), "the missing pair is recorded");
    }

    private Map<String, byte[]> exportFiles(List<Item> items, ExportFormat format, int threads, Path dir)
            throws IOException {
        new DatasetExporter(store, 1 << 20, threads).export(items::forEach, ExportTarget.directory(dir),
                ExportOptions.of(format), "r", Map.of());
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return files;
    }
}
