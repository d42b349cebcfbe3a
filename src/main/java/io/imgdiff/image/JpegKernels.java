package io.imgdiff.image;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.CriticalRegion;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JPEG decoding with libjpeg-turbo ({@code native/cpu/jpeg_kernels.h}), built by {@code native/build-image.sh}
 * when libjpeg's headers are present and linked against the system's libjpeg (libjpeg.so.62 on Debian, .8 on
 * Ubuntu); when it is missing (no build, no libjpeg at run time, {@code -Dimgdiff.image-kernels=off}) JPEGs go to the JDK decoder.
 */
@Platform(include = "jpeg_kernels.h", link = "jpeg")
@CriticalRegion
final class JpegKernels {

    static final int OK = 0;
    static final int UNSUPPORTED = -10;
    static final int FAILED = -11;

    private static final String UNAVAILABLE = load();

    private JpegKernels() {
    }

    private static String load() {
        if ("off".equalsIgnoreCase(System.getProperty(ImageKernels.SWITCH, ""))) {
            return "off by -D" + ImageKernels.SWITCH + "=off";
        }
        try {
            Loader.load(JpegKernels.class);
            jpegHeader0(new byte[0], 0, 0, new int[4], new byte[64], 64); // fails here when bound elsewhere
            return null;
        } catch (Throwable e) {
            return "not loadable (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
    }

    /** Follows {@link ImageKernels#setEnabled}, so benchmarks and tests switch both formats at once. */
    static boolean available() {
        return UNAVAILABLE == null && ImageKernels.enabled();
    }

    static String status() {
        return UNAVAILABLE == null ? "native (libjpeg-turbo)" : "JDK ImageIO (libjpeg-turbo kernels " + UNAVAILABLE + ")";
    }

    @Name("jpeg_header")
    static native int jpegHeader0(@Cast("const uint8_t*") byte[] data, int off, int len, int[] dims,
                                  @Cast("char*") byte[] msg, int cap);

    @Name("jpeg_decode")
    static native int jpegDecode0(@Cast("const uint8_t*") byte[] data, int off, int len, int w, int h,
                                  @Cast("uint8_t*") byte[] out, @Cast("char*") byte[] msg, int cap);
}
