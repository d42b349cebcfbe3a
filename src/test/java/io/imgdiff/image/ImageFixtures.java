package io.imgdiff.image;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

/** Test images built in memory: nothing binary is committed. */
public final class ImageFixtures {

    private ImageFixtures() {
    }

    /** A w×h RGB image of mid grey (128). */
    public static io.imgdiff.item.RgbImage grey(int w, int h) {
        io.imgdiff.item.RgbImage img = io.imgdiff.item.RgbImage.blank(w, h);
        Arrays.fill(img.rgb(), (byte) 128);
        return img;
    }

    /** Fills {@code box} of {@code img} with one colour. */
    public static void paint(io.imgdiff.item.RgbImage img, io.imgdiff.item.Box box, int r, int g, int b) {
        for (int y = box.y1(); y < box.y2(); y++) {
            for (int x = box.x1(); x < box.x2(); x++) {
                int o = (y * img.width() + x) * 3;
                img.rgb()[o] = (byte) r;
                img.rgb()[o + 1] = (byte) g;
                img.rgb()[o + 2] = (byte) b;
            }
        }
    }

    public static BufferedImage noise(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return img;
    }

    /** Four equal quadrants, colours as 0xRRGGBB: top-left, top-right, bottom-left, bottom-right. */
    public static BufferedImage quadrants(int w, int h, int... rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb[(y < h / 2 ? 0 : 2) + (x < w / 2 ? 0 : 1)]);
            }
        }
        return img;
    }

    /** A 16-bit-per-sample RGB image filled with one colour (samples 0–65535). */
    public static BufferedImage rgb16(int w, int h, int r, int g, int b) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setPixel(x, y, new int[] {r, g, b});
            }
        }
        return new BufferedImage(cm, raster, false, null);
    }

    public static byte[] png(BufferedImage img) {
        return write(img, "png");
    }

    public static byte[] jpeg(BufferedImage img) {
        return write(img, "jpeg");
    }

    private static byte[] write(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no " + format + " writer for " + img);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG with a valid signature and IHDR claiming {@code w x h}, no pixel data at all. */
    public static byte[] pngHeaderOnly(long w, long h) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt((int) w).putInt((int) h)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        out.writeBytes(chunk("IHDR", ihdr.array()));
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(name).put(data)
                .putInt((int) crc.getValue()).array();
    }

    /** {@code jpeg} with an EXIF APP1 segment holding only the orientation tag, inserted after SOI (and APP0). */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer app1 = ByteBuffer.allocate(36)
                .put(new byte[] {(byte) 0xFF, (byte) 0xE1}).putShort((short) 34)
                .put("Exif\0\0".getBytes(StandardCharsets.US_ASCII))
                .put("MM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(8)
                .putShort((short) 1)
                .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0)
                .putInt(0);
        return insertAfterApp0(jpeg, app1.array());
    }

    /** {@code png} with an {@code eXIf} chunk (a big-endian TIFF block holding only the orientation) after IHDR. */
    public static byte[] pngWithExifOrientation(byte[] png, int orientation) {
        byte[] tiff = ByteBuffer.allocate(26)
                .put("MM".getBytes(StandardCharsets.US_ASCII)).putShort((short) 42).putInt(8)
                .putShort((short) 1)
                .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0)
                .putInt(0).array();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("eXIf".getBytes(StandardCharsets.US_ASCII));
        crc.update(tiff);
        ByteBuffer chunk = ByteBuffer.allocate(12 + tiff.length).putInt(tiff.length)
                .put("eXIf".getBytes(StandardCharsets.US_ASCII)).put(tiff).putInt((int) crc.getValue());
        int afterIhdr = 8 + 4 + 4 + 13 + 4; // signature, IHDR length, type, data, CRC
        byte[] out = new byte[png.length + chunk.capacity()];
        System.arraycopy(png, 0, out, 0, afterIhdr);
        System.arraycopy(chunk.array(), 0, out, afterIhdr, chunk.capacity());
        System.arraycopy(png, afterIhdr, out, afterIhdr + chunk.capacity(), png.length - afterIhdr);
        return out;
    }

    /**
     * A 4-channel CMYK JPEG as Photoshop writes them: an Adobe APP14 marker (transform 0: CMYK, no colour
     * transform) and inverted samples. {@code cmyk} holds one C,M,Y,K quadruple (0–255, ink amounts) for the left
     * half and one for the right half.
     */
    public static byte[] adobeCmykJpeg(int w, int h, int[] left, int[] right) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] ink = x < w / 2 ? left : right;
                raster.setPixel(x, y, Arrays.stream(ink).map(v -> 255 - v).toArray());
            }
        }
        ImageWriter writer = jdkJpegWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(raster, null, null), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        ByteBuffer app14 = ByteBuffer.allocate(16).put(new byte[] {(byte) 0xFF, (byte) 0xEE}).putShort((short) 14)
                .put("Adobe".getBytes(StandardCharsets.US_ASCII)).putShort((short) 100).putShort((short) 0)
                .putShort((short) 0).put((byte) 0);
        return insertAfterApp0(out.toByteArray(), app14.array());
    }

    private static ImageWriter jdkJpegWriter() {
        var writers = ImageIO.getImageWritersByFormatName("jpeg");
        while (writers.hasNext()) {
            ImageWriter w = writers.next();
            if (w.getClass().getName().startsWith("com.sun.")) {
                return w;
            }
        }
        throw new IllegalStateException("no JDK JPEG writer");
    }

    private static byte[] insertAfterApp0(byte[] jpeg, byte[] segment) {
        int at = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            at = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, at);
        out.writeBytes(segment);
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }
}
