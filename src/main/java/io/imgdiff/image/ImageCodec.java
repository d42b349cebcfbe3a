package io.imgdiff.image;

import io.imgdiff.item.BadInputException;
import io.imgdiff.item.RgbImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Decoding and encoding of images. Every decoded image becomes 8-bit RGB in displayed orientation.
 * (Minimal first version; the store/image work replaces it with header checks and full normalisation.)
 */
public final class ImageCodec {

    private ImageCodec() {
    }

    /** Decodes {@code bytes}; throws {@link BadInputException} for anything that is not a readable image. */
    public static RgbImage decode(byte[] bytes, long maxPixels) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
            if (img == null) {
                throw new BadInputException("not a readable image (" + bytes.length + " bytes)");
            }
            if ((long) img.getWidth() * img.getHeight() > maxPixels) {
                throw new BadInputException("image is " + img.getWidth() + "x" + img.getHeight()
                        + ", over the limit of " + maxPixels + " pixels");
            }
            return fromBuffered(img);
        } catch (IOException e) {
            throw new BadInputException("unreadable image: " + e.getMessage(), e);
        }
    }

    /** Copies a {@link BufferedImage} into an {@link RgbImage}. */
    public static RgbImage fromBuffered(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] rgb = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                int o = (y * w + x) * 3;
                rgb[o] = (byte) (p >> 16);
                rgb[o + 1] = (byte) (p >> 8);
                rgb[o + 2] = (byte) p;
            }
        }
        return new RgbImage(w, h, rgb);
    }

    /** Copies an {@link RgbImage} into a TYPE_3BYTE_BGR {@link BufferedImage} (for Java2D drawing). */
    public static BufferedImage toBuffered(RgbImage image) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
        byte[] src = image.rgb();
        for (int i = 0; i < src.length; i += 3) {
            dst[i] = src[i + 2];
            dst[i + 1] = src[i + 1];
            dst[i + 2] = src[i];
        }
        return out;
    }

    /** Encodes as PNG. */
    public static byte[] encodePng(RgbImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(toBuffered(image), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
