package io.imgdiff.image;

import com.drew.imaging.ImageProcessingException;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.png.PngMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import io.imgdiff.item.RgbImage;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * EXIF orientation (tag 0x0112) of a JPEG or PNG and the transform that brings stored pixels into displayed orientation.
 * Values: 1 as stored, 2 mirrored left-right, 3 rotated 180°, 4 mirrored top-bottom, 5 transposed (mirrored along
 * the main diagonal), 6 needs a 90° clockwise turn, 7 transversed (mirrored along the other diagonal), 8 needs a 90°
 * counter-clockwise turn. A missing, unreadable or out-of-range tag counts as 1: a broken EXIF block must not cost
 * an image whose pixels decode fine.
 */
final class ExifOrientation {

    private static final Logger LOG = Logger.getLogger(ExifOrientation.class);

    private ExifOrientation() {
    }

    /** The orientation stored in the EXIF block of a JPEG (APP1) or a PNG ({@code eXIf} chunk), 1–8; 1 when none. */
    static int read(ImageFormat format, byte[] bytes) {
        if (format != ImageFormat.JPEG && format != ImageFormat.PNG) {
            return 1;
        }
        try {
            Metadata metadata = format == ImageFormat.JPEG
                    ? JpegMetadataReader.readMetadata(new ByteArrayInputStream(bytes), List.of(new ExifReader()))
                    : PngMetadataReader.readMetadata(new ByteArrayInputStream(bytes));
            ExifIFD0Directory dir = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (dir == null || !dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                return 1;
            }
            int value = dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
            return value >= 1 && value <= 8 ? value : 1;
        } catch (ImageProcessingException | IOException | com.drew.metadata.MetadataException | RuntimeException e) {
            LOG.debugf("ignoring unreadable EXIF orientation: %s", e);
            return 1;
        }
    }

    /** {@code stored} turned into displayed orientation; the same instance for orientation 1. */
    static RgbImage apply(RgbImage stored, int orientation) {
        if (orientation == 1) {
            return stored;
        }
        int w = stored.width();
        int h = stored.height();
        boolean swap = orientation >= 5;
        int dw = swap ? h : w;
        int dh = swap ? w : h;
        byte[] src = stored.rgb();
        byte[] out = new byte[src.length];
        int o = 0;
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++, o += 3) {
                int s = 3 * source(orientation, x, y, w, h);
                out[o] = src[s];
                out[o + 1] = src[s + 1];
                out[o + 2] = src[s + 2];
            }
        }
        return new RgbImage(dw, dh, out);
    }

    /** Index (y*w + x) of the stored pixel shown at displayed (x, y); {@code w}, {@code h} are the stored size. */
    private static int source(int orientation, int x, int y, int w, int h) {
        return switch (orientation) {
            case 2 -> y * w + (w - 1 - x);
            case 3 -> (h - 1 - y) * w + (w - 1 - x);
            case 4 -> (h - 1 - y) * w + x;
            case 5 -> x * w + y;
            case 6 -> (h - 1 - x) * w + y;
            case 7 -> (h - 1 - x) * w + (w - 1 - y);
            case 8 -> x * w + (w - 1 - y);
            default -> y * w + x;
        };
    }
}
