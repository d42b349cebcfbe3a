package io.imgdiff.image;

import io.imgdiff.item.RgbImage;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The native decoders against the JDK readers they stand in for, and progressive files the JDK writes. */
final class JdkParity {

    private static final long LIMIT = 40_000_000L;

    private JdkParity() {
    }

    /** Decodes {@code bytes} natively and with the JDK readers, asserts the same image, returns it. */
    static RgbImage assertSameAsJdk(byte[] bytes, String what) {
        RgbImage fast = ImageCodec.decode(bytes, LIMIT);
        ImageKernels.setEnabled(false);
        RgbImage jdk;
        try {
            jdk = ImageCodec.decode(bytes, LIMIT);
        } finally {
            ImageKernels.setEnabled(true);
        }
        assertEquals(jdk.width(), fast.width(), what);
        assertEquals(jdk.height(), fast.height(), what);
        assertArrayEquals(jdk.rgb(), fast.rgb(), what);
        return fast;
    }

    /** {@code img} as an interlaced PNG or a progressive JPEG ({@code format} "png" or "jpeg"), by the JDK writer. */
    static byte[] progressive(BufferedImage img, String format) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
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
