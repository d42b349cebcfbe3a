package io.imgdiff.stage.export;

/**
 * How to export: the {@code format}; {@code images} false writes the records only (names of the pictures kept, files
 * not written: a quick look at a run, or a measure of the streaming path); {@code shardMaxBytes} bounds a WebDataset
 * shard (a sample larger than it gets a shard of its own).
 */
public record ExportOptions(ExportFormat format, boolean images, long shardMaxBytes) {

    /** WebDataset's own examples use shards of a few hundred MB; 256 MiB keeps a shard one quick S3 object. */
    public static final long DEFAULT_SHARD_BYTES = 256L << 20;

    public ExportOptions {
        if (format == null) {
            throw new IllegalArgumentException("export format is missing; expected llava, hf or wds");
        }
        if (shardMaxBytes < 1 << 16) {
            throw new IllegalArgumentException("shard size " + shardMaxBytes + " bytes is too small; expected at"
                    + " least 64 KiB");
        }
    }

    /** {@code format} with images and the default shard size. */
    public static ExportOptions of(ExportFormat format) {
        return new ExportOptions(format, true, DEFAULT_SHARD_BYTES);
    }
}
