package io.imgdiff.store.local;

import io.imgdiff.store.ObjectKeys;
import io.imgdiff.store.ObjectStore;
import io.imgdiff.store.ObjectStoreException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An {@link ObjectStore} in a local directory: key {@code runs/r/items/i/a.png} is the file
 * {@code <root>/runs/r/items/i/a.png}. A write goes to a hidden temporary file in the target directory, is forced
 * to disk and then renamed over the target atomically, so readers and crashes never see half an object. Keys are
 * checked with {@link ObjectKeys#checkKey} and the resolved path must stay under the root.
 */
public final class LocalObjectStore implements ObjectStore {

    /** Temporary files start with a dot, which no valid key segment does, so {@link #list} never returns them. */
    private static final String TEMP_PREFIX = ".put-";

    private final Path root;

    /** Opens (and creates when missing) the store rooted at {@code root}. */
    public LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create local store root " + this.root, e);
        }
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        Path target = resolve(key);
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            temp = Files.createTempFile(target.getParent(), TEMP_PREFIX, ".tmp");
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                // Without this, a power loss after the rename could leave the new name pointing at empty blocks.
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (IOException e) {
            throw new ObjectStoreException("put", describe(), key, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        Path path = resolve(key);
        try {
            return Optional.of(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ObjectStoreException("get", describe(), key, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        ObjectKeys.checkPrefix(prefix);
        // Walk only the deepest directory the prefix names in full; the rest is a string filter, as in S3.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(k -> k.startsWith(prefix) && !k.contains("/" + TEMP_PREFIX) && !k.startsWith(TEMP_PREFIX))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new ObjectStoreException("list", describe(), prefix, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw new ObjectStoreException("delete", describe(), key, e);
        }
    }

    @Override
    public String describe() {
        return root.toUri().toString();
    }

    /** The store's root directory. */
    public Path root() {
        return root;
    }

    private Path resolve(String key) {
        Path path = root.resolve(ObjectKeys.checkKey(key)).normalize();
        // checkKey already excludes every way out; this guards against a future relaxation of the key rules.
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("object key '" + key + "' resolves to " + path + ", outside " + root);
        }
        return path;
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // The put already failed with the real cause; a stray hidden temp file is harmless.
            }
        }
    }
}
