package io.imgdiff.stage.export;

import io.imgdiff.image.ImageCodec;
import io.imgdiff.image.ItemPair;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RegionCaption;
import io.imgdiff.item.RemovalOutput;
import io.imgdiff.store.ObjectStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of one done item: a difference question per captioned region (the paper's replacement data, and the
 * regions of a removal), plus, for a removal, the paper's multiple-choice question: which image contains the noun.
 * Every sample has the same columns (null where they do not apply), so a Hugging Face loader infers one schema.
 */
final class ItemSamples {

    /** The question asked about every side-by-side picture of a difference region. */
    static final String DIFFERENCE_QUESTION = "The left and right images are separated by a black vertical bar, and"
            + " the same region is marked by a red box in both. What is the difference between the two red boxes?";
    /** The removal variant's question; {@code %s} is the removed noun. */
    static final String REMOVAL_QUESTION = "The left image (A) and the right image (B) are separated by a black"
            + " vertical bar. Which image contains the %s? A or B";
    static final String REPLACEMENT = "replacement";
    static final String REMOVAL = "removal";

    private final ObjectStore store;
    private final long maxPixels;

    ItemSamples(ObjectStore store, long maxPixels) {
        this.store = store;
        this.maxPixels = maxPixels;
    }

    static List<RegionCaption> regions(Item item) {
        return item.status() == ItemStatus.DONE && item.caption() != null && item.caption().regions() != null
                ? item.caption().regions() : List.of();
    }

    static RemovalOutput removal(Item item) {
        return item.status() == ItemStatus.DONE && item.generate() != null ? item.generate().removal() : null;
    }

    /** Whether a done item gives any sample (a captioned region or a removal). */
    static boolean hasSamples(Item item) {
        return !regions(item).isEmpty() || removal(item) != null;
    }

    /** The item's samples; pictures are drawn only when {@code images}. */
    List<Sample> of(Item item, boolean images) {
        if (!hasSamples(item)) {
            return List.of();
        }
        return of(item, images ? ItemPair.load(item, store, maxPixels) : null);
    }

    /** The item's samples, pictures drawn from {@code pair} (none when it is null). */
    List<Sample> of(Item item, ItemPair pair) {
        List<RegionCaption> regions = regions(item);
        RemovalOutput removal = removal(item);
        int w = pair != null ? pair.a().width() : item.generate() != null ? item.generate().width() : 1;
        int h = pair != null ? pair.a().height() : item.generate() != null ? item.generate().height() : 1;
        String variant = removal == null ? REPLACEMENT : REMOVAL;
        List<Sample> out = new ArrayList<>();
        for (int k = 0; k < regions.size(); k++) {
            RegionCaption r = regions.get(k);
            byte[] png = pair == null ? null : ImageCodec.encodePng(SideBySide.compose(pair.a(), pair.b(), r.box()));
            out.add(new Sample(key(item.id()) + "_" + k, png, fields(item.id() + "_" + k, item.id(), variant,
                    DIFFERENCE_QUESTION, r.difference(), DatasetExporter.bbox(r.box(), w, h), r.captionA(),
                    r.captionB(), null)));
        }
        if (removal != null) {
            boolean right = objectOnRight(item.id());
            byte[] png = pair == null ? null : ImageCodec.encodePng(right
                    ? SideBySide.compose(pair.b(), pair.a(), null) : SideBySide.compose(pair.a(), pair.b(), null));
            out.add(new Sample(key(item.id()) + "_removal", png, fields(item.id() + "_removal", item.id(), REMOVAL,
                    String.format(REMOVAL_QUESTION, removal.noun()), right ? "B" : "A",
                    DatasetExporter.bbox(removal.box(), w, h), null, null, removal.noun())));
        }
        return out;
    }

    /**
     * Whether the image that still has the object is shown on the right: half the questions answer B, so a model
     * cannot learn "always A". Decided by the item id alone, so every export of a run agrees.
     */
    static boolean objectOnRight(String itemId) {
        long h = 0xcbf29ce484222325L; // FNV-1a: fixed by its definition, the same on every JVM
        for (int i = 0; i < itemId.length(); i++) {
            h = (h ^ itemId.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33; // MurmurHash3's finaliser, so ids differing in their last character land on both sides
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (h & 1) == 1;
    }

    /** A WebDataset-safe key: its splitter cuts a file name at the first dot. */
    static String key(String itemId) {
        return itemId.replace('.', '_');
    }

    private static Map<String, Object> fields(String id, String itemId, String variant, String question,
                                              String answer, String bbox, String captionA, String captionB,
                                              String noun) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", id);
        f.put("item_id", itemId);
        f.put("variant", variant);
        f.put("question", question);
        f.put("answer", answer);
        f.put("conversations", List.of(new Turn("human", "<image>\n" + question), new Turn("gpt", answer)));
        f.put("bbox", bbox);
        f.put("captions1", captionA);
        f.put("captions2", captionB);
        f.put("noun", noun);
        return f;
    }

    /** One conversation turn; a record keeps "from" before "value" in every file (Map.of's order varies per JVM). */
    record Turn(String from, String value) {
    }
}
