package io.imgdiff.model;

import io.imgdiff.config.ImgdiffConfig.ModelFile;
import io.imgdiff.store.ObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFilesTest {

    static final byte[] MODEL = "not really onnx, but bytes to hash".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    record File(Optional<String> location, Optional<String> sha256) implements ModelFile {
        static File of(String location, String sha) {
            return new File(Optional.ofNullable(location), Optional.ofNullable(sha));
        }
    }

    /** An in-memory store that counts reads. */
    static final class MemoryStore implements ObjectStore {
        final Map<String, byte[]> objects = new ConcurrentHashMap<>();
        final AtomicInteger gets = new AtomicInteger();
        final String root;

        MemoryStore(String root) {
            this.root = root;
        }

        public void put(String key, byte[] bytes, String contentType) {
            objects.put(key, bytes);
        }

        public Optional<byte[]> get(String key) {
            gets.incrementAndGet();
            return Optional.ofNullable(objects.get(key));
        }

        public List<String> list(String prefix) {
            return objects.keySet().stream().filter(k -> k.startsWith(prefix)).sorted().toList();
        }

        public void delete(String key) {
            objects.remove(key);
        }

        public String describe() {
            return root;
        }
    }

    @Test
    void aLocalPathIsUsedInPlaceAndChecked() throws IOException {
        Path model = Files.write(dir.resolve("m.onnx"), MODEL);
        String sha = ModelFiles.sha256(model);
        ModelFiles files = new ModelFiles(dir.resolve("cache"), () -> {
            throw new AssertionError("no store needed");
        });
        assertEquals(model, files.resolve("imgdiff.models.x.model", File.of(model.toString(), sha.toUpperCase())));
        assertEquals(model, files.resolve("imgdiff.models.x.model", File.of(model.toString(), null)));
    }

    @Test
    void shaIsComputedCorrectly() throws IOException {
        Path model = Files.write(dir.resolve("m.onnx"), "abc".getBytes(StandardCharsets.UTF_8));
        // FIPS 180-2 test vector for "abc".
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ModelFiles.sha256(model));
    }

    @Test
    void aShaMismatchIsRefusedNamingFileAndBothSums() throws IOException {
        Path model = Files.write(dir.resolve("m.onnx"), MODEL);
        String wrong = "0".repeat(64);
        ModelFiles files = new ModelFiles(dir, () -> null);
        var e = assertThrows(IllegalStateException.class,
                () -> files.resolve("imgdiff.models.x.model", File.of(model.toString(), wrong)));
        assertTrue(e.getMessage().contains(model.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("has SHA-256 " + ModelFiles.sha256(model)), e.getMessage());
        assertTrue(e.getMessage().contains("expected " + wrong), e.getMessage());
    }

    @Test
    void storeObjectsAreFetchedOnceIntoTheCache() {
        MemoryStore store = new MemoryStore("file:/data");
        store.put("models/clip.onnx", MODEL, "application/octet-stream");
        ModelFiles files = new ModelFiles(dir.resolve("cache"), () -> store);
        Path first = files.resolve("k", File.of("store:models/clip.onnx", null));
        Path second = files.resolve("k", File.of("store:models/clip.onnx", null));
        assertEquals(first, second);
        assertTrue(first.startsWith(dir.resolve("cache")));
        assertTrue(first.getFileName().toString().endsWith("-clip.onnx"));
        assertEquals(1, store.gets.get());
        assertArrayEquals(MODEL, read(first));
    }

    @Test
    void s3UrisUnderTheStoreMapToKeys() {
        MemoryStore store = new MemoryStore("s3://bucket/prefix");
        store.put("models/fastsam.onnx", MODEL, "application/octet-stream");
        ModelFiles files = new ModelFiles(dir, () -> store);
        Path got = files.resolve("k", File.of("s3://bucket/prefix/models/fastsam.onnx", null));
        assertArrayEquals(MODEL, read(got));
        var outside = assertThrows(IllegalStateException.class,
                () -> files.resolve("k", File.of("s3://other/models/fastsam.onnx", null)));
        assertTrue(outside.getMessage().contains("outside the object store s3://bucket/prefix"), outside.getMessage());
    }

    @Test
    void aCorruptCachedCopyIsFetchedAgainAndAWrongObjectRefused() throws IOException {
        MemoryStore store = new MemoryStore("file:/data");
        store.put("m.onnx", MODEL, "application/octet-stream");
        ModelFiles files = new ModelFiles(dir, () -> store);
        Path cached = files.resolve("k", File.of("store:m.onnx", null));
        String sha = ModelFiles.sha256(cached);
        Files.write(cached, new byte[]{1, 2, 3});
        assertArrayEquals(MODEL, read(files.resolve("k", File.of("store:m.onnx", sha))));
        store.put("m.onnx", new byte[]{9}, "application/octet-stream");
        Files.delete(cached);
        var e = assertThrows(IllegalStateException.class, () -> files.resolve("k", File.of("store:m.onnx", sha)));
        assertTrue(e.getMessage().contains("expected " + sha), e.getMessage());
    }

    @Test
    void missingThingsAreNamed() {
        ModelFiles files = new ModelFiles(dir, () -> new MemoryStore("file:/data"));
        assertMessage(() -> files.resolve("imgdiff.models.fastsam.model", File.of(null, null)),
                "imgdiff.models.fastsam.model.location is not set");
        assertMessage(() -> files.resolve("k", File.of(dir.resolve("nope.onnx").toString(), null)),
                "nope.onnx does not exist");
        assertMessage(() -> files.resolve("k", File.of("store:nope.onnx", null)),
                "no object 'nope.onnx' in file:/data");
        assertMessage(() -> files.resolve("k", File.of("x.onnx", "abc")), "expected 64 hex digits");
    }

    static void assertMessage(Runnable r, String part) {
        var e = assertThrows(IllegalStateException.class, r::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
