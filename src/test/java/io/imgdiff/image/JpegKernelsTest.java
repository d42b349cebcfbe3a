package io.imgdiff.image;

import io.imgdiff.item.BadInputException;
import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** libjpeg-turbo against the JDK's JPEG decoder it replaces for YCbCr, grey and progressive JPEGs. */
class JpegKernelsTest {

    private static final long LIMIT = 40_000_000L;

    @BeforeEach
    void kernels() {
        assumeTrue(JpegKernels.available(), "native JPEG kernels not available: " + JpegKernels.status());
    }

    @AfterEach
    void restore() {
        ImageKernels.setEnabled(true);
    }

    @Test
    void samePixelsAsTheJdkForColourGreyAndProgressive() throws IOException {
        BufferedImage noise = ImageFixtures.noise(131, 77, 5);
        JdkParity.assertSameAsJdk(ImageFixtures.jpeg(noise), "baseline YCbCr");
        BufferedImage grey = new BufferedImage(64, 40, BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(noise, 0, 0, null);
        JdkParity.assertSameAsJdk(ImageFixtures.jpeg(grey), "grey");
        JdkParity.assertSameAsJdk(JdkParity.progressive(noise, "jpeg"), "progressive");
    }

    @Test
    void cutMidScanIsRefusedNotGreyFilled() {
        byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.noise(200, 120, 3));
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length * 2 / 3);
        BadInputException e = assertThrows(BadInputException.class, () -> ImageCodec.decode("a.jpg", cut, LIMIT));
        assertTrue(e.getMessage().startsWith("a.jpg is a truncated or corrupt JPEG (" + cut.length + " bytes)"),
                e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("premature end"), e.getMessage());
    }

    @Test
    void garbageAfterTheSignatureIsLeftToTheJdkReaderWhichRefusesIt() {
        byte[] bad = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x01, 0x02, 0x03, 0x04};
        BadInputException e = assertThrows(BadInputException.class, () -> ImageCodec.decode("a.jpg", bad, LIMIT));
        assertTrue(e.getMessage().startsWith("a.jpg is a corrupt or truncated JPEG (7 bytes): "), e.getMessage());
    }

    @Test
    void statusNamesLibjpegTurbo() {
        assertEquals("native (libjpeg-turbo)", JpegKernels.status());
        assertTrue(ImageCodec.pngDecoderStatus().contains("JPEG: native (libjpeg-turbo)"), ImageCodec.pngDecoderStatus());
    }
}
