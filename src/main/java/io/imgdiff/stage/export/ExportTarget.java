package io.imgdiff.stage.export;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an export's files go: a local directory, or an S3 prefix ({@code io.imgdiff.export.S3ExportTarget}). Paths
 * are {@code /}-separated and relative; a file is complete once its stream is closed, and replaces an earlier one.
 */
public interface ExportTarget extends Closeable {

    /** A stream writing the file at {@code path}. */
    OutputStream create(String path) throws IOException;

    /** Writes {@code bytes} as the file at {@code path}. */
    default void write(String path, byte[] bytes) throws IOException {
        try (OutputStream out = create(path)) {
            out.write(bytes);
        }
    }

    /** For messages, e.g. {@code /data/export} or {@code s3://bucket/prefix}. */
    String describe();

    @Override
    default void close() throws IOException {
    }

    /** Files under {@code dir}, created as needed. */
    static ExportTarget directory(Path dir) {
        return new ExportTarget() {
            @Override
            public OutputStream create(String path) throws IOException {
                Path file = dir.resolve(path);
                Files.createDirectories(file.getParent());
                return new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            }

            @Override
            public String describe() {
                return dir.toString();
            }
        };
    }
}
