package io.imgdiff.image;

import io.imgdiff.item.BadInputException;
import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a CUDA worker's JPEG accelerator (nvJPEG) is given and what is done with its answer, driven here by a CPU
 * twin that decodes with the JDK reader (its pixels equal libjpeg-turbo's, JpegKernelsTest) and records each call:
 * the CPU decoder's checks run first and stay the judge of bad input.
 */
class JpegAcceleratorDispatchTest {

    private static final long LIMIT = 40_000_000L;

    /** The twin; {@code failWith} makes it throw instead, {@code shift} adds to every value it returns. */
    private static final class Twin implements JpegAccelerator {
        final List<String> calls = new ArrayList<>();
        RuntimeException failWith;
        int shift;

        @Override
        public String name() {
            return "twin";
        }

        @Override
        public RgbImage decode(byte[] jpeg, int width, int height) {
            calls.add(width + "x" + height);
            if (failWith != null) {
                throw failWith;
            }
            try {
                RgbImage img = RgbConverter.convert(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg)));
                byte[] rgb = img.rgb().clone();
                for (int i = 0; i < rgb.length; i++) {
                    rgb[i] = (byte) Math.min(255, (rgb[i] & 0xff) + shift);
                }
                return new RgbImage(img.width(), img.height(), rgb);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Twin twin = new Twin();

    @BeforeEach
    void install() {
        assumeTrue(JpegKernels.available(), "libjpeg-turbo kernels not loaded: " + JpegKernels.status());
        ImageCodec.useJpegAccelerator(twin);
    }

    @AfterEach
    void uninstall() {
        ImageCodec.useJpegAccelerator(null);
    }

    @Test
    void anOrdinaryJpegIsDecodedByTheAcceleratorWithTheSizeFromItsHeader() {
        byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.noise(40, 24, 3));
        twin.shift = 1; // proves the pixels returned are the accelerator's
        RgbImage img = ImageCodec.decode(jpeg, LIMIT);
        assertEquals(List.of("40x24"), twin.calls);
        ImageCodec.useJpegAccelerator(null);
        byte[] cpu = ImageCodec.decode(jpeg, LIMIT).rgb();
        assertEquals(Math.min(255, (cpu[0] & 0xff) + 1), img.rgb()[0] & 0xff);
        assertTrue(ImageCodec.jpegDecoderStatus().contains("libjpeg"), ImageCodec.jpegDecoderStatus());
    }

    @Test
    void exifOrientationIsAppliedToTheAcceleratorsPixels() {
        byte[] jpeg = ImageFixtures.withExifOrientation(ImageFixtures.jpeg(ImageFixtures.noise(48, 32, 5)), 6);
        RgbImage img = ImageCodec.decode(jpeg, LIMIT);
        assertEquals(List.of("48x32"), twin.calls);
        assertEquals(32, img.width(), "orientation 6 turns 48x32 into 32x48");
        assertEquals(48, img.height());
    }

    @Test
    void aFileOverTheLimitOrWithoutItsEndMarkerNeverReachesTheAccelerator() {
        byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.noise(64, 64, 7));
        BadInputException big = assertThrows(BadInputException.class, () -> ImageCodec.decode(jpeg, 64 * 63));
        assertTrue(big.getMessage().contains("64"), big.getMessage());
        BadInputException cut = assertThrows(BadInputException.class,
                () -> ImageCodec.decode(Arrays.copyOf(jpeg, jpeg.length * 2 / 3), LIMIT));
        assertTrue(cut.getMessage().contains("truncated"), cut.getMessage());
        assertEquals(List.of(), twin.calls);
    }

    @Test
    void cmykIsLeftToTheCpu() {
        RgbImage img = ImageCodec.decode(ImageFixtures.adobeCmykJpeg(32, 16, new int[] {0, 255, 255, 0},
                new int[] {255, 255, 0, 0}), LIMIT);
        assertEquals(32, img.width());
        assertEquals(List.of(), twin.calls);
    }

    @Test
    void theDevicePathsSizeIsGivenOnlyForJpegsTheAcceleratorWouldDecodeAsStored() {
        byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.noise(40, 24, 11));
        assertArrayEquals(new int[] {40, 24}, ImageCodec.plainAcceleratedJpegSize(jpeg, LIMIT));
        assertArrayEquals(new int[] {40, 24},
                ImageCodec.plainAcceleratedJpegSize(ImageFixtures.withExifOrientation(jpeg, 1), LIMIT));
        assertEquals(null, ImageCodec.plainAcceleratedJpegSize(ImageFixtures.withExifOrientation(jpeg, 6), LIMIT));
        assertEquals(null, ImageCodec.plainAcceleratedJpegSize(jpeg, 40 * 24 - 1), "over the limit");
        assertEquals(null, ImageCodec.plainAcceleratedJpegSize(Arrays.copyOf(jpeg, jpeg.length - 2), LIMIT), "no EOI");
        assertEquals(null, ImageCodec.plainAcceleratedJpegSize(ImageFixtures.adobeCmykJpeg(32, 16,
                new int[] {0, 255, 255, 0}, new int[] {255, 255, 0, 0}), LIMIT), "CMYK");
        assertEquals(null, ImageCodec.plainAcceleratedJpegSize(ImageFixtures.png(ImageFixtures.noise(4, 4, 1)), LIMIT));
        assertEquals(null, ImageCodec.plainAcceleratedJpegSize(new byte[0], LIMIT));
        ImageCodec.useJpegAccelerator(null);
        assertEquals(null, ImageCodec.plainAcceleratedJpegSize(jpeg, LIMIT), "no accelerator installed");
        assertEquals(List.of(), twin.calls, "only headers were read");
    }

    @Test
    void whenTheAcceleratorFailsTheCpuDecodesTheSamePixelsAndTheFailureIsCounted() {
        byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.noise(40, 24, 9));
        ImageCodec.useJpegAccelerator(null);
        byte[] cpu = ImageCodec.decode(jpeg, LIMIT).rgb();
        ImageCodec.useJpegAccelerator(twin);
        long before = ImageCodec.jpegAcceleratorFailures();
        twin.failWith = new IllegalStateException("cuda error 700");
        assertArrayEquals(cpu, ImageCodec.decode(jpeg, LIMIT).rgb());
        twin.failWith = new BadInputException("nvJPEG could not decode the JPEG (nvjpegStatus 6)");
        assertArrayEquals(cpu, ImageCodec.decode(jpeg, LIMIT).rgb(), "the CPU, not the accelerator, judges input");
        assertEquals(2, twin.calls.size());
        assertEquals(before + 2, ImageCodec.jpegAcceleratorFailures());
    }
}
