package io.imgdiff.image;

import io.imgdiff.item.BadInputException;
import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The native PNG path ({@link PngReader} + image_kernels.h) against the JDK's decoder, which it replaces: the same
 * pixels for every colour type, bit depth, filter and IDAT split it takes on; a clear refusal for every kind of
 * damage; and the cases it leaves to the JDK still decoded.
 */
class PngReaderTest {

    private static final long LIMIT = 40_000_000L;

    @BeforeEach
    void kernels() {
        assumeTrue(ImageKernels.available(), "native image kernels not available: " + ImageKernels.status());
    }

    @AfterEach
    void restore() {
        ImageKernels.setEnabled(true);
    }

    @ParameterizedTest(name = "colour type {0}, depth {1}, {2}x{3}")
    @CsvSource({"0,8,37,23", "0,16,37,23", "2,8,37,23", "2,16,37,23", "3,8,37,23", "4,8,37,23", "4,16,37,23",
            "6,8,37,23", "6,16,37,23", "2,8,1,1", "6,8,1,9", "2,8,9,1", "2,16,1,5"})
    void samePixelsAsTheJdkForEveryFilter(int colourType, int depth, int w, int h) {
        byte[] samples = PngBuilder.randomSamples(w, h, colourType, depth, colourType * 31L + depth, 40);
        for (int[] filters : PngBuilder.allFilterPatterns()) {
            PngBuilder png = new PngBuilder(w, h, colourType, depth, samples).filters(filters);
            if (colourType == 3) {
                png.palette(PngBuilder.randomSamples(40, 1, 2, 8, 5, 0)).trns(alphas(25));
            }
            JdkParity.assertSameAsJdk(png.build(), "colour type " + colourType + " depth " + depth + " filters "
                    + Arrays.toString(filters));
        }
    }

    @Test
    void colourKeyTransparencyOfRgbAndGrey() {
        byte[] rgb = PngBuilder.randomSamples(16, 8, 2, 8, 3, 0);
        rgb[3] = rgb[0];
        rgb[4] = rgb[1];
        rgb[5] = rgb[2]; // two pixels with the key colour
        byte[] key = {0, rgb[0], 0, rgb[1], 0, rgb[2]};
        RgbImage keyed = JdkParity.assertSameAsJdk(new PngBuilder(16, 8, 2, 8, rgb).trns(key).build(), "rgb key");
        assertEquals(255, keyed.get(0, 0, 0));
        assertEquals(255, keyed.get(1, 0, 2));

        byte[] grey = PngBuilder.randomSamples(16, 8, 0, 16, 4, 0);
        byte[] greyKey = {grey[0], grey[1]};
        JdkParity.assertSameAsJdk(new PngBuilder(16, 8, 0, 16, grey).trns(greyKey).build(), "grey16 key");
        byte[] grey8 = PngBuilder.randomSamples(16, 8, 0, 8, 4, 0);
        JdkParity.assertSameAsJdk(new PngBuilder(16, 8, 0, 8, grey8).trns(new byte[] {0, grey8[5]}).build(), "grey8 key");
    }

    @Test
    void idatSplitAnyWay() {
        byte[] rgb = PngBuilder.randomSamples(64, 48, 2, 8, 9, 0);
        for (int split : new int[] {1, 7, 100, 1 << 20}) {
            JdkParity.assertSameAsJdk(new PngBuilder(64, 48, 2, 8, rgb).filters(0, 1, 2, 3, 4).idatSize(split).build(),
                    "IDATs of " + split + " bytes");
        }
    }

    @Test
    void theProjectsOwnEncoderRoundTrips() {
        RgbImage img = ImageCodec.fromBuffered(ImageFixtures.noise(301, 203, 3));
        RgbImage back = ImageCodec.decode(ImageCodec.encodePng(img), LIMIT);
        assertArrayEquals(img.rgb(), back.rgb());
    }

    @Test
    void wrongCrcOfImageDataIsRefused() {
        byte[] png = new PngBuilder(20, 10, 2, 8, PngBuilder.randomSamples(20, 10, 2, 8, 1, 0)).badIdatCrc().build();
        assertRefused(png, "corrupt or truncated PNG", "chunk IDAT at byte", "has CRC", "expected intact PNG data");
    }

    @Test
    void wrongCrcOfAnAncillaryChunkIsSkipped() {
        byte[] good = new PngBuilder(20, 10, 2, 8, PngBuilder.randomSamples(20, 10, 2, 8, 1, 0)).build();
        byte[] text = PngBuilder.chunk("tEXt", "Comment\0hello".getBytes(), true);
        byte[] png = new byte[good.length + text.length];
        System.arraycopy(good, 0, png, 0, 33);
        System.arraycopy(text, 0, png, 33, text.length);
        System.arraycopy(good, 33, png, 33 + text.length, good.length - 33);
        assertArrayEquals(ImageCodec.decode(good, LIMIT).rgb(), ImageCodec.decode(png, LIMIT).rgb());
    }

