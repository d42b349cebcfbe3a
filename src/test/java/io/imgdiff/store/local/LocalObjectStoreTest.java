package io.imgdiff.store.local;

import io.imgdiff.store.ObjectStoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalObjectStoreTest {

    @TempDir
    Path tmp;

    private LocalObjectStore store() {
        return new LocalObjectStore(tmp.resolve("root"));
    }

    @Test
    void putGetOverwriteDelete() {
        LocalObjectStore store = store();
        store.put("runs/r1/items/i1/a.png", bytes("first"), "image/png");
        assertArrayEquals(bytes("first"), store.require("runs/r1/items/i1/a.png"));
        store.put("runs/r1/items/i1/a.png", bytes("second"), "image/png");
        assertArrayEquals(bytes("second"), store.get("runs/r1/items/i1/a.png").orElseThrow());
        assertTrue(Files.isRegularFile(tmp.resolve("root/runs/r1/items/i1/a.png")));
        store.delete("runs/r1/items/i1/a.png");
        assertEquals(Optional.empty(), store.get("runs/r1/items/i1/a.png"));
        store.delete("runs/r1/items/i1/a.png");
    }

    /** Reads go through 256 KiB buffers: sizes around and across chunk edges, and more readers than kept buffers. */
    @Test
    void objectsOfAnySizeReadBackExactlyFromManyThreads() {
        LocalObjectStore store = store();
        int[] sizes = {0, 1, 256 << 10, (256 << 10) + 1, (3 << 20) - 7};
        java.util.Random random = new java.util.Random(6);
        byte[][] data = new byte[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            data[i] = new byte[sizes[i]];
            random.nextBytes(data[i]);
            store.put("runs/r/items/i/o" + i + ".bin", data[i], "application/octet-stream");
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(24);
        try {
            List<CompletableFuture<Void>> readers = java.util.stream.IntStream.range(0, 24)
                    .mapToObj(t -> CompletableFuture.runAsync(() -> {
                        for (int round = 0; round < 5; round++) {
                            int i = (t + round) % sizes.length;
                            assertArrayEquals(data[i], store.require("runs/r/items/i/o" + i + ".bin"), "object " + i);
                        }
                    }, pool)).toList();
            readers.forEach(CompletableFuture::join);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void missingKeyIsEmptyAndRequireNamesIt() {
        LocalObjectStore store = store();
        assertEquals(Optional.empty(), store.get("runs/none/x.png"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.require("runs/none/x.png"));
        assertTrue(e.getMessage().contains("runs/none/x.png") && e.getMessage().contains("file:"), e.getMessage());
    }

    @Test
    void listIsSortedAndFiltersByStringPrefix() {
        LocalObjectStore store = store();
        for (String k : List.of("runs/r1/items/i2/b.png", "runs/r1/items/i10/a.png", "runs/r1/items/i1/a.png",
                "runs/r2/items/i1/a.png", "runs/r1/run.json")) {
            store.put(k, bytes(k), "application/octet-stream");
        }
        assertEquals(List.of("runs/r1/items/i1/a.png", "runs/r1/items/i10/a.png"), store.list("runs/r1/items/i1"));
        assertEquals(List.of("runs/r1/items/i1/a.png"), store.list("runs/r1/items/i1/"));
        assertEquals(5, store.list("").size());
        assertEquals(List.of(), store.list("runs/r9/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape.txt", "/tmp/escape.txt", "runs/../../escape.txt", "..\\escape.txt",
            "runs/r1/..", "runs//x"})
    void keysThatCouldEscapeTheRootAreRefused(String key) throws IOException {
        LocalObjectStore store = store();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.put(key, bytes("x"), "text/plain"));
        assertTrue(e.getMessage().contains(key), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.get(key));
        assertThrows(IllegalArgumentException.class, () -> store.delete(key));
        try (Stream<Path> all = Files.walk(tmp)) {
            assertEquals(List.of(), all.filter(Files::isRegularFile).toList(), "nothing may be written anywhere");
        }
    }

    @Test
    void failedPutLeavesNoTempFileAndNamesTheKey() throws IOException {
        LocalObjectStore store = store();
        store.put("runs/r1/x/inner.txt", bytes("x"), "text/plain");
        // "runs/r1/x" is a non-empty directory, so the final rename over it must fail.
        ObjectStoreException e = assertThrows(ObjectStoreException.class,
                () -> store.put("runs/r1/x", bytes("y"), "text/plain"));
        assertTrue(e.getMessage().startsWith("put of 'runs/r1/x' in file:"), e.getMessage());
        try (Stream<Path> all = Files.list(tmp.resolve("root/runs/r1"))) {
            assertEquals(List.of("x"), all.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(List.of("runs/r1/x/inner.txt"), store.list("runs/"));
    }

    @Test
    void readersNeverSeeAHalfWrittenObject() throws IOException {
        LocalObjectStore store = store();
        byte[] a = new byte[1 << 20];
        byte[] b = new byte[1 << 20];
        Arrays.fill(a, (byte) 'a');
        Arrays.fill(b, (byte) 'b');
        String key = "runs/r1/items/i1/big.bin";
        store.put(key, a, "application/octet-stream");
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 100; i++) {
                store.put(key, i % 2 == 0 ? b : a, "application/octet-stream");
            }
        });
        int reads = 0;
        while (!writer.isDone() || reads < 10) {
            byte[] got = store.require(key);
            assertTrue(Arrays.equals(got, a) || Arrays.equals(got, b), "read a mixed or partial object");
            reads++;
        }
        writer.join();
        try (Stream<Path> files = Files.list(tmp.resolve("root/runs/r1/items/i1"))) {
            assertEquals(List.of("big.bin"), files.map(p -> p.getFileName().toString()).toList(), "temp files left");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
