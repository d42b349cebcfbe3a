package io.imgdiff.config;

/**
 * How the pipeline stores the images it writes for itself ({@code generate.image-format}). Both internal variants
 * are one format (io.imgdiff.image.RgbzCodec, the header names the compression), so every worker reads either.
 */
public enum StoredImageFormat {
    /** The internal format, zstd-compressed: the smallest objects; for stores where transfer is what costs. */
    RGBZ,
    /**
     * The internal format, LZ4-compressed: ~1.35x larger than {@link #RGBZ}, decodes ~2x faster; for a local or
     * fast store, where decoding is what costs.
     */
    RGBZ_LZ4,
    /** Plain PNG: slower, but any image viewer opens the object store's files directly. */
    PNG;

    /** The name in settings: {@code rgbz}, {@code rgbz-lz4}, {@code png}. */
    public String settingName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The setting name's format, or empty. */
    public static java.util.Optional<StoredImageFormat> ofSettingName(String name) {
        return java.util.Arrays.stream(values()).filter(f -> f.settingName().equals(name.trim().toLowerCase(
                java.util.Locale.ROOT))).findFirst();
    }

    /** The object name's extension, e.g. {@code a.rgbz}: the same for both internal variants. */
    public String extension() {
        return this == PNG ? "png" : "rgbz";
    }

    /** The object's content type in the store. */
    public String contentType() {
        return this == PNG ? "image/png" : "application/x-imgdiff-rgbz";
    }
}
