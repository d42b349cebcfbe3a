package io.imgdiff.store;

import java.util.List;
import java.util.Optional;

/**
 * Blob storage for images, crops and previews. Keys are {@code /}-separated relative paths built by
 * {@link ObjectKeys}; writes replace whole objects, so a re-delivered job that rewrites a key changes nothing.
 */
public interface ObjectStore {

    /** Writes {@code bytes} at {@code key}, replacing what was there. */
    void put(String key, byte[] bytes, String contentType);

    /** The object at {@code key}, or empty when there is none. */
    Optional<byte[]> get(String key);

    /** Keys under {@code prefix}, sorted. */
    List<String> list(String prefix);

    /** Removes the object at {@code key}; no error when it is absent. */
    void delete(String key);

    /** A human-readable location, e.g. {@code file:/data/imgdiff} or {@code s3://bucket/prefix}, for logs. */
    String describe();

    /** The object at {@code key}, or an error naming the key and the store. */
    default byte[] require(String key) {
        return get(key).orElseThrow(() -> new IllegalStateException("object '" + key + "' not found in " + describe()));
    }
}
