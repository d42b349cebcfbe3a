package io.imgdiff.image;

import io.imgdiff.config.StoredImageFormat;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The internal image format: lossless, both undelta paths equal, every kind of damage refused with its reason. */
class RgbzCodecTest {

    private static final long LIMIT = 40_000_000L;

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1,1", "1,7", "7,1", "301,203", "512,512"})
    void roundTripsExactly(int w, int h) {
        RgbImage img = ImageCodec.fromBuffered(ImageFixtures.noise(w, h, w * 31L + h));
        byte[] z = ImageCodec.encode(img, StoredImageFormat.RGBZ);
        assertTrue(ImageCodec.isInternal(z));
        RgbImage back = ImageCodec.decode("a.rgbz", z, LIMIT);
        assertEquals(w, back.width());
        assertEquals(h, back.height());
        assertArrayEquals(img.rgb(), back.rgb());
    }

    @Test
    void nativeAndJavaUndeltaAgree() {
        byte[] data = new byte[97 * 3 * 13];
        new java.util.Random(4).nextBytes(data);
        byte[] java = data.clone();
        RgbzCodec.undelta(java, 97, 13);
        if (ImageKernels.available()) {
            byte[] nat = data.clone();
            ImageKernels.unfilterSub0(nat, 13, 97 * 3);
            assertArrayEquals(java, nat);
        }
        // The Java twin against the definition: each byte plus the decoded byte three before it, per row.
        for (int y = 0; y < 13; y++) {
            for (int i = 3; i < 97 * 3; i++) {
                int at = y * 97 * 3 + i;
                assertEquals((byte) (data[at] + java[at - 3]), java[at]);
            }
        }
    }

    @Test
    void pngIsStillWrittenWhenAsked() {
        RgbImage img = ImageCodec.fromBuffered(ImageFixtures.noise(40, 30, 1));
        byte[] png = ImageCodec.encode(img, StoredImageFormat.PNG);
        assertFalse(ImageCodec.isInternal(png));
        assertEquals((byte) 'P', png[1]);
        assertArrayEquals(img.rgb(), ImageCodec.decode(png, LIMIT).rgb());
    }

    @Test
    void toPortableTurnsTheInternalFormatIntoPngAndLeavesOthersAlone() {
        RgbImage img = ImageCodec.fromBuffered(ImageFixtures.noise(40, 30, 2));
        byte[] z = ImageCodec.encode(img, StoredImageFormat.RGBZ);
        byte[] png = ImageCodec.toPortable("a.rgbz", z, LIMIT);
        assertEquals((byte) 'P', png[1]);
        assertArrayEquals(img.rgb(), ImageCodec.decode(png, LIMIT).rgb());
        byte[] jpeg = ImageCodec.encodeJpeg(img, 90);
        assertTrue(jpeg == ImageCodec.toPortable("x.jpg", jpeg, LIMIT));
    }

    @Test
    void cutShortIsRefused() {
        byte[] z = ImageCodec.encode(ImageCodec.fromBuffered(ImageFixtures.noise(64, 64, 3)), StoredImageFormat.RGBZ);
        assertRefused(Arrays.copyOf(z, z.length - 100), "corrupt or truncated RGBZ");
        assertRefused(Arrays.copyOf(z, 12), "ends inside its 19-byte header");
    }

    @Test
    void aFlippedByteIsCaughtByTheChecksum() {
        byte[] z = ImageCodec.encode(ImageCodec.fromBuffered(ImageFixtures.noise(64, 64, 3)), StoredImageFormat.RGBZ);
        z[z.length / 2] ^= 0x10;
        assertRefused(z, "corrupt or truncated RGBZ", "zstd");
    }

    @Test
    void headerNotMatchingTheFrameIsRefused() {
        byte[] z = ImageCodec.encode(ImageCodec.fromBuffered(ImageFixtures.noise(64, 64, 3)), StoredImageFormat.RGBZ);
        ByteBuffer.wrap(z, 9, 4).putInt(65);
        assertRefused(z, "its zstd frame holds 12288 bytes, not the 12480 of 65x64 RGB");
        byte[] v = ImageCodec.encode(ImageCodec.fromBuffered(ImageFixtures.noise(8, 8, 3)), StoredImageFormat.RGBZ);
        v[8] = 2;
        assertRefused(v, "its header says version 2");
    }

    @Test
    void hugeHeaderIsRefusedBeforeDecoding() {
        byte[] z = ImageCodec.encode(ImageCodec.fromBuffered(ImageFixtures.noise(8, 8, 3)), StoredImageFormat.RGBZ);
        ByteBuffer.wrap(z, 9, 8).putInt(100_000).putInt(100_000);
        BadInputException e = assertThrows(BadInputException.class, () -> ImageCodec.decode("a.rgbz", z, LIMIT));
        assertTrue(e.getMessage().contains("100000x100000 = 10000000000 pixels, over the limit"), e.getMessage());
    }

    private static void assertRefused(byte[] bytes, String... parts) {
        BadInputException e = assertThrows(BadInputException.class, () -> ImageCodec.decode("a.rgbz", bytes, LIMIT));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
        assertTrue(e.getMessage().startsWith("a.rgbz is a corrupt or truncated RGBZ ("), e.getMessage());
    }
}
