package io.imgdiff.image;

import io.imgdiff.item.RgbImage;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * 8-bit RGB PNGs through the native kernels ({@code png_deflate_rgb}: UP-filtered rows deflated by libdeflate,
 * else zlib): signature, IHDR, one IDAT and IEND, written here with their CRCs. Used by {@link ImageCodec#encodePng}
 * when the kernels are loaded; the OpenCV/libpng path stays the fallback. Any PNG decoder reads the result.
 */
final class PngWriter {

    /**
     * libdeflate's level 1 (its fastest) still compresses our images better than zlib's level 1 that the libpng path
     * used, at about a third of the time (BENCHMARKS.md, PNG encoders).
     */
    static final int LEVEL = 1;

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int HEADER = 8 + 12 + 13 + 8; // signature, IHDR chunk, IDAT length + type
    private static final int TRAILER = 4 + 12;         // IDAT CRC, IEND chunk

    private PngWriter() {
    }

    static boolean available() {
        return ImageKernels.available();
    }

    static byte[] encode(RgbImage image, int level) {
        int w = image.width();
        int h = image.height();
        long bound = ImageKernels.pngDeflateBound0(w, h);
        if (bound < 0 || bound > Integer.MAX_VALUE - HEADER - TRAILER) {
            throw new IllegalArgumentException("cannot write a " + w + "x" + h + " PNG: too large for one array");
        }
        byte[] out = new byte[(int) (HEADER + bound + TRAILER)];
        long n = ImageKernels.pngDeflateRgb0(image.rgb(), w, h, level, out, HEADER, bound);
        if (n < 0) {
            throw new IllegalStateException("the PNG encoder failed on a " + w + "x" + h + " image");
        }
        ByteBuffer b = ByteBuffer.wrap(out);
        b.put(SIGNATURE);
        b.putInt(13).put(new byte[] {'I', 'H', 'D', 'R'}).putInt(w).putInt(h)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0); // 8-bit RGB, no interlace
        b.putInt(crc(out, 12, 17));
        b.putInt((int) n).put(new byte[] {'I', 'D', 'A', 'T'});
        int end = HEADER + (int) n;
        b.position(end);
        b.putInt(crc(out, HEADER - 4, (int) n + 4));
        b.putInt(0).put(new byte[] {'I', 'E', 'N', 'D'}).putInt(crc(out, end + 8, 4));
        return Arrays.copyOf(out, b.position());
    }

    /** CRC-32 of a chunk's type and data, as PNG defines it. */
    private static int crc(byte[] bytes, int from, int length) {
        CRC32 c = new CRC32();
        c.update(bytes, from, length);
        return (int) c.getValue();
    }
}
