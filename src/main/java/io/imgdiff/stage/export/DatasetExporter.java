package io.imgdiff.stage.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.image.ItemPair;
import io.imgdiff.item.Box;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RgbImage;
import io.imgdiff.store.ObjectStore;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes a run's finished items as training data in one of the {@link ExportFormat}s (docs/export.md): the samples
 * of each done item (a difference question per captioned region; a removal's which-image question), an
 * {@code items.jsonl} line for every item of any status, and a {@code README.md} dataset card. Items stream through:
 * one item's pictures and counters are all that is held. The source gives items in id order, as
 * {@code RunRepository.forEachItem} does, so an id repeating the previous one is skipped as a duplicate, and one out of
 * order is an error (catching repeats anywhere would need every id in memory).
 */
public final class DatasetExporter {

    /** The question asked about every side-by-side picture of a difference region. */
    public static final String QUESTION = ItemSamples.DIFFERENCE_QUESTION;
    /** The removal variant's question; {@code %s} is the removed noun. */
    public static final String REMOVAL_QUESTION = ItemSamples.REMOVAL_QUESTION;

    private final ObjectStore store;
    private final ItemSamples samples;
    private final long maxPixels;
    private final int threads;
    private final ObjectMapper json = new ObjectMapper();

    /** An exporter drawing pictures on one thread per core. */
    public DatasetExporter(ObjectStore store, long maxPixels) {
        this(store, maxPixels, Runtime.getRuntime().availableProcessors());
    }

    /**
     * {@code threads}: how many items' pictures are read, decoded and encoded at once (the costly part of an export);
     * the files are still written one item at a time, in id order, so the output does not depend on it.
     */
    public DatasetExporter(ObjectStore store, long maxPixels, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("export threads " + threads + " must be at least 1");
        }
        this.store = store;
        this.maxPixels = maxPixels;
        this.threads = threads;
        this.samples = new ItemSamples(store, maxPixels);
    }

    /** Exports {@code items} as LLaVA data with images into {@code outDir} (created if needed; files replaced). */
    public ExportSummary export(Iterable<Item> items, Path outDir) throws IOException {
        return export(items::forEach, ExportTarget.directory(outDir), ExportOptions.of(ExportFormat.LLAVA),
                new DatasetCard.Run("(items)", Map.of()));
    }

    /**
     * Exports the items a {@code source} visits (e.g. {@code visitor -> runs.forEachItem(run, visitor)}) to
     * {@code target}, the card describing {@code run} ({@code settings}: the run's snapshot).
     */
    public ExportSummary export(Consumer<Consumer<Item>> source, ExportTarget target, ExportOptions options,
                                String run, Map<String, String> settings) throws IOException {
        return export(source, target, options, new DatasetCard.Run(run, settings));
    }

    private ExportSummary export(Consumer<Consumer<Item>> source, ExportTarget target, ExportOptions options,
                                 DatasetCard.Run run) throws IOException {
        DatasetCard card = new DatasetCard();
        long[] counts = new long[3]; // samples, duplicates, export errors
        String[] previous = {null};
        SampleWriter writer = SampleWriter.of(options, target, json);
        // records without pictures cost microseconds: no threads for them
        int workers = options.images() ? threads : 1;
        try (BufferedWriter lines = new BufferedWriter(new OutputStreamWriter(target.create("items.jsonl"),
                StandardCharsets.UTF_8));
             OrderedWork<Prepared> work = new OrderedWork<>(workers, "imgdiff-export", prepared -> {
                 try {
                     commit(prepared, target, writer, lines, card, counts);
                 } catch (IOException e) {
                     throw new UncheckedIOException("cannot write the export to " + target.describe(), e);
                 }
             })) {
            source.accept(item -> {
                if (previous[0] != null && item.id().compareTo(previous[0]) <= 0) {
                    if (item.id().equals(previous[0])) {
                        counts[1]++;
                        return;
                    }
                    throw new IllegalArgumentException("item '" + item.id() + "' came after '" + previous[0]
                            + "'; expected the items in id order, as RunRepository.forEachItem gives them");
                }
                previous[0] = item.id();
                work.submit(() -> prepare(item, options));
            });
            work.drain();
            writer.finish();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        card.write(target, options, run, counts[2]);
        return new ExportSummary(target.describe(), card.byStatus(), counts[0], counts[1], counts[2],
                card.questions());
    }

    /** One item's samples and pair files, made off the writing thread; {@code error} when it could not be read. */
    private record Prepared(Item item, List<Sample> samples, byte[] pairA, byte[] pairB, String error) {
    }

    private Prepared prepare(Item item, ExportOptions options) {
        try {
            if (!options.images() || options.format() != ExportFormat.LLAVA || !ItemSamples.hasSamples(item)) {
                return new Prepared(item, samples.of(item, options.images()), null, null, null);
            }
            // LLaVA also ships the pair: read it once for the pictures and the pair files
            ItemPair.Stored stored = ItemPair.loadStored(item, store, maxPixels);
            List<Sample> made = samples.of(item, stored.pair());
            // the store may hold the internal format: exports hand out files other programs read
            return new Prepared(item, made, portable(stored.bytesA(), stored.pair().a()),
                    portable(stored.bytesB(), stored.storedB()), null);
        } catch (RuntimeException e) {
            // one unreadable pair must not end the export; its items.jsonl line records why it is missing
            return new Prepared(item, List.of(), null, null, e.getMessage());
        }
    }

    /** The stored file as it is, unless it is the internal format: then {@code decoded} as a PNG. */
    private static byte[] portable(byte[] stored, RgbImage decoded) {
        return ImageCodec.isInternal(stored) ? ImageCodec.encodePng(decoded) : stored;
    }

    private void commit(Prepared p, ExportTarget target, SampleWriter writer, BufferedWriter lines, DatasetCard card,
                        long[] counts) throws IOException {
        Item item = p.item();
        if (p.pairA() != null) {
            target.write("pairs/" + item.id() + "_a.png", p.pairA());
            target.write("pairs/" + item.id() + "_b.png", p.pairB());
        }
        if (p.error() != null) {
            counts[2]++;
        }
        for (Sample s : p.samples()) {
            writer.write(s);
        }
        counts[0] += p.samples().size();
        card.count(item, p.samples());
        lines.write(json.writeValueAsString(itemLine(item, p.samples().size(), p.error())));
        lines.newLine();
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
        line.put("variant", item.generate() != null && item.generate().removal() != null ? ItemSamples.REMOVAL
                : ItemSamples.REPLACEMENT);
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
