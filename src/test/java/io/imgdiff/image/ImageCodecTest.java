package io.imgdiff.image;

import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static io.imgdiff.image.ImageDecodeFormatsTest.assertPixel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Encoding and size matching. */
class ImageCodecTest {

    @Test
    void pngRoundTripIsLossless() {
        RgbImage img = ImageCodec.fromBuffered(ImageFixtures.noise(33, 17, 9));
        assertArrayEquals(img.rgb(), ImageCodec.decode(ImageCodec.encodePng(img), 1_000_000).rgb());
    }

    @Test
    void pngIsPlainEightBitRgbThatTheJdkReadsAsWritten() throws Exception {
        RgbImage img = ImageCodec.fromBuffered(ImageFixtures.noise(1, 1, 3));
        byte[] png = ImageCodec.encodePng(img);
        // IHDR right after the signature: width, height, bit depth 8, colour type 2 (RGB), no interlace
        assertEquals("IHDR", new String(png, 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.wrap(png, 16, 13);
        assertEquals(1, ihdr.getInt());
        assertEquals(1, ihdr.getInt());
        assertEquals(8, ihdr.get());
        assertEquals(2, ihdr.get());
        ihdr.get();
        ihdr.get();
        assertEquals(0, ihdr.get());
        BufferedImage viaJdk = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        int rgb = viaJdk.getRGB(0, 0) & 0xFFFFFF;
        assertEquals(((img.rgb()[0] & 0xFF) << 16) | ((img.rgb()[1] & 0xFF) << 8) | (img.rgb()[2] & 0xFF), rgb);
    }

    @Test
    void jpegQualityTradesSizeForFidelity() {
        RgbImage img = ImageCodec.fromBuffered(ImageFixtures.quadrants(64, 64, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF));
        byte[] high = ImageCodec.encodeJpeg(img, 95);
        byte[] low = ImageCodec.encodeJpeg(img, 10);
        assertEquals(0xD8, high[1] & 0xFF);
        assertTrue(low.length < high.length, low.length + " >= " + high.length);
        RgbImage back = ImageCodec.decode(high, 1_000_000);
        assertTrue(Math.abs(back.get(16, 16, 0) - 255) < 8 && back.get(16, 16, 1) < 8, "red quadrant survives q95");
    }

    @Test
    void jpegQualityOutOfRangeIsRefused() {
        RgbImage img = RgbImage.blank(2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageCodec.encodeJpeg(img, 0));
        assertEquals("JPEG quality must be 1-100, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageCodec.encodeJpeg(img, 101));
    }

    @Test
    void matchSizeKeepsBWhenSizesAgree() {
        RgbImage a = RgbImage.blank(10, 5);
        RgbImage b = RgbImage.blank(10, 5);
        assertSame(b, ImageCodec.matchSize(a, b));
    }

    @Test
    void matchSizeResizesBToASizeBilinearly() {
        // B is 2x1: black | white. Upscaled to 4x1 with pixel-centre bilinear: 0, 64, 191, 255.
        RgbImage b = new RgbImage(2, 1, new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        RgbImage resized = ImageCodec.matchSize(RgbImage.blank(4, 1), b);
        assertEquals(4, resized.width());
        assertEquals(1, resized.height());
        assertPixel(resized, 0, 0, 0x000000);
        assertPixel(resized, 1, 0, 0x404040);
        assertPixel(resized, 2, 0, 0xBFBFBF);
        assertPixel(resized, 3, 0, 0xFFFFFF);
    }

    @Test
    void matchSizeDownscalesAndIgnoresAspect() {
        BufferedImage big = ImageFixtures.quadrants(200, 100, 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF);
        RgbImage resized = ImageCodec.matchSize(RgbImage.blank(50, 50), ImageCodec.fromBuffered(big));
        assertEquals(50, resized.width());
        assertEquals(50, resized.height());
        assertPixel(resized, 12, 12, 0xFF0000);
        assertPixel(resized, 37, 37, 0xFFFFFF);
    }

    @Test
    void toBufferedAndBackIsIdentity() {
        RgbImage img = ImageCodec.fromBuffered(ImageFixtures.noise(7, 5, 3));
        assertArrayEquals(img.rgb(), ImageCodec.fromBuffered(ImageCodec.toBuffered(img)).rgb());
    }
}
