package io.imgdiff.image;

import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every readable variant becomes 8-bit RGB with the documented rules (grey R=G=B, 16→8 bits, alpha over white). */
class ImageDecodeFormatsTest {

    private static final long LIMIT = 40_000_000L;

    @Test
    void rgbPngIsExact() {
        BufferedImage img = ImageFixtures.noise(37, 23, 11);
        RgbImage rgb = ImageCodec.decode(ImageFixtures.png(img), LIMIT);
        assertEquals(37, rgb.width());
        assertEquals(23, rgb.height());
        for (int y = 0; y < 23; y++) {
            for (int x = 0; x < 37; x++) {
                assertPixel(rgb, x, y, img.getRGB(x, y));
            }
        }
    }

    @Test
    void sixteenBitPngIsRoundedToEightBits() {
        RgbImage rgb = ImageCodec.decode(ImageFixtures.png(ImageFixtures.rgb16(5, 4, 0xFFFF, 0x8080, 0x0101)), LIMIT);
        // 0xFFFF -> 255; 0x8080 = 32896 -> 128 (32896*255/65535 = 128.0); 0x0101 -> 1
        assertPixel(rgb, 3, 2, 0xFF8001);
    }

    @Test
    void rgbaPngIsCompositedOverWhite() {
        BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_4BYTE_ABGR);
        img.setRGB(0, 0, 0xFF_FF0000);   // opaque red stays red
        img.setRGB(1, 0, 0x00_FF0000);   // fully transparent red is white
        img.setRGB(2, 0, 0x80_000000);   // half-transparent black: 255*(127/255) = 127
        img.setRGB(3, 0, 0x40_0000FF);   // quarter blue: R,G = 255*191/255 = 191, B = 255
        RgbImage rgb = ImageCodec.decode(ImageFixtures.png(img), LIMIT);
        assertPixel(rgb, 0, 0, 0xFF0000);
        assertPixel(rgb, 1, 0, 0xFFFFFF);
        assertPixel(rgb, 2, 0, 0x7F7F7F);
        assertPixel(rgb, 3, 0, 0xBFBFFF);
    }

    @Test
    void greyscalePngKeepsItsSampleValues() {
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 100, 200});
        RgbImage rgb = ImageCodec.decode(ImageFixtures.png(img), LIMIT);
        // Java2D's getRGB would brighten 100 to about 168 (it treats grey as linear); we keep the stored value.
        assertPixel(rgb, 0, 0, 0x000000);
        assertPixel(rgb, 1, 0, 0x646464);
        assertPixel(rgb, 2, 0, 0xC8C8C8);
    }

    @Test
    void sixteenBitGreyPng() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {0xFFFF, 0x3333});
        RgbImage rgb = ImageCodec.decode(ImageFixtures.png(img), LIMIT);
        assertPixel(rgb, 0, 0, 0xFFFFFF);
        assertPixel(rgb, 1, 0, 0x333333);
    }

    @Test
    void palettePngWithTransparentEntry() {
        byte[] r = {(byte) 255, 0, 0};
        byte[] g = {0, (byte) 255, 0};
        byte[] b = {0, 0, (byte) 255};
        byte[] a = {(byte) 255, (byte) 255, 0};
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(8, 3, r, g, b, a));
        img.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 1, 2});
        byte[] png = ImageFixtures.png(img);
        assertEquals(3, png[25], "fixture must be a palette PNG (colour type 3)");
        RgbImage rgb = ImageCodec.decode(png, LIMIT);
        assertPixel(rgb, 0, 0, 0xFF0000);
        assertPixel(rgb, 1, 0, 0x00FF00);
        assertPixel(rgb, 2, 0, 0xFFFFFF);
    }

    @Test
    void cmykJpegIsConvertedToRgb() {
        int[] red = {0, 255, 255, 0};
        int[] blue = {255, 255, 0, 0};
        RgbImage rgb = ImageCodec.decode(ImageFixtures.adobeCmykJpeg(32, 16, red, blue), LIMIT);
        assertEquals(32, rgb.width());
        int r = rgb.get(4, 8, 0);
        int g = rgb.get(4, 8, 1);
        int b = rgb.get(4, 8, 2);
        assertTrue(r > 180 && g < 90 && b < 90, "left half should be red, got " + r + "," + g + "," + b);
        r = rgb.get(28, 8, 0);
        g = rgb.get(28, 8, 1);
        b = rgb.get(28, 8, 2);
        assertTrue(b > 100 && r < 100 && g < 100, "right half should be blue, got " + r + "," + g + "," + b);
    }

    @Test
    void gifAndBmpAreRead() {
        BufferedImage img = ImageFixtures.quadrants(8, 8, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF);
        for (String format : new String[] {"gif", "bmp"}) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try {
                javax.imageio.ImageIO.write(img, format, out);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            RgbImage rgb = ImageCodec.decode(out.toByteArray(), LIMIT);
            assertPixel(rgb, 6, 1, 0x00FF00);
            assertPixel(rgb, 1, 6, 0x0000FF);
        }
    }

    @Test
    void fromBufferedMatchesDecode() {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0xFF123456);
        img.setRGB(1, 0, 0x00123456);
        RgbImage rgb = ImageCodec.fromBuffered(img);
        assertArrayEquals(new byte[] {0x12, 0x34, 0x56, (byte) 255, (byte) 255, (byte) 255}, rgb.rgb());
    }

    static void assertPixel(RgbImage img, int x, int y, int rgb) {
        int got = (img.get(x, y, 0) << 16) | (img.get(x, y, 1) << 8) | img.get(x, y, 2);
        assertEquals(String.format("%06X", rgb & 0xFFFFFF), String.format("%06X", got), "pixel (" + x + "," + y + ")");
    }
}