    @Test
    void imageDataCutMidRowIsRefused() {
        int rb = 20 * 3 + 1;
        byte[] png = new PngBuilder(20, 10, 2, 8, PngBuilder.randomSamples(20, 10, 2, 8, 1, 0)).filters(1)
                .cutAt(4 * rb + rb / 2).build();
        assertRefused(png, "corrupt or truncated PNG", "image data ends after row 4 of 10", "expected 10 complete rows");
    }

    @Test
    void fileCutInsideIdatIsRefused() {
        byte[] png = new PngBuilder(40, 40, 2, 8, PngBuilder.randomSamples(40, 40, 2, 8, 1, 0)).build();
        byte[] cut = Arrays.copyOf(png, png.length / 2);
        assertRefused(cut, "corrupt or truncated PNG", "chunk IDAT", "the file is cut short");
    }

    @Test
    void fileEndingBeforeIendIsRefused() {
        byte[] png = new PngBuilder(8, 8, 2, 8, PngBuilder.randomSamples(8, 8, 2, 8, 1, 0)).build();
        assertRefused(Arrays.copyOf(png, png.length - 12), "before its IEND chunk");
    }

    @Test
    void unknownFilterTypeIsRefused() {
        byte[] png = new PngBuilder(8, 8, 2, 8, PngBuilder.randomSamples(8, 8, 2, 8, 1, 0)).badFilterAt(3).build();
        assertRefused(png, "row 3 has an unknown filter type", "expected filter types 0-4");
    }

    @Test
    void paletteIndexBeyondPlteIsRefused() {
        byte[] idx = PngBuilder.randomSamples(8, 8, 3, 8, 1, 4);
        idx[20] = 9;
        byte[] png = new PngBuilder(8, 8, 3, 8, idx).palette(new byte[12]).build();
        assertRefused(png, "row 2 uses palette index 9 but PLTE has 4 entries");
    }

    @Test
    void paletteImageWithoutPlteIsRefused() {
        byte[] png = new PngBuilder(8, 8, 3, 8, new byte[64]).build();
        assertRefused(png, "palette image without a PLTE chunk");
    }

    @Test
    void invalidHeaderCombinationIsRefused() {
        byte[] png = new PngBuilder(4, 4, 2, 8, new byte[48]).build();
        png[24] = 4; // bit depth 4 with colour type 2 does not exist
        fixCrc(png, 8, 13);
        assertRefused(png, "IHDR says colour type 2, bit depth 4", "a combination PNG defines");
    }

    @Test
    void interlacedAndLowDepthGoToTheJdk() throws IOException {
        BufferedImage noise = ImageFixtures.noise(33, 17, 2);
        byte[] interlaced = JdkParity.progressive(noise, "png");
        assertEquals(1, interlaced[28]);
        assertNull(PngReader.read("x", interlaced));
        assertArrayEquals(ImageCodec.fromBuffered(noise).rgb(), ImageCodec.decode(interlaced, LIMIT).rgb());

        BufferedImage binary = new BufferedImage(9, 5, BufferedImage.TYPE_BYTE_BINARY);
        binary.setRGB(3, 2, 0xFFFFFF);
        byte[] oneBit = ImageFixtures.png(binary);
        assertNull(PngReader.read("x", oneBit));
        RgbImage img = ImageCodec.decode(oneBit, LIMIT);
        assertEquals(255, img.get(3, 2, 1));
        assertEquals(0, img.get(4, 2, 1));
    }

    @Test
    void statusNamesTheNativePath() {
        assertTrue(ImageKernels.status().startsWith("native (image_kernels.h, inflate by "), ImageKernels.status());
    }


    private static void assertRefused(byte[] png, String... parts) {
        BadInputException e = assertThrows(BadInputException.class, () -> ImageCodec.decode("b.png", png, LIMIT));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
        assertTrue(e.getMessage().startsWith("b.png is a"), e.getMessage());
    }

    private static byte[] alphas(int n) {
        byte[] a = new byte[n];
        for (int i = 0; i < n; i++) {
            a[i] = (byte) (i * 10);
        }
        return a;
    }

    private static void fixCrc(byte[] png, int chunkAt, int length) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, chunkAt + 4, length + 4);
        java.nio.ByteBuffer.wrap(png, chunkAt + 8 + length, 4).putInt((int) crc.getValue());
    }
}
