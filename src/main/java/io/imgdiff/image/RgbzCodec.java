package io.imgdiff.image;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.PixelBuffers;
import io.imgdiff.item.RgbImage;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The internal image format, for what the pipeline writes and reads itself (generated pairs between stages): 8-bit
 * RGB rows with a byte delta, then zstd or LZ4. Chosen by measurement (BENCHMARKS.md, 1024² generated images on a
 * 2-core Xeon): zstd level 1 of the UP delta is the smallest (~1.1 MB of 3 MB) and decodes at ~1 GB/s; LZ4 (HC level
 * 2) is ~1.35x larger and decodes ~2x faster, which is what a decode-bound worker on a local or fast store wants.
 * Version 2, written today (big-endian):
 * <pre>
 *   8  signature    0x89 'R' 'G' 'B' 'Z' '\r' '\n' 0x1A
 *   1  version      2
 *   4  width        4  height
 *   1  channels     3
 *   1  filter       2 (UP: each byte minus the byte one row above; the first row as it is)
 *   1  compression  1 (one zstd frame, content size and XXH64 checksum set) or 2 (one LZ4 block)
 *   4  CRC32C of everything after the header (LZ4 blocks carry no checksum of their own)
 *   …  the compressed width*height*3 delta bytes
 * </pre>
 * Version 1 (runs written before; still read): the same first 17 bytes, filter 1 (SUB: each byte minus the byte 3
 * before it in its row), then the zstd frame, no compression byte and no CRC. UP replaced SUB because its inverse
 * has no chain along the row (vectorised: ~0.12 vs ~1.15 ms per 1024² image) and compresses no worse (~7 % smaller
 * on the hard generator's images, the same on the demo's).
 * Exports and the web API turn it into PNG ({@link ImageCodec#toPortable}).
 */
final class RgbzCodec {

    /** The entropy stage of a version-2 file; the number is its byte in the header. */
    enum Compression {
        ZSTD(1), LZ4(2);

        final int id;

        Compression(int id) {
            this.id = id;
        }
    }

    static final byte[] SIGNATURE = {(byte) 0x89, 'R', 'G', 'B', 'Z', '\r', '\n', 0x1A};
    private static final int HEADER_V1 = SIGNATURE.length + 11;
    private static final int HEADER_V2 = SIGNATURE.length + 16;
    private static final int FILTER_SUB = 1;
    private static final int FILTER_UP = 2;
    private static final int ZSTD_LEVEL = 1;
    /** HC level 2 (LZ4's "mid" matcher): ~16 % smaller than LZ4's fast mode for ~30 % more encode time, same decode. */
    private static final int LZ4_LEVEL = 2;

    private static final ThreadLocal<ZstdCompressCtx> ZSTD = ThreadLocal.withInitial(() -> {
        ZstdCompressCtx ctx = new ZstdCompressCtx();
        ctx.setLevel(ZSTD_LEVEL);
        ctx.setChecksum(true);
        ctx.setContentSize(true);
        return ctx;
    });
    /** JNI when its bundled library loads here, else lz4-java's pure Java twin (same format, ~5x slower). */
    private static final LZ4Factory LZ4 = lz4();
    private static final LZ4Compressor LZ4_WRITER = LZ4.highCompressor(LZ4_LEVEL);
    private static final LZ4SafeDecompressor LZ4_READER = LZ4.safeDecompressor();

    /** What a header says, after {@link #header} checked it. */
    record Header(int version, long width, long height, int filter, Compression compression, int payload) {
    }

    private RgbzCodec() {
    }

    /**
     * lz4-java's {@code fastestInstance()} takes JNI only on the system class loader, never under Quarkus' own: asked
     * for by name instead. Where the library is bound to another class loader of this JVM (several Quarkus apps in
     * one test JVM) loading fails and the Java twin runs.
     */
    private static LZ4Factory lz4() {
        try {
            return LZ4Factory.nativeInstance();
        } catch (Throwable e) { // UnsatisfiedLinkError: another platform, or bound to another class loader
            return LZ4Factory.fastestJavaInstance();
        }
    }

    static String status() {
        return "zstd-jni; LZ4 " + LZ4;
    }

    /** Version 2 of {@code image}. */
    static byte[] encode(RgbImage image, Compression compression) {
        int w = image.width();
        int h = image.height();
        byte[] delta = upDelta(image.rgb(), w * 3);
        byte[] out;
        int length;
        if (compression == Compression.ZSTD) {
            byte[] frame = ZSTD.get().compress(delta);
            out = new byte[HEADER_V2 + frame.length];
            System.arraycopy(frame, 0, out, HEADER_V2, frame.length);
            length = out.length;
        } else {
            out = new byte[HEADER_V2 + LZ4_WRITER.maxCompressedLength(delta.length)];
            length = HEADER_V2 + LZ4_WRITER.compress(delta, 0, delta.length, out, HEADER_V2, out.length - HEADER_V2);
        }
        ByteBuffer.wrap(out).put(SIGNATURE).put((byte) 2).putInt(w).putInt(h).put((byte) 3).put((byte) FILTER_UP)
                .put((byte) compression.id).putInt(crc(out, HEADER_V2, length));
        return length == out.length ? out : Arrays.copyOf(out, length);
    }

    /** Each byte minus the one a row above, from the source array: a forward loop the JIT vectorises. */
    private static byte[] upDelta(byte[] rgb, int rowBytes) {
        byte[] delta = new byte[rgb.length];
        System.arraycopy(rgb, 0, delta, 0, Math.min(rowBytes, rgb.length));
        for (int i = rowBytes; i < rgb.length; i++) {
            delta[i] = (byte) (rgb[i] - rgb[i - rowBytes]);
        }
        return delta;
    }

    /** The header's fields, checked for consistency; the caller checks the size before anything is allocated. */
    static Header header(String what, byte[] bytes) {
        if (bytes.length < HEADER_V1) {
            throw corrupt(what, bytes, "the file ends inside its header");
        }
        ByteBuffer h = ByteBuffer.wrap(bytes, SIGNATURE.length, HEADER_V1 - SIGNATURE.length);
        int version = h.get();
        long w = Integer.toUnsignedLong(h.getInt());
        long hgt = Integer.toUnsignedLong(h.getInt());
        int channels = h.get();
        int filter = h.get();
        if (version == 1 && channels == 3 && filter == FILTER_SUB) {
            return new Header(1, w, hgt, filter, Compression.ZSTD, HEADER_V1);
        }
        if (version != 2 || channels != 3 || filter != FILTER_UP) {
            throw corrupt(what, bytes, "its header says version " + version + ", " + channels + " channels, filter "
                    + filter + " (this build reads version 1 with filter 1 and version 2 with filter 2, 3 channels)");
        }
        if (bytes.length < HEADER_V2) {
            throw corrupt(what, bytes, "the file ends inside its " + HEADER_V2 + "-byte header");
        }
        int id = bytes[HEADER_V1];
        Compression compression = Arrays.stream(Compression.values()).filter(c -> c.id == id).findFirst()
                .orElseThrow(() -> corrupt(what, bytes, "its header names compression " + id
                        + " (this build reads 1 = zstd and 2 = LZ4)"));
        return new Header(2, w, hgt, filter, compression, HEADER_V2);
    }

    /** Decodes a file whose {@link #header} the caller read and whose size it checked. */
    static RgbImage decode(String what, byte[] bytes, Header header) {
        int w = (int) header.width();
        int h = (int) header.height();
        int n = Math.multiplyExact(Math.multiplyExact(w, h), 3);
        int off = header.payload();
        int len = bytes.length - off;
        if (header.version() == 2) {
            int stored = ByteBuffer.wrap(bytes, HEADER_V2 - 4, 4).getInt();
            int computed = crc(bytes, off, bytes.length);
            if (stored != computed) {
                throw corrupt(what, bytes, String.format(
                        "its CRC32C is %08x, the header says %08x (changed or cut short)", computed, stored));
            }
        }
        byte[] rgb = PixelBuffers.take(n); // every byte written below, or the decode throws
        if (header.compression() == Compression.ZSTD) {
            inflateZstd(what, bytes, off, len, rgb, w, h);
        } else {
            inflateLz4(what, bytes, off, len, rgb);
        }
        if (header.filter() == FILTER_UP) {
            unfilterUp(rgb, w * 3);
        } else if (ImageKernels.available()) {
            ImageKernels.unfilterSub0(rgb, h, w * 3);
        } else {
            undelta(rgb, w, h);
        }
        return new RgbImage(w, h, rgb);
    }

    private static void inflateZstd(String what, byte[] bytes, int off, int len, byte[] rgb, int w, int h) {
        int n = rgb.length;
        long content = Zstd.getFrameContentSize(bytes, off, len);
        if (content != n) {
            throw corrupt(what, bytes, content < 0 ? "its zstd frame is unreadable or cut short"
                    : "its zstd frame holds " + content + " bytes, not the " + n + " of " + w + "x" + h + " RGB");
        }
        try {
            long got = Zstd.decompressByteArray(rgb, 0, n, bytes, off, len);
            if (Zstd.isError(got)) {
                throw corrupt(what, bytes, "zstd: " + Zstd.getErrorName(got));
            }
            if (got != n) {
                throw corrupt(what, bytes, "its zstd frame gave " + got + " of " + n + " bytes");
            }
        } catch (ZstdException e) {
            throw corrupt(what, bytes, "zstd: " + e.getMessage());
        }
    }

    private static void inflateLz4(String what, byte[] bytes, int off, int len, byte[] rgb) {
        int got;
        try {
            got = LZ4_READER.decompress(bytes, off, len, rgb, 0, rgb.length);
        } catch (LZ4Exception e) {
            throw corrupt(what, bytes, "LZ4: " + e.getMessage());
        }
        if (got != rgb.length) {
            throw corrupt(what, bytes, "its LZ4 block gave " + got + " of the " + rgb.length
                    + " bytes its header says");
        }
    }

    /** The inverse of {@link #upDelta}: image_kernels.h's vectorised loop, or the Java twin. */
    static void unfilterUp(byte[] rgb, int rowBytes) {
        if (ImageKernels.available()) {
            ImageKernels.unfilterUp0(rgb, rgb.length / rowBytes, rowBytes);
        } else {
            unfilterUpJava(rgb, rowBytes);
        }
    }

    /** The Java twin of image_kernels.h's unfilter_up. */
    static void unfilterUpJava(byte[] rgb, int rowBytes) {
        for (int i = rowBytes; i < rgb.length; i++) {
            rgb[i] += rgb[i - rowBytes];
        }
    }

    /** The Java twin of image_kernels.h's unfilter_sub (version 1). */
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

    private static int crc(byte[] bytes, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, to - from);
        return (int) crc.getValue();
    }

    private static BadInputException corrupt(String what, byte[] bytes, String found) {
        return new BadInputException(what + " is a corrupt or truncated RGBZ (" + bytes.length + " bytes): " + found
                + "; expected a complete imgdiff internal image");
    }
}
