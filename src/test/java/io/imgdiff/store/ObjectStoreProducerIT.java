package io.imgdiff.store;

import io.imgdiff.testing.S3ProxyResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CDI producer builds the store {@code imgdiff.store.type} names, here S3 against a real S3Proxy. */
@QuarkusTest
@QuarkusTestResource(value = S3ProxyResource.class, restrictToAnnotatedClass = true)
class ObjectStoreProducerIT {

    @Inject
    ObjectStore store;

    @Test
    void producesTheConfiguredS3Store() {
        assertTrue(store.describe().startsWith("s3://imgdiff-"), store.describe());
        store.put("runs/q1/items/i1/a.png", "png".getBytes(StandardCharsets.UTF_8), "image/png");
        assertArrayEquals("png".getBytes(StandardCharsets.UTF_8), store.require("runs/q1/items/i1/a.png"));
    }
}
