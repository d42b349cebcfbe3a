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

    @ParameterizedTest(name = "{2} {0}x{1}")
    @CsvSource({"1,1,RGBZ", "1,7,RGBZ", "7,1,RGBZ", "301,203,RGBZ", "512,512,RGBZ",
            "1,1,RGBZ_LZ4", "1,7,RGBZ_LZ4", "7,1,RGBZ_LZ4", "301,203,RGBZ_LZ4", "512,512,RGBZ_LZ4"})
    void roundTripsExactly(int w, int h, StoredImageFormat format) {
        RgbImage img = ImageCodec.fromBuffered(ImageFixtures.noise(w, h, w * 31L + h));
        byte[] z = ImageCodec.encode(img, format);
        assertTrue(ImageCodec.isInternal(z));
        assertEquals(2, z[8], "written as version 2");
        assertEquals(format == StoredImageFormat.RGBZ ? 1 : 2, z[19], "the compression byte");
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
    void nativeAndJavaUpUnfilterAgree() {
        int rowBytes = 97 * 3;
        byte[] data = new byte[rowBytes * 13];
        new java.util.Random(5).nextBytes(data);
        byte[] java = data.clone();
        RgbzCodec.unfilterUpJava(java, rowBytes);
        if (ImageKernels.available()) {
            byte[] nat = data.clone();
            ImageKernels.unfilterUp0(nat, 13, rowBytes);
            assertArrayEquals(java, nat);
        }
        assertArrayEquals(Arrays.copyOf(data, rowBytes), Arrays.copyOf(java, rowBytes), "the first row as it is");
        for (int i = rowBytes; i < data.length; i++) { // each byte plus the decoded byte a row above
            assertEquals((byte) (data[i] + java[i - rowBytes]), java[i]);
        }
    }

    /** Runs written before version 2 (SUB delta, zstd, 19-byte header) still read, bit for bit. */
    @Test
    void readsVersion1() {
        RgbImage img = ImageCodec.fromBuffered(ImageFixtures.noise(37, 11, 8));
        byte[] v1 = version1(img);
        assertArrayEquals(img.rgb(), ImageCodec.decode("a.rgbz", v1, LIMIT).rgb());
        assertRefused(Arrays.copyOf(v1, v1.length - 5), "zstd: ");
    }

    /** Version 1 as the previous encoder wrote it, from the format's definition. */
    private static byte[] version1(RgbImage img) {
        int w = img.width();
        byte[] rgb = img.rgb();
        byte[] delta = rgb.clone();
        for (int y = 0; y < img.height(); y++) {
            for (int x = w - 1; x >= 1; x--) {
                for (int c = 0; c < 3; c++) {
                    int at = (y * w + x) * 3 + c;
                    delta[at] = (byte) (rgb[at] - rgb[at - 3]);
                }
            }
        }
        byte[] frame = com.github.luben.zstd.Zstd.compress(delta, 1);
        return ByteBuffer.allocate(19 + frame.length).put(RgbzCodec.SIGNATURE).put((byte) 1).putInt(w)
                .putInt(img.height()).put((byte) 3).put((byte) 1).put(frame).array();
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

    @ParameterizedTest
    @CsvSource({"RGBZ", "RGBZ_LZ4"})
    void cutShortIsRefused(StoredImageFormat format) {
        byte[] z = ImageCodec.encode(ImageCodec.fromBuffered(ImageFixtures.noise(64, 64, 3)), format);
        assertRefused(Arrays.copyOf(z, z.length - 100), "its CRC32C is", "changed or cut short");
        assertRefused(Arrays.copyOf(z, 12), "ends inside its header");
        assertRefused(Arrays.copyOf(z, 21), "ends inside its 24-byte header");
    }

    @ParameterizedTest
    @CsvSource({"RGBZ", "RGBZ_LZ4"})
    void aFlippedByteIsCaughtByTheChecksum(StoredImageFormat format) {
        byte[] z = ImageCodec.encode(ImageCodec.fromBuffered(ImageFixtures.noise(64, 64, 3)), format);
        z[z.length / 2] ^= 0x10;
        assertRefused(z, "corrupt or truncated RGBZ", "CRC32C");
    }

    @Test
    void headerNotMatchingTheDataIsRefused() {
        byte[] z = ImageCodec.encode(ImageCodec.fromBuffered(ImageFixtures.noise(64, 64, 3)), StoredImageFormat.RGBZ);
        ByteBuffer.wrap(z, 9, 4).putInt(65); // the CRC covers the compressed bytes, not the header
        assertRefused(z, "its zstd frame holds 12288 bytes, not the 12480 of 65x64 RGB");
        byte[] larger = ImageCodec.encode(ImageCodec.fromBuffered(ImageFixtures.noise(64, 64, 3)),
                StoredImageFormat.RGBZ_LZ4);
        ByteBuffer.wrap(larger, 9, 4).putInt(65);
        assertRefused(larger, "its LZ4 block gave 12288 of the 12480 bytes its header says");
        byte[] smaller = ImageCodec.encode(ImageCodec.fromBuffered(ImageFixtures.noise(64, 64, 3)),
                StoredImageFormat.RGBZ_LZ4);
        ByteBuffer.wrap(smaller, 9, 4).putInt(63);
        assertRefused(smaller, "LZ4");
        byte[] v = ImageCodec.encode(ImageCodec.fromBuffered(ImageFixtures.noise(8, 8, 3)), StoredImageFormat.RGBZ);
        v[8] = 3;
        assertRefused(v, "its header says version 3");
        byte[] c = ImageCodec.encode(ImageCodec.fromBuffered(ImageFixtures.noise(8, 8, 3)), StoredImageFormat.RGBZ);
        c[19] = 7;
        assertRefused(c, "its header names compression 7 (this build reads 1 = zstd and 2 = LZ4)");
        byte[] f = ImageCodec.encode(ImageCodec.fromBuffered(ImageFixtures.noise(8, 8, 3)), StoredImageFormat.RGBZ);
        f[18] = 1; // version 2 with version 1's filter
        assertRefused(f, "filter 1");
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
