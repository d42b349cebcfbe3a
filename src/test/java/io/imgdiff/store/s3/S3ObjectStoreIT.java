package io.imgdiff.store.s3;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.store.ObjectStoreException;
import io.imgdiff.store.ObjectStoreUnavailableException;
import io.imgdiff.testing.S3ProxyResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link S3ObjectStore} against a real S3-compatible server (S3Proxy in its own JVM). */
class S3ObjectStoreIT {

    private static final S3ProxyResource S3 = new S3ProxyResource();

    @BeforeAll
    static void startServer() {
        S3.start();
    }

    @AfterAll
    static void stopServer() {
        S3.stop();
    }

    /** The keys ImgdiffConfig.S3Config has, as a record, so tests need no SmallRye. */
    record Settings(String bucket, Optional<String> endpoint, String region, Optional<String> accessKey,
                    Optional<String> secretKey, Optional<String> prefix, boolean createBucket) implements ImgdiffConfig.S3Config {
    }

    private static Settings settings(String bucket, String prefix, String secret) {
        return new Settings(bucket, Optional.of(S3.endpoint()), "us-east-1", Optional.of(S3ProxyResource.ACCESS_KEY),
                Optional.of(secret), Optional.ofNullable(prefix), true);
    }

    private static S3ObjectStore store(String prefix) {
        return new S3ObjectStore(settings(S3.bucket(), prefix, S3ProxyResource.SECRET_KEY));
    }

    @Test
    void putGetListDeleteRoundTrip() {
        try (S3ObjectStore store = store("t-" + UUID.randomUUID())) {
            store.put("runs/r1/items/i2/a.png", bytes("A2"), "image/png");
            store.put("runs/r1/items/i1/b.png", bytes("B1"), "image/png");
            store.put("runs/r1/items/i1/a.png", bytes("A1"), "image/png");
            store.put("runs/r2/items/i1/a.png", bytes("other run"), "image/png");
            assertArrayEquals(bytes("A1"), store.require("runs/r1/items/i1/a.png"));
            assertEquals(List.of("runs/r1/items/i1/a.png", "runs/r1/items/i1/b.png", "runs/r1/items/i2/a.png"),
                    store.list("runs/r1/"));
            store.put("runs/r1/items/i1/a.png", bytes("A1 again"), "image/png");
            assertArrayEquals(bytes("A1 again"), store.get("runs/r1/items/i1/a.png").orElseThrow());
            store.delete("runs/r1/items/i1/a.png");
            assertEquals(Optional.empty(), store.get("runs/r1/items/i1/a.png"));
            store.delete("runs/r1/items/i1/a.png");
            assertEquals(List.of("runs/r1/items/i1/b.png", "runs/r1/items/i2/a.png"), store.list("runs/r1/"));
        }
    }

    @Test
    void missingKeyIsEmpty() {
        try (S3ObjectStore store = store("")) {
            assertEquals(Optional.empty(), store.get("runs/nothing/here.png"));
            assertEquals(List.of(), store.list("runs/nothing/"));
        }
    }

    @Test
    void prefixIsolatesStoresAndIsReallyStoredByTheServer() throws Exception {
        String prefix = "p-" + UUID.randomUUID();
        try (S3ObjectStore one = store(prefix); S3ObjectStore two = store(prefix + "-other/")) {
            one.put("runs/r1/x.bin", bytes("one"), "application/octet-stream");
            assertEquals(List.of("runs/r1/x.bin"), one.list(""));
            assertEquals(List.of(), two.list(""));
            assertEquals("s3://" + S3.bucket() + "/" + prefix + "/", one.describe());
        }
        // The filesystem backend keeps each object as a file: proof the bytes went over the wire.
        assertArrayEquals(bytes("one"),
                Files.readAllBytes(S3.dataDir().resolve(S3.bucket()).resolve(prefix).resolve("runs/r1/x.bin")));
    }

    @Test
    void contentTypeIsStored() {
        try (S3ObjectStore store = store("ct"); S3Client raw = rawClient()) {
            store.put("runs/r1/pair.jpg", bytes("jpeg"), "image/jpeg");
            HeadObjectResponse head = raw.headObject(b -> b.bucket(S3.bucket()).key("ct/runs/r1/pair.jpg"));
            assertEquals("image/jpeg", head.contentType());
        }
    }

    @Test
    void bucketIsCreatedOnceAndCreationIsIdempotent() {
        String bucket = "fresh-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3ObjectStore first = new S3ObjectStore(settings(bucket, "", S3ProxyResource.SECRET_KEY));
             S3ObjectStore second = new S3ObjectStore(settings(bucket, "", S3ProxyResource.SECRET_KEY))) {
            first.put("k", bytes("v"), "text/plain");
            assertArrayEquals(bytes("v"), second.require("k"));
        }
        assertTrue(Files.isDirectory(S3.dataDir().resolve(bucket)));
    }

    @Test
    void serverErrorsNameOperationBucketAndKey() {
        try (S3ObjectStore store = new S3ObjectStore(S3ObjectStore.buildClient(
                settings(S3.bucket(), "", "wrong-secret")), S3.bucket(), "")) {
            ObjectStoreException put = assertThrows(ObjectStoreException.class,
                    () -> store.put("runs/r1/a.png", bytes("x"), "image/png"));
            assertTrue(put.getMessage().startsWith("put of 'runs/r1/a.png' in s3://" + S3.bucket() + "/ failed"),
                    put.getMessage());
            ObjectStoreException get = assertThrows(ObjectStoreException.class, () -> store.get("runs/r1/a.png"));
            assertTrue(get.getMessage().contains("get of 'runs/r1/a.png'"), get.getMessage());
            // a refused signature is the configuration's fault: it must spend attempts, not wait forever
            assertFalse(put instanceof ObjectStoreUnavailableException, put.toString());
            assertFalse(get instanceof ObjectStoreUnavailableException, get.toString());
        }
    }

    @Test
    void aServerThatIsDownIsUnavailableNotAnItemFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: connections are refused, as while S3 is down
        }
        Settings down = new Settings(S3.bucket(), Optional.of("http://127.0.0.1:" + port), "us-east-1",
                Optional.of(S3ProxyResource.ACCESS_KEY), Optional.of(S3ProxyResource.SECRET_KEY), Optional.empty(),
                false);
        try (S3ObjectStore store = new S3ObjectStore(down)) {
            ObjectStoreException put = assertThrows(ObjectStoreUnavailableException.class,
                    () -> store.put("runs/r1/a.png", bytes("x"), "image/png"));
            assertTrue(put.getMessage().startsWith("put of 'runs/r1/a.png' in s3://"), put.getMessage());
            assertThrows(ObjectStoreUnavailableException.class, () -> store.get("runs/r1/a.png"));
            assertThrows(ObjectStoreUnavailableException.class, () -> store.list("runs/"));
        }
    }

    @Test
    void invalidKeysAreRefusedBeforeAnyRequest() {
        try (S3ObjectStore store = store("")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.put("../outside", bytes("x"), "text/plain"));
            assertTrue(e.getMessage().contains("'../outside'"), e.getMessage());
        }
    }

    private static S3Client rawClient() {
        return S3ObjectStore.buildClient(settings(S3.bucket(), "", S3ProxyResource.SECRET_KEY));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
