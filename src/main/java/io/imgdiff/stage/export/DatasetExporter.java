package io.imgdiff.stage.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.Box;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RegionCaption;
import io.imgdiff.image.ItemPair;
import io.imgdiff.store.ObjectStore;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.io.UncheckedIOException;

/**
 * Writes a run's finished items as LLaVA-style training data, in the layout of the released Img-Diff data:
 * {@code conversations.json} (a JSON array, streamed, one entry per captioned region of each done item, its
 * side-by-side picture under {@code images/}), {@code items.jsonl} (every item, any status), and the raw pairs
 * under {@code pairs/}. Each item id is exported once, whatever the source repeats.
 */
public final class DatasetExporter {

    /** The question asked about every side-by-side picture. */
    public static final String QUESTION = "The left and right images are separated by a black vertical bar, and the"
            + " same region is marked by a red box in both. What is the difference between the two red boxes?";

    private final ObjectStore store;
    private final long maxPixels;
    private final ObjectMapper json = new ObjectMapper();

    public DatasetExporter(ObjectStore store, long maxPixels) {
        this.store = store;
        this.maxPixels = maxPixels;
    }

    /** Exports {@code items} into {@code outDir} (created if needed; files of an earlier export are replaced). */
    public ExportSummary export(Iterable<Item> items, Path outDir) throws IOException {
        return export(items::forEach, outDir);
    }

    /**
     * Exports the items a {@code source} visits (e.g. {@code visitor -> runs.forEachItem(run, visitor)}), so a run
     * is streamed from Redis and never held in memory whole.
     */
    public ExportSummary export(Consumer<Consumer<Item>> source, Path outDir) throws IOException {
        Files.createDirectories(outDir.resolve("images"));
        Files.createDirectories(outDir.resolve("pairs"));
        Map<ItemStatus, Long> byStatus = new EnumMap<>(ItemStatus.class);
        Set<String> seen = new HashSet<>();
        long[] counts = new long[3]; // entries, duplicates, errors
        try (JsonGenerator conv = json.getFactory().createGenerator(
                Files.newOutputStream(outDir.resolve("conversations.json")), JsonEncoding.UTF8);
             BufferedWriter lines = Files.newBufferedWriter(outDir.resolve("items.jsonl"), StandardCharsets.UTF_8)) {
            conv.useDefaultPrettyPrinter();
            conv.writeStartArray();
            source.accept(item -> {
                if (!seen.add(item.id())) {
                    counts[1]++;
                    return;
                }
                byStatus.merge(item.status() == null ? ItemStatus.QUEUED : item.status(), 1L, Long::sum);
                String exportError = null;
                int written = 0;
                try {
                    written = writeEntries(item, conv, outDir);
                } catch (RuntimeException | IOException e) {
                    // one unreadable pair must not end the export; the line below records why it is missing
                    exportError = e.getMessage();
                    counts[2]++;
                }
                counts[0] += written;
                try {
                    lines.write(json.writeValueAsString(itemLine(item, written, exportError)));
                    lines.newLine();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write items.jsonl in " + outDir, e);
                }
            });
            conv.writeEndArray();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new ExportSummary(outDir, Map.copyOf(byStatus), counts[0], counts[1], counts[2]);
    }

    private static List<RegionCaption> regions(Item item) {
        return item.status() == ItemStatus.DONE && item.caption() != null && item.caption().regions() != null
                ? item.caption().regions() : List.of();
    }

    private int writeEntries(Item item, JsonGenerator conv, Path outDir) throws IOException {
        List<RegionCaption> regions = regions(item);
        if (regions.isEmpty()) {
            return 0;
        }
        ItemPair.Keys keys = ItemPair.keys(item);
        // The store may hold the internal format: exports always hand out files other programs read.
        Files.write(outDir.resolve("pairs").resolve(item.id() + "_a.png"),
                ImageCodec.toPortable(keys.a(), store.require(keys.a()), maxPixels));
        Files.write(outDir.resolve("pairs").resolve(item.id() + "_b.png"),
                ImageCodec.toPortable(keys.b(), store.require(keys.b()), maxPixels));
        ItemPair pair = ItemPair.load(item, store, maxPixels);
        for (int k = 0; k < regions.size(); k++) {
            RegionCaption r = regions.get(k);
            String id = item.id() + "_" + k;
            String image = "images/" + id + ".png";
            Files.write(outDir.resolve(image), ImageCodec.encodePng(SideBySide.compose(pair.a(), pair.b(), r.box())));
            conv.writeObject(entry(id, image, r, pair.a().width(), pair.a().height()));
        }
        return regions.size();
    }

    private static Map<String, Object> entry(String id, String image, RegionCaption r, int w, int h) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("image", image);
        e.put("conversations", List.of(new Turn("human", "<image>\n" + QUESTION), new Turn("gpt", r.difference())));
        e.put("bbox", bbox(r.box(), w, h));
        e.put("captions1", r.captionA());
        e.put("captions2", r.captionB());
        return e;
    }

    /** One conversation turn; a record keeps "from" before "value" in every file (Map.of's order varies per JVM). */
    record Turn(String from, String value) {
    }

    /** The box normalised by the image size, two decimals, as a string, as the released data writes it. */
    public static String bbox(Box b, int w, int h) {
        return String.format(Locale.ROOT, "[%.2f, %.2f, %.2f, %.2f]",
                (double) b.x1() / w, (double) b.y1() / h, (double) b.x2() / w, (double) b.y2() / h);
    }

    private static Map<String, Object> itemLine(Item item, int entries, String exportError) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", item.id());
        line.put("run", item.run());
        line.put("status", item.status());
        line.put("stage", item.stage());
        line.put("reason", item.reason());
        line.put("error", item.error());
        line.put("boxes", item.detect() == null ? List.of()
                : item.detect().boxes().stream().map(d -> List.of(d.box().x1(), d.box().y1(), d.box().x2(),
                d.box().y2())).toList());
        line.put("captions", item.caption() == null ? List.of() : item.caption().regions());
        line.put("entries", entries);
        if (exportError != null) {
            line.put("exportError", exportError);
        }
        return line;
    }
}
