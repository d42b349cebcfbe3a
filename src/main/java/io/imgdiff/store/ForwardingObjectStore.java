package io.imgdiff.store;

import java.util.List;
import java.util.Optional;

/** A store that passes every call to another; subclasses change the calls they care about (reads, usually). */
public abstract class ForwardingObjectStore implements ObjectStore {

    protected final ObjectStore store;

    protected ForwardingObjectStore(ObjectStore store) {
        this.store = store;
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        store.put(key, bytes, contentType);
    }

    @Override
    public Optional<byte[]> get(String key) {
        return store.get(key);
    }

    @Override
    public List<String> list(String prefix) {
        return store.list(prefix);
    }

    @Override
    public void delete(String key) {
        store.delete(key);
    }

    @Override
    public String describe() {
        return store.describe();
    }
}
