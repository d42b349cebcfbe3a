package io.imgdiff.image;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.RgbImage;

import java.nio.ByteBuffer;

/**
 * The internal image format, for what the pipeline writes and reads itself (generated pairs between stages): 8-bit
 * RGB rows with PNG's SUB byte delta, compressed by zstd level 1 with its XXH64 content checksum. Chosen by
 * measurement over PNG (BENCHMARKS.md): on generated 1024² images it is ~5x faster to write and ~3x faster to read
 * than PNG through the native decoder, and no larger. Layout (big-endian):
 * <pre>
 *   8  signature  0x89 'R' 'G' 'B' 'Z' '\r' '\n' 0x1A
 *   1  version    1
 *   4  width      4  height
 *   1  channels   3
 *   1  filter     1 (SUB: each byte minus the byte 3 before it in its row)
 *   …  one zstd frame holding width*height*3 bytes, content size and checksum set
 * </pre>
 * Exports and the web API turn it into PNG ({@link ImageCodec#toPortable}).
 */
final class RgbzCodec {

    static final byte[] SIGNATURE = {(byte) 0x89, 'R', 'G', 'B', 'Z', '\r', '\n', 0x1A};
    private static final int HEADER = SIGNATURE.length + 11;
    private static final int LEVEL = 1;

    private static final ThreadLocal<ZstdCompressCtx> COMPRESSOR = ThreadLocal.withInitial(() -> {
        ZstdCompressCtx ctx = new ZstdCompressCtx();
        ctx.setLevel(LEVEL);
        ctx.setChecksum(true);
        ctx.setContentSize(true);
        return ctx;
    });

    private RgbzCodec() {
    }

    static byte[] encode(RgbImage image) {
        int w = image.width();
        byte[] rgb = image.rgb();
        byte[] delta = new byte[rgb.length];
        int rowBytes = w * 3;
        for (int y = 0, rows = image.height(); y < rows; y++) {
            int start = y * rowBytes;
            int end = start + rowBytes;
            System.arraycopy(rgb, start, delta, start, Math.min(3, rowBytes));
            for (int i = start + 3; i < end; i++) { // from the source array: a forward loop the JIT vectorises
                delta[i] = (byte) (rgb[i] - rgb[i - 3]);
            }
        }
        byte[] frame = COMPRESSOR.get().compress(delta);
        return ByteBuffer.allocate(HEADER + frame.length).put(SIGNATURE).put((byte) 1).putInt(w)
                .putInt(image.height()).put((byte) 3).put((byte) 1).put(frame).array();
    }

    /** Width and height from the header, checked by the caller before anything is allocated. */
    static long[] size(String what, byte[] bytes) {
        if (bytes.length < HEADER) {
            throw corrupt(what, bytes, "the file ends inside its " + HEADER + "-byte header");
        }
        ByteBuffer h = ByteBuffer.wrap(bytes, SIGNATURE.length, HEADER - SIGNATURE.length);
        int version = h.get();
        long w = Integer.toUnsignedLong(h.getInt());
        long hgt = Integer.toUnsignedLong(h.getInt());
        int channels = h.get();
        int filter = h.get();
        if (version != 1 || channels != 3 || filter != 1) {
            throw corrupt(what, bytes, "its header says version " + version + ", " + channels + " channels, filter "
                    + filter);
        }
        return new long[] {w, hgt};
    }

    /** Decodes a file whose header {@link #size} accepted and whose size the caller checked. */
    static RgbImage decode(String what, byte[] bytes, int w, int h) {
        int n = Math.multiplyExact(Math.multiplyExact(w, h), 3);
        long content = Zstd.getFrameContentSize(bytes, HEADER, bytes.length - HEADER);
        if (content != n) {
            throw corrupt(what, bytes, content < 0 ? "its zstd frame is unreadable or cut short"
                    : "its zstd frame holds " + content + " bytes, not the " + n + " of " + w + "x" + h + " RGB");
        }
        byte[] rgb = new byte[n];
        try {
            long got = Zstd.decompressByteArray(rgb, 0, n, bytes, HEADER, bytes.length - HEADER);
            if (Zstd.isError(got)) {
                throw corrupt(what, bytes, "zstd: " + Zstd.getErrorName(got));
            }
            if (got != n) {
                throw corrupt(what, bytes, "its zstd frame gave " + got + " of " + n + " bytes");
            }
        } catch (ZstdException e) {
            throw corrupt(what, bytes, "zstd: " + e.getMessage());
        }
        if (ImageKernels.available()) {
            ImageKernels.unfilterSub0(rgb, h, w * 3);
        } else {
            undelta(rgb, w, h);
        }
        return new RgbImage(w, h, rgb);
    }

    /** The Java twin of image_kernels.h's unfilter_sub. */
    static void undelta(byte[] rgb, int w, int h) {
        int rowBytes = w * 3;
        for (int y = 0; y < h; y++) {
            int p = y * rowBytes;
            int r = 0;
            int g = 0;
            int b = 0;
            for (int end = p + rowBytes; p < end; p += 3) {
                r += rgb[p];
                g += rgb[p + 1];
                b += rgb[p + 2];
                rgb[p] = (byte) r;
                rgb[p + 1] = (byte) g;
                rgb[p + 2] = (byte) b;
            }
        }
    }

    private static BadInputException corrupt(String what, byte[] bytes, String found) {
        return new BadInputException(what + " is a corrupt or truncated RGBZ (" + bytes.length + " bytes): " + found
                + "; expected a complete imgdiff internal image");
    }
}
