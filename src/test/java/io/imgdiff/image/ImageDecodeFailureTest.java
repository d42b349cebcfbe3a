package io.imgdiff.image;

import io.imgdiff.item.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way an input image can be unusable ends in a {@link BadInputException} that says why. */
class ImageDecodeFailureTest {

    private static final long LIMIT = 40_000_000L;

    @Test
    void emptyFile() {
        assertMessage(() -> ImageCodec.decode("image A", new byte[0], LIMIT), "image A is empty (0 bytes)",
                "expected a PNG, JPEG");
    }

    @Test
    void textFileNamedPng() {
        byte[] text = "hello, this is not a picture\n".getBytes(StandardCharsets.UTF_8);
        assertMessage(() -> ImageCodec.decode("a.png", text, LIMIT), "a.png is not an image",
                "text \"hello, this is n", "expected a PNG, JPEG, GIF or BMP signature");
    }

    @Test
    void randomBytes() {
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        random[0] = 0x13;
        assertMessage(() -> ImageCodec.decode(random, LIMIT), "image is not an image", "4096 bytes", "[13 ");
    }

    @Test
    void pngSignatureThenGarbage() {
        byte[] bytes = Arrays.copyOf(ImageFixtures.pngHeaderOnly(4, 4), 33 + 200);
        byte[] garbage = new byte[200];
        new Random(3).nextBytes(garbage);
        System.arraycopy(garbage, 0, bytes, 33, garbage.length);
        assertMessage(() -> ImageCodec.decode(bytes, LIMIT), "corrupt or truncated PNG");
    }

    @Test
    void truncatedPngCutInsideIdat() {
        byte[] png = ImageFixtures.png(ImageFixtures.noise(256, 256, 1));
        byte[] cut = Arrays.copyOf(png, png.length / 2);
        assertMessage(() -> ImageCodec.decode("b.png", cut, LIMIT), "b.png is a corrupt or truncated PNG",
                "(" + cut.length + " bytes)");
    }

    @Test
    void truncatedJpegIsRefusedNotGreyFilled() {
        byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.noise(256, 256, 2));
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length * 6 / 10);
        assertMessage(() -> ImageCodec.decode("b.jpg", cut, LIMIT), "b.jpg is a truncated or corrupt JPEG",
                "expected complete image data");
    }

    @Test
    void jpegCutRightAfterItsHeaders() {
        byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.noise(64, 64, 4));
        byte[] cut = Arrays.copyOf(jpeg, sosEnd(jpeg) + 10);
        assertMessage(() -> ImageCodec.decode(cut, LIMIT), "truncated or corrupt JPEG");
    }

    @Test
    void hugePngIsRefusedFromItsHeaderAlone() {
        // No IDAT at all: decoding pixels would fail differently (or try to allocate 2.7 GB).
        byte[] header = ImageFixtures.pngHeaderOnly(30_000, 30_000);
        assertMessage(() -> ImageCodec.decode("a.png", header, LIMIT),
                "a.png header says 30000x30000 = 900000000 pixels, over the limit of 40000000 pixels");
    }

    @Test
    void maxPixelsIsConfigurable() {
        byte[] png = ImageFixtures.png(ImageFixtures.noise(100, 100, 5));
        assertMessage(() -> ImageCodec.decode(png, 9_999), "100x100 = 10000 pixels, over the limit of 9999");
        ImageCodec.decode(png, 10_000);
    }

    @Test
    void zeroWidthOrHeightHeaders() {
        assertMessage(() -> ImageCodec.decode(ImageFixtures.pngHeaderOnly(0, 500), LIMIT),
                "header says 0x500 pixels: expected width and height of at least 1");
        assertMessage(() -> ImageCodec.decode(ImageFixtures.pngHeaderOnly(500, 0), LIMIT), "500x0 pixels");
        assertMessage(() -> ImageCodec.decode(ImageFixtures.pngHeaderOnly(0xFFFF_FFFFL, 1), LIMIT),
                "4294967295x1 pixels");
    }

    @Test
    void bmpWrappingAJpegIsRefusedBeforeTheJdkReaderSeesIt() {
        // found by ImageDecodeFuzzTest: the JDK's BMP reader sizes an embedded image by its own data, not the header
        java.nio.ByteBuffer bmp = java.nio.ByteBuffer.allocate(54 + 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(70).putInt(0).putInt(54);
        bmp.putInt(40).putInt(8).putInt(8).putShort((short) 1).putShort((short) 24).putInt(4).putInt(16);
        byte[] bytes = bmp.array();
        assertMessage(() -> ImageCodec.decode("a.bmp", bytes, LIMIT), "a.bmp is a BMP wrapping an embedded JPEG",
                "not supported");
    }

    @Test
    void pngWithoutIhdr() {
        byte[] bytes = Arrays.copyOf(ImageFixtures.pngHeaderOnly(4, 4), 20);
        assertMessage(() -> ImageCodec.decode(bytes, LIMIT), "PNG without a complete IHDR header (20 bytes)");
    }

    /** Offset just past the start-of-scan header, where entropy-coded data begins. */
    private static int sosEnd(byte[] jpeg) {
        for (int i = 2; i < jpeg.length - 3; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xDA) {
                return i + 2 + (((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF));
            }
        }
        throw new IllegalArgumentException("no SOS marker");
    }

    private static void assertMessage(Executable decode, String... parts) {
        BadInputException e = assertThrows(BadInputException.class, decode);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }
}
