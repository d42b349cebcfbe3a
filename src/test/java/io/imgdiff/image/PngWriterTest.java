package io.imgdiff.image;

import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The native PNG encoder: files the JDK's own reader decodes to the very pixels written, at odd sizes too. */
class PngWriterTest {

    private static final int[][] SIZES = {{1, 1}, {2, 3}, {3, 1}, {517, 13}, {64, 64}, {1024, 4}, {5, 700}};

    @Test
    void theJdkReaderDecodesExactlyThePixelsWritten() throws Exception {
        assumeTrue(PngWriter.available(), "native image kernels not loaded: " + ImageKernels.status());
        SplittableRandom r = new SplittableRandom(7);
        for (int[] size : SIZES) {
            for (boolean smooth : new boolean[] {true, false}) {
                RgbImage img = image(size[0], size[1], smooth, r);
                byte[] png = ImageCodec.encodePng(img);
                BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
                String what = size[0] + "x" + size[1] + (smooth ? " smooth" : " noise");
                assertEquals(img.width(), back.getWidth(), what);
                assertEquals(img.height(), back.getHeight(), what);
                assertArrayEquals(img.rgb(), rgb(back), what);
                // and through our reader, which checks every CRC and that the image data ends where the rows do
                assertArrayEquals(img.rgb(), ImageCodec.decode(png, 1 << 24).rgb(), what);
            }
        }
    }

    @Test
    void oneIdatChunkOfEightBitRgbWithoutInterlace() {
        assumeTrue(PngWriter.available(), "native image kernels not loaded: " + ImageKernels.status());
        byte[] png = PngWriter.encode(image(40, 30, true, new SplittableRandom(1)), PngWriter.LEVEL);
        ByteBuffer b = ByteBuffer.wrap(png);
        b.position(8);
        assertEquals(13, b.getInt());
        assertEquals("IHDR", type(b));
        assertEquals(40, b.getInt());
        assertEquals(30, b.getInt());
        assertEquals(8, b.get());
        assertEquals(2, b.get());
        b.position(b.position() + 3 + 4);
        int idat = b.getInt();
        assertEquals("IDAT", type(b));
        b.position(b.position() + idat + 4);
        assertEquals(0, b.getInt());
        assertEquals("IEND", type(b));
        b.position(b.position() + 4);
        assertEquals(png.length, b.position(), "nothing after IEND");
    }

    @Test
    void firstRowUnfilteredEveryOtherRowUp() throws Exception {
        assumeTrue(PngWriter.available(), "native image kernels not loaded: " + ImageKernels.status());
        int w = 33;
        int h = 9;
        byte[] png = PngWriter.encode(image(w, h, true, new SplittableRandom(5)), PngWriter.LEVEL);
        int idat = ByteBuffer.wrap(png, 33, 4).getInt();
        java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        inflater.setInput(png, 41, idat);
        byte[] rows = new byte[h * (w * 3 + 1)];
        assertEquals(rows.length, inflater.inflate(rows));
        assertTrue(inflater.finished());
        for (int y = 0; y < h; y++) {
            assertEquals(y == 0 ? 0 : 2, rows[y * (w * 3 + 1)], "filter type of row " + y);
        }
    }

    @Test
    void samePixelsAsTheOpenCvFallbackAndCompressed() {
        assumeTrue(PngWriter.available(), "native image kernels not loaded: " + ImageKernels.status());
        RgbImage img = image(512, 512, true, new SplittableRandom(3));
        byte[] ours = PngWriter.encode(img, PngWriter.LEVEL);
        byte[] opencv = ImageCodec.encodePngWithOpenCv(img);
        assertArrayEquals(ImageCodec.decode(opencv, 1 << 20).rgb(), ImageCodec.decode(ours, 1 << 20).rgb());
        assertTrue(ours.length < 3 * 512 * 512 / 2, "a smooth image compresses: " + ours.length + " bytes");
    }

    /** Smooth gradients with a little noise (what the pipeline writes), or pure noise (the incompressible case). */
    private static RgbImage image(int w, int h, boolean smooth, SplittableRandom r) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int v = smooth ? (x * (c + 1) + y * 2) / 3 + r.nextInt(3) : r.nextInt(256);
                    rgb[(y * w + x) * 3 + c] = (byte) v;
                }
            }
        }
        return new RgbImage(w, h, rgb);
    }

    private static byte[] rgb(BufferedImage img) {
        byte[] out = new byte[img.getWidth() * img.getHeight() * 3];
        for (int y = 0, o = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                out[o++] = (byte) (p >> 16);
                out[o++] = (byte) (p >> 8);
                out[o++] = (byte) p;
            }
        }
        return out;
    }

    private static String type(ByteBuffer b) {
        byte[] t = new byte[4];
        b.get(t);
        return new String(t);
    }
}
