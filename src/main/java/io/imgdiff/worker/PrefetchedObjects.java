package io.imgdiff.worker;

import io.imgdiff.store.ForwardingObjectStore;
import io.imgdiff.store.ObjectStore;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One waiting job's view of the object store: the objects its stage will read are fetched on the worker's prefetch
 * threads while the job waits for a job thread, and handed to it once, from memory. Everything else, and any object
 * whose fetch failed, goes to the store itself, so a store outage surfaces in the job as it did without prefetching
 * (and is retried the same way). Held only as long as the job: the bytes of at most the read-ahead jobs are in memory.
 */
final class PrefetchedObjects extends ForwardingObjectStore {

    private static final int WAITING = 0;
    private static final int FETCHING = 1;
    private static final int TAKEN = 2;

    /** One object: fetched by the prefetch thread if it gets there first, else read by the job itself. */
    private record Slot(CompletableFuture<Optional<byte[]>> bytes, AtomicInteger state) {
    }

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final AtomicLong served;
    private volatile boolean started;

    PrefetchedObjects(ObjectStore store, AtomicLong served) {
        super(store);
        this.served = served;
    }

    /**
     * Fetches {@code keys} one after another on this (prefetch) thread. A key the job asks for before its fetch began
     * it reads itself; nothing is fetched once the job has started before this ran.
     */
    void fetch(List<String> keys) {
        if (register(keys)) {
            keys.forEach(this::fetchOne);
        }
    }

    /** Announces the keys that will be fetched; false when the job started already (then none will be). */
    boolean register(List<String> keys) {
        if (started) {
            return false;
        }
        for (String key : keys) {
            slots.putIfAbsent(key, new Slot(new CompletableFuture<>(), new AtomicInteger(WAITING)));
        }
        return true;
    }

    /** Fetches one registered key on this thread, unless the job asked for it first. */
    void fetchOne(String key) {
        Slot slot = slots.get(key);
        if (slot == null || !slot.state().compareAndSet(WAITING, FETCHING)) {
            return; // the job got there first
        }
        try {
            slot.bytes().complete(store.get(key));
        } catch (RuntimeException e) {
            slot.bytes().completeExceptionally(e);
        }
    }

    /** The job got its thread. */
    void jobStarted() {
        started = true;
    }

    @Override
    public Optional<byte[]> get(String key) {
        Slot slot = slots.remove(key);
        if (slot != null && !slot.state().compareAndSet(WAITING, TAKEN)) {
            try {
                Optional<byte[]> bytes = slot.bytes().join(); // fetched, or being fetched: sooner than a new read
                served.incrementAndGet();
                return bytes;
            } catch (CompletionException e) {
                // the prefetch failed: read again now, so that the job sees the store's own error (and retries)
            }
        }
        return store.get(key);
    }
}
