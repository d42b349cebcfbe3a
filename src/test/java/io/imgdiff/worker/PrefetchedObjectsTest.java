package io.imgdiff.worker;

import io.imgdiff.model.builtin.MapObjectStore;
import io.imgdiff.store.ForwardingObjectStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A waiting job's prefetched objects: each read from the store once, handed over once, errors left to the job. */
class PrefetchedObjectsTest {

    /** Counts reads per key; fails the first {@code failures} reads. */
    private static final class CountingStore extends ForwardingObjectStore {
        final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
        final AtomicInteger failures = new AtomicInteger();

        CountingStore() {
            super(new MapObjectStore());
        }

        @Override
        public Optional<byte[]> get(String key) {
            reads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("store unavailable");
            }
            return store.get(key);
        }

        int reads(String key) {
            return reads.getOrDefault(key, new AtomicInteger()).get();
        }

        byte[] stored(String key) {
            return store.require(key);
        }
    }

    private final CountingStore store = new CountingStore();
    private final AtomicLong served = new AtomicLong();

    PrefetchedObjectsTest() {
        store.put("a", new byte[] {1}, "x");
        store.put("b", new byte[] {2}, "x");
    }

    @Test
    void fetchedObjectsAreHandedOverOnceAndNotReadAgain() {
        PrefetchedObjects p = new PrefetchedObjects(store, served);
        p.fetch(List.of("a", "b"));
        p.jobStarted();
        assertArrayEquals(new byte[] {1}, p.require("a"));
        assertArrayEquals(new byte[] {2}, p.require("b"));
        assertEquals(1, store.reads("a"));
        assertEquals(1, store.reads("b"));
        assertEquals(2, served.get());
        p.require("a"); // a second read is the job's own
        assertEquals(2, store.reads("a"));
        assertEquals(2, served.get());
    }

    @Test
    void aJobThatStartedFirstReadsItselfAndNothingIsFetched() {
        PrefetchedObjects p = new PrefetchedObjects(store, served);
        p.jobStarted();
        p.fetch(List.of("a", "b"));
        assertEquals(0, store.reads("a") + store.reads("b"));
        assertArrayEquals(new byte[] {1}, p.require("a"));
        assertEquals(0, served.get());
    }

    @Test
    void aFailedFetchIsReadAgainByTheJobSoItSeesTheStoresOwnAnswer() {
        PrefetchedObjects p = new PrefetchedObjects(store, served);
        store.failures.set(1); // the prefetch of "a" fails, the rest works
        p.fetch(List.of("a", "b"));
        assertArrayEquals(new byte[] {1}, p.require("a"));
        assertEquals(2, store.reads("a"));
        store.failures.set(5);
        PrefetchedObjects q = new PrefetchedObjects(store, served);
        q.fetch(List.of("b"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.require("b"));
        assertEquals("store unavailable", e.getMessage());
    }

    @Test
    void writesAndMissingObjectsGoStraightToTheStore() {
        PrefetchedObjects p = new PrefetchedObjects(store, served);
        p.fetch(List.of("missing"));
        assertEquals(Optional.empty(), p.get("missing"));
        p.put("c", new byte[] {3}, "x");
        assertArrayEquals(new byte[] {3}, store.stored("c"));
    }
}
