package io.imgdiff.bench;

import io.imgdiff.store.ForwardingObjectStore;
import io.imgdiff.store.ObjectStore;

import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A store whose reads behave like GETs from a remote object store, so that a benchmark on a local directory can show
 * what hides their cost: each read waits {@code latencyMs} (S3 in-region: tens of milliseconds to the first byte),
 * then, with a link speed given, its bytes go through one link shared by every read of the worker (a node's network
 * interface), one after another at that speed. Only reads wait; the waiting costs no CPU, as a network would not.
 */
final class LatencyStore extends ForwardingObjectStore {

    private final long latencyNanos;
    private final double nanosPerByte;
    private long linkFreeAt;

    /** {@code linkMbps}: megabits per second of the shared link, 0 for no limit. */
    LatencyStore(ObjectStore store, int latencyMs, int linkMbps) {
        super(store);
        this.latencyNanos = latencyMs * 1_000_000L;
        this.nanosPerByte = linkMbps > 0 ? 8_000.0 / linkMbps : 0;
    }

    @Override
    public Optional<byte[]> get(String key) {
        long firstByte = System.nanoTime() + latencyNanos;
        Optional<byte[]> bytes = store.get(key);
        long until = firstByte;
        if (nanosPerByte > 0 && bytes.isPresent()) {
            synchronized (this) { // the link sends one object after another
                long start = Math.max(firstByte, linkFreeAt);
                linkFreeAt = start + (long) (bytes.get().length * nanosPerByte);
                until = linkFreeAt;
            }
        }
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        return bytes;
    }

    @Override
    public String describe() {
        return store.describe() + (latencyNanos > 0 ? " + " + latencyNanos / 1_000_000 + " ms per read" : "")
                + (nanosPerByte > 0 ? ", one " + Math.round(8_000 / nanosPerByte) + " Mbit/s link" : "");
    }
}
