package io.imgdiff.bench;

import io.imgdiff.model.builtin.MapObjectStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulated remote store: reads wait at least their latency, and concurrent reads share the link's speed. */
class LatencyStoreTest {

    @Test
    void readsWaitTheirLatencyAndShareTheLink() {
        MapObjectStore local = new MapObjectStore();
        byte[] object = new byte[125_000]; // 1 Mbit: 10 ms on a 100 Mbit/s link
        object[7] = 7;
        local.put("runs/r/o.bin", object, "application/octet-stream");

        LatencyStore latencyOnly = new LatencyStore(local, 5, 0);
        long t0 = System.nanoTime();
        assertArrayEquals(object, latencyOnly.require("runs/r/o.bin"));
        assertTrue(System.nanoTime() - t0 >= 5_000_000L, "waits the latency");
        assertEquals(java.util.Optional.empty(), latencyOnly.get("runs/r/none"), "a missing key stays missing");

        LatencyStore link = new LatencyStore(local, 0, 100);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            long start = System.nanoTime();
            List<CompletableFuture<byte[]>> reads = java.util.stream.IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> link.require("runs/r/o.bin"), pool)).toList();
            reads.forEach(r -> assertArrayEquals(object, r.join()));
            long took = System.nanoTime() - start;
            assertTrue(took >= 40_000_000L, "four 1 Mbit objects over one 100 Mbit/s link take 40 ms, took "
                    + took / 1_000_000.0 + " ms");
        } finally {
            pool.shutdownNow();
        }
        assertTrue(link.describe().endsWith(", one 100 Mbit/s link"), link.describe());
    }
}
