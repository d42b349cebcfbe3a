package io.imgdiff.store;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.store.local.LocalObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectStoresTest {

    @TempDir
    Path tmp;

    @Test
    void typesParseCaseInsensitively() {
        assertEquals(ObjectStores.Type.LOCAL, ObjectStores.Type.parse("local"));
        assertEquals(ObjectStores.Type.S3, ObjectStores.Type.parse(" S3 "));
    }

    @Test
    void unknownTypeNamesTheValueAndTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ObjectStores.open(storeConfig("gcs")));
        assertTrue(e.getMessage().contains("'gcs'"), e.getMessage());
        assertTrue(e.getMessage().contains("local, s3"), e.getMessage());
    }

    @Test
    void localTypeOpensADirectoryStore() {
        ObjectStore store = ObjectStores.open(storeConfig("local"));
        LocalObjectStore local = assertInstanceOf(LocalObjectStore.class, store);
        assertEquals(tmp.resolve("root").toAbsolutePath(), local.root());
        assertTrue(store.describe().startsWith("file:"), store.describe());
    }

    /** A StoreConfig whose answers come from a map; only the methods open() calls are needed. */
    private ImgdiffConfig.StoreConfig storeConfig(String type) {
        Map<String, Object> answers = Map.of("type", type, "localRoot", tmp.resolve("root"));
        return (ImgdiffConfig.StoreConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ImgdiffConfig.StoreConfig.class}, (p, m, args) -> {
                    if (!answers.containsKey(m.getName())) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    return answers.get(m.getName());
                });
    }
}
