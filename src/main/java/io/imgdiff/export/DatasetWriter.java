package io.imgdiff.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.Box;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RegionCaption;
import io.imgdiff.item.RgbImage;
import io.imgdiff.store.ObjectStore;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes one run's dataset, item by item, without holding the run in memory: {@code conversations.json} (a JSON
 * array of LLaVA-style entries, one per captioned region, fields as in the released Img-Diff data),
 * {@code items.jsonl} (every item with its status, boxes, captions, drop reason or error), {@code images/} (the
 * side-by-side question images) and {@code pairs/} (the image pairs of done items).
 */
final class DatasetWriter implements Closeable {

    static final String QUESTION = "<image>\nThe left and right images are separated by a black vertical bar."
            + " What is the difference between the object inside the red box in the left image and the object inside"
            + " the red box in the right image?";

    private final ObjectMapper json;
    private final ObjectStore store;
    private final long maxPixels;
    private final Path out;
    private final JsonGenerator conversations;
    private final BufferedWriter items;
    long total;
    long done;
    long dropped;
    long failed;
    long entries;

    DatasetWriter(ObjectMapper json, ObjectStore store, long maxPixels, Path out) throws IOException {
        this.json = json;
        this.store = store;
        this.maxPixels = maxPixels;
        this.out = out;
        Files.createDirectories(out.resolve("images"));
        Files.createDirectories(out.resolve("pairs"));
        conversations = json.getFactory().createGenerator(Files.newOutputStream(out.resolve("conversations.json")));
        conversations.useDefaultPrettyPrinter();
        conversations.writeStartArray();
        items = Files.newBufferedWriter(out.resolve("items.jsonl"));
    }

    void write(Item item) {
        total++;
        ItemStatus status = item.status();
        if (status == ItemStatus.DROPPED) {
            dropped++;
        } else if (status == ItemStatus.FAILED) {
            failed++;
        }
        try {
            items.write(json.writeValueAsString(summary(item)));
            items.newLine();
            if (status == ItemStatus.DONE && item.caption() != null && !item.caption().regions().isEmpty()) {
                done++;
                writeEntries(item);
            } else if (status == ItemStatus.DONE) {
                done++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("export of item '" + item.id() + "' failed", e);
        }
    }

    private void writeEntries(Item item) throws IOException {
        String[] keys = pairKeys(item);
        RgbImage a = ImageCodec.decode(keys[0], store.require(keys[0]), maxPixels);
        RgbImage b = ImageCodec.matchSize(a, ImageCodec.decode(keys[1], store.require(keys[1]), maxPixels));
        Files.write(out.resolve("pairs/" + item.id() + "_a.png"), ImageCodec.encodePng(a));
        Files.write(out.resolve("pairs/" + item.id() + "_b.png"), ImageCodec.encodePng(b));
        List<RegionCaption> regions = item.caption().regions();
        for (int k = 0; k < regions.size(); k++) {
            RegionCaption r = regions.get(k);
            String id = item.id() + "_" + k;
            String image = "images/" + id + ".png";
            Files.write(out.resolve(image), ImageCodec.encodePng(SideBySide.render(a, b, r.box())));
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", id);
            e.put("image", image);
            e.put("conversations", List.of(Map.of("from", "human", "value", QUESTION),
                    Map.of("from", "gpt", "value", r.difference())));
            e.put("bbox", bbox(r.box(), a.width(), a.height()));
            e.put("captions1", r.captionA());
            e.put("captions2", r.captionB());
            e.put("run", item.run());
            e.put("item", item.id());
            json.writeValue(conversations, e);
            entries++;
        }
    }

    /** Object-store keys of the pair: generated images, or the submitted ones. */
    private static String[] pairKeys(Item item) {
        if (item.generate() != null) {
            return new String[] {item.generate().imageA(), item.generate().imageB()};
        }
        return new String[] {item.input().imageA(), item.input().imageB()};
    }

    /** The released data's format: normalised corners with 2 decimals, as a string. */
    static String bbox(Box b, int w, int h) {
        return String.format(Locale.ROOT, "[%.2f, %.2f, %.2f, %.2f]", (double) b.x1() / w, (double) b.y1() / h,
                (double) b.x2() / w, (double) b.y2() / h);
    }

    private static Map<String, Object> summary(Item item) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", item.id());
        m.put("status", item.status());
        m.put("stage", item.stage());
        m.put("reason", item.reason());
        m.put("error", item.error());
        m.put("captionA", item.edit() != null ? item.edit().captionA() : item.input().captionA());
        m.put("captionB", item.edit() != null ? item.edit().captionB() : item.input().captionB());
        m.put("filter", item.filter());
        m.put("boxes", item.detect() == null ? null : item.detect().boxes());
        m.put("regions", item.caption() == null ? null : item.caption().regions());
        m.values().removeIf(v -> v == null);
        return m;
    }

    @Override
    public void close() throws IOException {
        conversations.writeEndArray();
        conversations.close();
        items.close();
    }
}
