package io.imgdiff.image;

import io.imgdiff.item.BadInputException;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.RgbImage;
import io.imgdiff.store.ObjectStore;

import java.util.List;
import java.util.Optional;

/**
 * An item's image pair as the stages after {@code generate} see it: read from the generator's keys, or for items
 * that entered with images, from {@code input.imageA}/{@code input.imageB}; B is resized to A's size when the
 * two differ, so every later step can compare pixel by pixel.
 */
public record ItemPair(RgbImage a, RgbImage b) {

    /** Object-store keys of an item's pair. */
    public record Keys(String a, String b, boolean fromInput) {
    }

    /** Where the item's pair is stored; a permanent error naming the item when it has none. */
    public static Keys keys(Item item) {
        if (item.generate() != null) {
            return new Keys(item.generate().imageA(), item.generate().imageB(), false);
        }
        ItemInput in = item.input();
        if (in == null || in.imageA() == null || in.imageB() == null) {
            throw new BadInputException("item " + item.id() + " has no generate output and input.imageA '"
                    + (in == null ? null : in.imageA()) + "', input.imageB '" + (in == null ? null : in.imageB())
                    + "'; expected both object-store keys");
        }
        return new Keys(in.imageA(), in.imageB(), true);
    }

    /** The keys of the item's pair, for prefetching; empty when it has none (the stage then fails it). */
    public static List<String> storedKeys(Item item) {
        try {
            Keys k = keys(item);
            return List.of(k.a(), k.b());
        } catch (BadInputException e) {
            return List.of();
        }
    }

    /**
     * A pair with the bytes it was decoded from, and B as stored (before any resize to A): an export hands the stored
     * files out again without a second read.
     */
    public record Stored(ItemPair pair, byte[] bytesA, byte[] bytesB, RgbImage storedB) {
    }

    /**
     * Loads and decodes the pair. A key named by the input that is absent is a permanent error; one the
     * generator wrote is retried, as a store may lag behind its writes.
     */
    public static ItemPair load(Item item, ObjectStore store, long maxPixels) {
        return loadStored(item, store, maxPixels).pair();
    }

    /** As {@link #load}, keeping the stored bytes. */
    public static Stored loadStored(Item item, ObjectStore store, long maxPixels) {
        return decode(item, fetch(item, store), maxPixels);
    }

    /** An item's pair as stored, read but not decoded. */
    public record Bytes(Keys keys, byte[] a, byte[] b) {
    }

    /** The first half of {@link #load}: reads both objects, with its rules for absent keys. */
    public static Bytes fetch(Item item, ObjectStore store) {
        Keys keys = keys(item);
        return new Bytes(keys, fetch(item, store, keys.a(), keys.fromInput()),
                fetch(item, store, keys.b(), keys.fromInput()));
    }

    /** The second half of {@link #load}: decodes both (refusals name the item and key) and resizes B to A. */
    public static Stored decode(Item item, Bytes bytes, long maxPixels) {
        RgbImage a = decode(item, bytes.keys().a(), bytes.a(), maxPixels);
        RgbImage b = decode(item, bytes.keys().b(), bytes.b(), maxPixels);
        return new Stored(new ItemPair(a, ImageCodec.matchSize(a, b)), bytes.a(), bytes.b(), b);
    }

    private static byte[] fetch(Item item, ObjectStore store, String key, boolean fromInput) {
        Optional<byte[]> bytes = store.get(key);
        if (bytes.isEmpty() && fromInput) {
            throw new BadInputException("item " + item.id() + ": image '" + key + "' not found in "
                    + store.describe() + "; expected an existing object-store key");
        }
        return bytes.orElseGet(() -> store.require(key));
    }

    private static RgbImage decode(Item item, String key, byte[] data, long maxPixels) {
        try {
            return ImageCodec.decode(data, maxPixels);
        } catch (BadInputException e) {
            throw new BadInputException("item " + item.id() + ": image '" + key + "': " + e.getMessage(), e);
        }
    }
}
