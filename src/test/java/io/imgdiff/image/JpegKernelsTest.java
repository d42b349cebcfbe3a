package io.imgdiff.image;

import io.imgdiff.item.BadInputException;
import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
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
        assertSameAsJdk(ImageFixtures.jpeg(noise), "baseline YCbCr");
        BufferedImage grey = new BufferedImage(64, 40, BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(noise, 0, 0, null);
        assertSameAsJdk(ImageFixtures.jpeg(grey), "grey");
        assertSameAsJdk(progressive(noise), "progressive");
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
    void garbageAfterTheSignatureIsRefusedWithLibjpegsReason() {
        byte[] bad = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x01, 0x02, 0x03, 0x04};
        BadInputException e = assertThrows(BadInputException.class, () -> ImageCodec.decode("a.jpg", bad, LIMIT));
        assertTrue(e.getMessage().startsWith("a.jpg is a corrupt or truncated JPEG (7 bytes): libjpeg: "),
                e.getMessage());
    }

    @Test
    void statusNamesLibjpegTurbo() {
        assertEquals("native (libjpeg-turbo)", JpegKernels.status());
        assertTrue(ImageCodec.pngDecoderStatus().contains("JPEG: native (libjpeg-turbo)"), ImageCodec.pngDecoderStatus());
    }

    private static void assertSameAsJdk(byte[] jpeg, String what) {
        RgbImage fast = ImageCodec.decode(jpeg, LIMIT);
        ImageKernels.setEnabled(false);
        RgbImage jdk;
        try {
            jdk = ImageCodec.decode(jpeg, LIMIT);
        } finally {
            ImageKernels.setEnabled(true);
        }
        assertEquals(jdk.width(), fast.width(), what);
        assertEquals(jdk.height(), fast.height(), what);
        assertArrayEquals(jdk.rgb(), fast.rgb(), what);
    }

    private static byte[] progressive(BufferedImage img) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
