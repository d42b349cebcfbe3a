package io.imgdiff.image;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.CriticalRegion;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * The pixel work of image decoding in C++ ({@code native/cpu/image_kernels.h}, semantics stated there), compiled by
 * JavaCPP's builder during {@code mvn process-classes} ({@code native/build-cpu.sh}) and run on the Java arrays in
 * place. When the library is missing (no C++ compiler at build time, another platform) or
 * {@code -Dimgdiff.image-kernels=off}, {@link #available()} is false and PNGs go to the JDK decoder.
 */
@Platform(include = "image_kernels.h")
@CriticalRegion
final class ImageKernels {

    /** System property: {@code off} sends every image to the JDK decoders (for comparisons and fault isolation). */
    static final String SWITCH = "imgdiff.image-kernels";

    static final int OK = 0;
    static final int CORRUPT = -2;
    static final int SHORT = -3;
    static final int LONG = -4;
    static final int BAD_FILTER = -5;
    static final int BAD_INDEX = -6;

    private static final String UNAVAILABLE = load();
    private static volatile boolean enabled = true;

    private ImageKernels() {
    }

    private static String load() {
        if ("off".equalsIgnoreCase(System.getProperty(SWITCH, ""))) {
            return "off by -D" + SWITCH + "=off";
        }
        try {
            Loader.load(ImageKernels.class);
            inflateIsLibdeflate0(); // a library bound to another class loader fails here, not on the first image
            return null;
        } catch (Throwable e) { // UnsatisfiedLinkError when not built for this platform or bound elsewhere
            return "not loadable (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
    }

    static boolean available() {
        return UNAVAILABLE == null && enabled;
    }

    /** The switch of {@link #setEnabled}, whatever was loaded. */
    static boolean enabled() {
        return enabled;
    }

    /** Benchmarks and parity tests switch between the native and the JDK path in one run; workers never do. */
    static void setEnabled(boolean on) {
        enabled = on;
    }

    /** Whether (de)flate is libdeflate's rather than zlib's; only when {@link #available()}. */
    static boolean libdeflate() {
        return inflateIsLibdeflate0() == 1;
    }

    /** One line for logs and benchmarks: which PNG decoder runs. */
    static String status() {
        if (UNAVAILABLE != null) {
            return "JDK ImageIO: native image kernels " + UNAVAILABLE;
        }
        return enabled ? "native (image_kernels.h, inflate by " + (inflateIsLibdeflate0() == 1 ? "libdeflate" : "zlib")
                + "); JPEG: " + JpegKernels.status() : "JDK ImageIO: native image kernels switched off";
    }

    @Name("png_decode")
    static native int pngDecode0(@Cast("const uint8_t*") byte[] z, int zoff, int zlen, int w, int h, int colourType,
                                 int depth, @Cast("const uint8_t*") byte[] plte, int plteEntries,
                                 @Cast("const uint8_t*") byte[] paletteAlpha, int paletteAlphaEntries,
                                 @Cast("const int*") int[] key, @Cast("uint8_t*") byte[] out,
                                 @Cast("int64_t*") long[] info);

    @Name("unfilter_sub")
    static native void unfilterSub0(@Cast("uint8_t*") byte[] data, int rows, int rowBytes);

    @Name("unfilter_up")
    static native void unfilterUp0(@Cast("uint8_t*") byte[] data, int rows, int rowBytes);

    @Name("png_deflate_bound")
    static native long pngDeflateBound0(int w, int h);

    @Name("png_deflate_rgb")
    static native long pngDeflateRgb0(@Cast("const uint8_t*") byte[] rgb, int w, int h, int level,
                                      @Cast("uint8_t*") byte[] out, long off, long cap);

    @Name("inflate_is_libdeflate")
    private static native int inflateIsLibdeflate0();
}
