package io.imgdiff.bench;

import io.imgdiff.store.ForwardingObjectStore;
import io.imgdiff.store.ObjectStore;

import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A store whose reads take {@code latencyMs} longer, like a GET from a remote object store (S3 in-region: tens of
 * milliseconds to the first byte), so that a benchmark on a local directory can show what hides that latency.
 * Only reads wait; the waiting costs no CPU, as a network round trip would not.
 */
final class LatencyStore extends ForwardingObjectStore {

    private final long latencyNanos;

    LatencyStore(ObjectStore store, int latencyMs) {
        super(store);
        this.latencyNanos = latencyMs * 1_000_000L;
    }

    @Override
    public Optional<byte[]> get(String key) {
        long until = System.nanoTime() + latencyNanos;
        for (long left = latencyNanos; left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
        return store.get(key);
    }

    @Override
    public String describe() {
        return store.describe() + (latencyNanos > 0 ? " + " + latencyNanos / 1_000_000 + " ms per read" : "");
    }
}
