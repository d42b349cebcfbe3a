package io.imgdiff.model;

import io.imgdiff.config.ImgdiffConfig.ModelFile;
import io.imgdiff.store.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns a configured model location into a verified local file. A location is a local path (used in place), or an
 * object in the process's {@link ObjectStore}: {@code store:KEY}, or {@code s3://BUCKET/[PREFIX/]KEY} under the
 * configured S3 store. Store objects are fetched once into the cache directory (written to a temporary file and
 * moved, so a crash never leaves a half file under the final name) and reused afterwards. When a SHA-256 is
 * configured, the file is checked every time it is resolved; a mismatch is refused, naming the file and both sums.
 */
public final class ModelFiles {

    private final Path cacheDir;
    private final Supplier<ObjectStore> store;

    /** {@code store} is asked for only when a location names the object store. */
    public ModelFiles(Path cacheDir, Supplier<ObjectStore> store) {
        this.cacheDir = cacheDir;
        this.store = store;
    }

    /**
     * The local file of {@code file}; {@code key} names the configuration entry (e.g.
     * {@code imgdiff.models.clip-vision.model}) for error messages.
     */
    public Path resolve(String key, ModelFile file) {
        String location = file.location().map(String::trim).filter(s -> !s.isEmpty()).orElseThrow(() ->
                new IllegalStateException(key + ".location is not set; expected a local path, store:KEY or s3://BUCKET/KEY"));
        Optional<String> sha = file.sha256().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty());
        if (sha.isPresent() && !sha.get().matches("[0-9a-f]{64}")) {
            throw new IllegalStateException(key + ".sha256 '" + sha.get() + "' is not a SHA-256; expected 64 hex digits");
        }
        Path local = isStoreLocation(location) ? fetch(key, location, sha) : Path.of(location);
        if (!Files.isRegularFile(local)) {
            throw new IllegalStateException(key + ": model file " + local.toAbsolutePath() + " does not exist"
                    + " (from '" + location + "'); expected a readable file");
        }
        sha.ifPresent(expected -> verify(local, expected));
        return local;
    }

    /** Throws unless {@code file}'s SHA-256 is {@code expected} (lower-case hex). */
    public static void verify(Path file, String expected) {
        String found = sha256(file);
        if (!found.equals(expected)) {
            throw new IllegalStateException("model file " + file.toAbsolutePath() + " has SHA-256 " + found
                    + ", expected " + expected + " (configured); the file is corrupt, truncated or another model");
        }
    }

    /** Lower-case hex SHA-256 of {@code file}. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + file.toAbsolutePath(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isStoreLocation(String location) {
        return location.startsWith("store:") || location.startsWith("s3://");
    }

    private Path fetch(String key, String location, Optional<String> sha) {
        String name = location.substring(location.lastIndexOf('/') + 1).replaceFirst("^store:", "");
        // The cache name carries a digest of the whole location, so two models with the same file name never meet.
        String tag = HexFormat.of().formatHex(digest(location)).substring(0, 16);
        Path cached = cacheDir.resolve(tag + "-" + (name.isEmpty() ? "model" : name));
        if (Files.isRegularFile(cached) && (sha.isEmpty() || sha256(cached).equals(sha.get()))) {
            return cached;
        }
        ObjectStore objects = store.get();
        String objectKey = objectKey(key, location, objects);
        byte[] bytes = objects.get(objectKey).orElseThrow(() -> new IllegalStateException(key + ": model '" + location
                + "' not found: no object '" + objectKey + "' in " + objects.describe()));
        try {
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempFile(cacheDir, tag, ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(key + ": cannot write model cache " + cached.toAbsolutePath(), e);
        }
        return cached;
    }

    /** The store key of {@code location}; an s3 URI must lie under the store's own bucket and prefix. */
    private static String objectKey(String key, String location, ObjectStore objects) {
        if (location.startsWith("store:")) {
            return location.substring("store:".length());
        }
        String root = objects.describe().replaceAll("/+$", "") + "/";
        if (!location.startsWith(root) || location.length() == root.length()) {
            throw new IllegalStateException(key + ": model '" + location + "' is outside the object store "
                    + objects.describe() + "; expected a URI under " + root + " or store:KEY");
        }
        return location.substring(root.length());
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
