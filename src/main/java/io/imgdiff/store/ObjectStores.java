package io.imgdiff.store;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.store.local.LocalObjectStore;
import io.imgdiff.store.s3.S3ObjectStore;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Produces the one {@link ObjectStore} of the process, of the kind {@code imgdiff.store.type} names. It is built
 * at start-up, so a wrong type, an unreachable S3 endpoint or an unwritable directory stops the process at once
 * instead of failing the first job.
 */
@ApplicationScoped
public class ObjectStores {

    private static final Logger LOG = Logger.getLogger(ObjectStores.class);

    /** The values {@code imgdiff.store.type} accepts. */
    public enum Type {
        /** A directory, {@code imgdiff.store.local.root}. */
        LOCAL,
        /** An S3-compatible service, {@code imgdiff.store.s3.*}. */
        S3;

        /** Parses {@code value} case-insensitively, or throws naming the value and the valid ones. */
        public static Type parse(String value) {
            for (Type t : values()) {
                if (t.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                    return t;
                }
            }
            throw new IllegalArgumentException("imgdiff.store.type '" + value + "' is not supported: expected one of "
                    + Arrays.stream(values()).map(t -> t.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", ")));
        }
    }

    /** Builds the store named by {@code config.store().type()}, without logging; for tools and tests. */
    public static ObjectStore open(ImgdiffConfig.StoreConfig config) {
        return switch (Type.parse(config.type())) {
            case LOCAL -> new LocalObjectStore(config.localRoot());
            case S3 -> new S3ObjectStore(config.s3());
        };
    }

    @Produces
    @Startup
    @ApplicationScoped
    ObjectStore objectStore(ImgdiffConfig config) {
        ObjectStore store = open(config.store());
        LOG.infof("object store: %s (imgdiff.store.type=%s)", store.describe(), config.store().type());
        return store;
    }

    void close(@Disposes ObjectStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
