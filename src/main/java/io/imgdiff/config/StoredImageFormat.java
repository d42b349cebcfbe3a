package io.imgdiff.config;

/** How the pipeline stores the images it writes for itself ({@code generate.image-format}). */
public enum StoredImageFormat {
    /** The internal format: SUB-delta RGB in zstd (io.imgdiff.image.RgbzCodec); fastest to write and read. */
    RGBZ,
    /** Plain PNG: slower, but any image viewer opens the object store's files directly. */
    PNG;

    /** The object name's extension, e.g. {@code a.rgbz}. */
    public String extension() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The object's content type in the store. */
    public String contentType() {
        return this == PNG ? "image/png" : "application/x-imgdiff-rgbz";
    }
}
