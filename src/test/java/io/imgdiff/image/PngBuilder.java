package io.imgdiff.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes PNGs byte by byte for decoder tests: any colour type and bit depth, a chosen filter per row (all five
 * applied for real), PLTE/tRNS, the image data split into IDATs of a chosen size, and deliberate damage (rows left
 * out of the zlib stream, a wrong CRC, a bad filter byte).
 */
final class PngBuilder {

    private final int width;
    private final int height;
    private final int colourType;
    private final int depth;
    private final byte[] samples; // unfiltered rows, width * channels * depth/8 bytes each
    private int[] filters = {0};
    private byte[] palette;
    private byte[] trns;
    private int idatSize = 8192;
    private int rowsWritten = -1;
    private int cutAt = -1;
    private int badFilterRow = -1;
    private boolean badIdatCrc;

    PngBuilder(int width, int height, int colourType, int depth, byte[] samples) {
        this.width = width;
        this.height = height;
        this.colourType = colourType;
        this.depth = depth;
        this.samples = samples;
        if (samples.length != height * rowBytes()) {
            throw new IllegalArgumentException("samples " + samples.length + ", expected " + height * rowBytes());
        }
    }

    static int channels(int colourType) {
        return switch (colourType) {
            case 0, 3 -> 1;
            case 2 -> 3;
            case 4 -> 2;
            default -> 4;
        };
    }

    int rowBytes() {
        return width * channels(colourType) * depth / 8;
    }

    /** Row y is filtered with {@code filters[y % filters.length]}. */
    PngBuilder filters(int... f) {
        this.filters = f;
        return this;
    }

    PngBuilder palette(byte[] rgb) {
        this.palette = rgb;
        return this;
    }

    PngBuilder trns(byte[] data) {
        this.trns = data;
        return this;
    }

    PngBuilder idatSize(int bytes) {
        this.idatSize = bytes;
        return this;
    }

    /** Only the first {@code rows} rows go into the (otherwise valid) zlib stream. */
    PngBuilder rowsWritten(int rows) {
        this.rowsWritten = rows;
        return this;
    }

    /** The zlib stream (still valid) holds only the first {@code bytes} bytes of the filtered rows. */
    PngBuilder cutAt(int bytes) {
        this.cutAt = bytes;
        return this;
    }

    PngBuilder badFilterAt(int row) {
        this.badFilterRow = row;
        return this;
    }

    PngBuilder badIdatCrc() {
        this.badIdatCrc = true;
        return this;
    }

    byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) depth)
                .put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0);
        out.writeBytes(chunk("IHDR", ihdr.array(), false));
        if (palette != null) {
            out.writeBytes(chunk("PLTE", palette, false));
        }
        if (trns != null) {
            out.writeBytes(chunk("tRNS", trns, false));
        }
        byte[] rows = filtered();
        byte[] z = deflate(cutAt < 0 ? rows : java.util.Arrays.copyOf(rows, cutAt));
        for (int at = 0; at < z.length; at += idatSize) {
            byte[] part = java.util.Arrays.copyOfRange(z, at, Math.min(z.length, at + idatSize));
            out.writeBytes(chunk("IDAT", part, badIdatCrc && at == 0));
        }
        out.writeBytes(chunk("IEND", new byte[0], false));
        return out.toByteArray();
    }

    private byte[] filtered() {
        int rb = rowBytes();
        int bpp = Math.max(1, channels(colourType) * depth / 8);
        int rows = rowsWritten < 0 ? height : rowsWritten;
        byte[] f = new byte[rows * (rb + 1)];
        for (int y = 0; y < rows; y++) {
            int type = filters[y % filters.length];
            f[y * (rb + 1)] = (byte) (y == badFilterRow ? 7 : type);
            for (int i = 0; i < rb; i++) {
                int x = sample(y, i);
                int a = i >= bpp ? sample(y, i - bpp) : 0;
                int b = y > 0 ? sample(y - 1, i) : 0;
                int c = y > 0 && i >= bpp ? sample(y - 1, i - bpp) : 0;
                int predicted = switch (type) {
                    case 1 -> a;
                    case 2 -> b;
                    case 3 -> (a + b) >> 1;
                    case 4 -> paeth(a, b, c);
                    default -> 0;
                };
                f[y * (rb + 1) + 1 + i] = (byte) (x - predicted);
            }
        }
        return f;
    }

    private int sample(int y, int i) {
        return samples[y * rowBytes() + i] & 0xFF;
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(6);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    static byte[] chunk(String type, byte[] data, boolean wrongCrc) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length).putInt(data.length)
                .put(type.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 4, 4 + data.length);
        b.putInt((int) crc.getValue() ^ (wrongCrc ? 1 : 0));
        return b.array();
    }

    /** Random samples for a {@code width x height} image of this colour type and depth. */
    static byte[] randomSamples(int width, int height, int colourType, int depth, long seed, int paletteSize) {
        java.util.Random r = new java.util.Random(seed);
        byte[] s = new byte[width * height * channels(colourType) * depth / 8];
        for (int i = 0; i < s.length; i++) {
            s[i] = (byte) (colourType == 3 ? r.nextInt(paletteSize) : r.nextInt(256));
        }
        return s;
    }

    static List<int[]> allFilterPatterns() {
        List<int[]> p = new ArrayList<>();
        for (int f = 0; f <= 4; f++) {
            p.add(new int[] {f});
        }
        p.add(new int[] {0, 1, 2, 3, 4});
        return p;
    }
}
