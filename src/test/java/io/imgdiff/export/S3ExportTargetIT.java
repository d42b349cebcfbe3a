package io.imgdiff.export;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.item.Box;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.StageName;
import io.imgdiff.model.builtin.MapObjectStore;
import io.imgdiff.stage.export.DatasetExporter;
import io.imgdiff.stage.export.ExportFormat;
import io.imgdiff.stage.export.ExportItems;
import io.imgdiff.stage.export.ExportOptions;
import io.imgdiff.stage.export.ExportSummary;
import io.imgdiff.store.s3.S3ObjectStore;
import io.imgdiff.testing.S3ProxyResource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An export written to an S3 prefix of a real S3-compatible server (S3Proxy), read back with the S3 client. */
class S3ExportTargetIT {

    private static final S3ProxyResource S3 = new S3ProxyResource();
    private static S3Client client;
    private static final String BUCKET = "exports-" + UUID.randomUUID().toString().substring(0, 8);

    /** The keys ImgdiffConfig.S3Config has, as a record, so tests need no SmallRye. */
    record Settings(String bucket, Optional<String> endpoint, String region, Optional<String> accessKey,
                    Optional<String> secretKey, Optional<String> prefix, boolean createBucket)
            implements ImgdiffConfig.S3Config {
    }

    @BeforeAll
    static void startServer() {
        S3.start();
        client = S3ObjectStore.buildClient(new Settings("unused", Optional.of(S3.endpoint()), "us-east-1",
                Optional.of(S3ProxyResource.ACCESS_KEY), Optional.of(S3ProxyResource.SECRET_KEY), Optional.empty(),
                false));
        client.createBucket(r -> r.bucket(BUCKET));
    }

    @AfterAll
    static void stopServer() {
        client.close();
        S3.stop();
    }

    private static byte[] get(String key) {
        return client.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray();
    }

    private static List<String> keys(String prefix) {
        return client.listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    @Test
    void aFileLargerThanAPartIsAMultipartUploadReadBackWhole() throws IOException {
        byte[] data = new byte[12 << 20];
        new Random(3).nextBytes(data);
        AtomicInteger parts = new AtomicInteger();
        S3Client counting = (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(),
                new Class<?>[] {S3Client.class}, (proxy, method, args) -> {
                    parts.addAndGet(method.getName().equals("uploadPart") ? 1 : 0);
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        S3ExportTarget target = new S3ExportTarget(counting, BUCKET, "/big/", 5 << 20);
        try (OutputStream out = target.create("metadata.jsonl")) {
            for (int off = 0; off < data.length; off += 1 << 16) {
                out.write(data, off, 1 << 16);
            }
        }
        assertArrayEquals(data, get("big/metadata.jsonl"));
        assertEquals(3, parts.get(), "uploaded as parts of 5, 5 and 2 MiB, never held whole");
        target.write("small.txt", "hi".getBytes(StandardCharsets.UTF_8));
        assertEquals("hi", new String(get("big/small.txt"), StandardCharsets.UTF_8));
        assertEquals(3, parts.get(), "a small file is one PutObject");
        assertEquals("s3://" + BUCKET + "/big/", target.describe());
    }

    @Test
    void aWebDatasetExportToAPrefixHasEverySampleInItsShards() throws IOException {
        MapObjectStore store = new MapObjectStore();
        List<Item> items = List.of(ExportItems.done(store, "a1", new Box(1, 1, 30, 30)),
                ExportItems.finished("a2", ItemStatus.DROPPED, StageName.DETECT, "no-box", null),
                ExportItems.removal(store, "a3", "cat"));
        String prefix = "runs/r-" + UUID.randomUUID();
        ExportSummary s = new DatasetExporter(store, 1 << 20).export(items::forEach,
                new S3ExportTarget(client, BUCKET, prefix), new ExportOptions(ExportFormat.WDS, true, 64 << 10), "r",
                Map.of());
        assertEquals(3, s.entries());
        List<String> keys = keys(prefix + "/");
        assertTrue(keys.contains(prefix + "/README.md") && keys.contains(prefix + "/items.jsonl"), keys.toString());
        Set<String> samples = new HashSet<>();
        for (String k : keys.stream().filter(k -> k.endsWith(".tar")).toList()) {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(get(k)))) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    samples.add(e.getName());
                }
            }
        }
        assertEquals(Set.of("a1_0.json", "a1_0.png", "a3_0.json", "a3_0.png", "a3_removal.json",
                "a3_removal.png"), samples);
        assertEquals(3, new String(get(prefix + "/items.jsonl"), StandardCharsets.UTF_8).lines().count());
    }

    @Test
    void anUnknownBucketIsAnErrorNamingItAndTheKey() {
        S3ExportTarget target = new S3ExportTarget(client, "no-such-bucket-here", "p");
        IOException e = assertThrows(IOException.class, () -> target.write("README.md", new byte[10]));
        assertTrue(e.getMessage().contains("p/README.md") && e.getMessage().contains("s3://no-such-bucket-here"),
                e.getMessage());
    }

    @Test
    void anOutUrlWithoutABucketIsRefused() {
        assertEquals(List.of("b", "x/y"), List.of(S3ExportTarget.parse("s3://b/x/y")));
        assertEquals(List.of("b", ""), List.of(S3ExportTarget.parse("s3://b")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> S3ExportTarget.parse("s3:///x"));
        assertTrue(e.getMessage().contains("names no bucket"), e.getMessage());
    }
}
