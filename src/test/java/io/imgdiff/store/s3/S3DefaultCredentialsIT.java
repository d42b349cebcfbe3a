package io.imgdiff.store.s3;

import com.sun.net.httpserver.HttpServer;
import io.imgdiff.store.ObjectStoreException;
import io.imgdiff.testing.S3ProxyResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Without {@code imgdiff.store.s3.access-key/secret-key} the store takes credentials from the AWS default chain:
 * here Java system properties ({@code aws.accessKeyId}, as the environment's {@code AWS_ACCESS_KEY_ID} would be),
 * and a web identity token exchanged at a stub STS (what EKS IRSA does), against a real S3 server (S3Proxy).
 */
class S3DefaultCredentialsIT {

    private static final S3ProxyResource S3 = new S3ProxyResource();
    private static final String[] PROPERTIES = {"aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken",
        "aws.webIdentityTokenFile", "aws.roleArn", "aws.roleSessionName", "aws.endpointUrlSts", "aws.region"};
    private final Map<String, String> saved = new HashMap<>();

    @BeforeAll
    static void startServer() {
        S3.start();
    }

    @AfterAll
    static void stopServer() {
        S3.stop();
    }

    @AfterEach
    void restoreProperties() {
        for (String p : PROPERTIES) {
            if (saved.get(p) == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, saved.get(p));
            }
        }
    }

    private void set(String key, String value) {
        if (!saved.containsKey(key)) {
            saved.put(key, System.getProperty(key));
        }
        System.setProperty(key, value);
    }

    /** Settings with no explicit keys: the default chain decides. */
    private static S3ObjectStore storeWithoutKeys() {
        return new S3ObjectStore(new S3ObjectStoreIT.Settings(S3.bucket(), Optional.of(S3.endpoint()), "us-east-1",
                Optional.empty(), Optional.empty(), Optional.of("chain-" + UUID.randomUUID()), true));
    }

    @Test
    void systemPropertiesOfTheDefaultChainAreUsed() {
        set("aws.accessKeyId", S3ProxyResource.ACCESS_KEY);
        set("aws.secretAccessKey", S3ProxyResource.SECRET_KEY);
        try (S3ObjectStore store = storeWithoutKeys()) {
            store.put("runs/r/items/i/a.png", "chain".getBytes(StandardCharsets.UTF_8), "image/png");
            assertArrayEquals("chain".getBytes(StandardCharsets.UTF_8), store.require("runs/r/items/i/a.png"));
        }
    }

    @Test
    void aWrongSecretFromTheChainFailsWithoutShowingIt() {
        set("aws.accessKeyId", S3ProxyResource.ACCESS_KEY);
        set("aws.secretAccessKey", "chain-wrong-secret-5b7a");
        ObjectStoreException e = assertThrows(ObjectStoreException.class, S3DefaultCredentialsIT::storeWithoutKeys);
        assertFalse(e.getMessage().contains("chain-wrong-secret-5b7a"), e.getMessage());
    }

    @Test
    void webIdentityTokenIsExchangedAtStsForCredentials(@TempDir Path dir) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        HttpServer sts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sts.createContext("/", ex -> {
            String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean ok = form.contains("Action=AssumeRoleWithWebIdentity") && form.contains("WebIdentityToken=irsa-jwt");
            calls.incrementAndGet();
            byte[] body = (ok ? assumed() : "<ErrorResponse/>").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/xml");
            ex.sendResponseHeaders(ok ? 200 : 400, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        sts.start();
        try {
            Path token = Files.writeString(dir.resolve("token"), "irsa-jwt");
            set("aws.webIdentityTokenFile", token.toString());
            set("aws.roleArn", "arn:aws:iam::123456789012:role/imgdiff-worker");
            set("aws.roleSessionName", "imgdiff-test");
            set("aws.endpointUrlSts", "http://127.0.0.1:" + sts.getAddress().getPort());
            set("aws.region", "us-east-1");
            try (S3ObjectStore store = storeWithoutKeys()) {
                store.put("runs/r/items/i/b.png", "irsa".getBytes(StandardCharsets.UTF_8), "image/png");
                assertArrayEquals("irsa".getBytes(StandardCharsets.UTF_8), store.require("runs/r/items/i/b.png"));
            }
            assertTrue(calls.get() >= 1, "the credentials must come from STS, which was never asked");
        } finally {
            sts.stop(0);
        }
    }

    /** An AssumeRoleWithWebIdentity answer handing out the credentials S3Proxy accepts. */
    private static String assumed() {
        return "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<AssumeRoleWithWebIdentityResult><Credentials>"
                + "<AccessKeyId>" + S3ProxyResource.ACCESS_KEY + "</AccessKeyId>"
                + "<SecretAccessKey>" + S3ProxyResource.SECRET_KEY + "</SecretAccessKey>"
                + "<SessionToken>irsa-session</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration>"
                + "</Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/imgdiff-worker/t</Arn>"
                + "<AssumedRoleId>AROATEST:t</AssumedRoleId></AssumedRoleUser>"
                + "</AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>"
                + "</AssumeRoleWithWebIdentityResponse>";
    }
}
