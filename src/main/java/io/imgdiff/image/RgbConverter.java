package io.imgdiff.image;

import io.imgdiff.item.RgbImage;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/**
 * Turns any decoded {@link BufferedImage} into 8-bit RGB. Samples are taken as stored, without colour management
 * (as OpenCV and PIL do by default); grey becomes R=G=B; 16-bit samples are rounded to 8 bits; an alpha channel is
 * composited over white, which is how a transparent image looks in a browser on a white page.
 */
final class RgbConverter {

    private RgbConverter() {
    }

    static RgbImage convert(BufferedImage img) {
        ColorModel cm = img.getColorModel();
        int transfer = cm.getTransferType();
        if (cm instanceof ComponentColorModel && !cm.isAlphaPremultiplied()
                && (transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT)) {
            int type = cm.getColorSpace().getType();
            int colours = cm.getNumColorComponents();
            if ((type == ColorSpace.TYPE_RGB && colours == 3) || (type == ColorSpace.TYPE_GRAY && colours == 1)) {
                RgbImage fast = interleavedBytes(img.getRaster(), colours, cm.hasAlpha());
                return fast != null ? fast : samples(img.getRaster(), cm);
            }
        }
        return argb(img);
    }

    /**
     * Fast path for 8-bit interleaved rasters (what the PNG and JPEG readers produce for the common cases): reads
     * the backing array directly; null when the raster has another layout.
     */
    private static RgbImage interleavedBytes(Raster raster, int colours, boolean alpha) {
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || !(raster.getSampleModel() instanceof ComponentSampleModel sm)
                || raster.getParent() != null || buffer.getNumBanks() != 1) {
            return null;
        }
        int w = raster.getWidth();
        int h = raster.getHeight();
        int[] offsets = sm.getBandOffsets();
        int stride = sm.getPixelStride();
        int lineStride = sm.getScanlineStride();
        int base = buffer.getOffset();
        byte[] src = buffer.getData();
        byte[] out = new byte[Math.multiplyExact(w * h, 3)];
        int r = offsets[0];
        int g = offsets[colours == 3 ? 1 : 0];
        int b = offsets[colours == 3 ? 2 : 0];
        int a = alpha ? offsets[colours] : -1;
        int o = 0;
        for (int y = 0; y < h; y++) {
            int p = base + y * lineStride;
            for (int x = 0; x < w; x++, p += stride, o += 3) {
                if (a < 0) {
                    out[o] = src[p + r];
                    out[o + 1] = src[p + g];
                    out[o + 2] = src[p + b];
                } else {
                    int al = src[p + a] & 0xFF;
                    out[o] = overWhite(src[p + r] & 0xFF, al);
                    out[o + 1] = overWhite(src[p + g] & 0xFF, al);
                    out[o + 2] = overWhite(src[p + b] & 0xFF, al);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /** Any bit depth up to 16 (e.g. 16-bit PNG), grey or RGB, with or without alpha; row by row. */
    private static RgbImage samples(Raster raster, ColorModel cm) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bands = raster.getNumBands();
        int colours = cm.getNumColorComponents();
        int[] max = new int[bands];
        for (int i = 0; i < bands; i++) {
            max[i] = (1 << cm.getComponentSize(i)) - 1;
        }
        int[] row = new int[w * bands];
        byte[] out = new byte[Math.multiplyExact(w * h, 3)];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0, p = 0; x < w; x++, p += bands, o += 3) {
                int al = cm.hasAlpha() ? to8(row[p + colours], max[colours]) : 255;
                for (int c = 0; c < 3; c++) {
                    int band = colours == 3 ? c : 0;
                    out[o + c] = overWhite(to8(row[p + band], max[band]), al);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /** Palettes, packed and 32-bit ARGB images, and anything else Java2D can convert to sRGB. */
    private static RgbImage argb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[Math.multiplyExact(w * h, 3)];
        int[] row = new int[w];
        int o = 0;
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++, o += 3) {
                int p = row[x];
                int al = p >>> 24;
                out[o] = overWhite((p >> 16) & 0xFF, al);
                out[o + 1] = overWhite((p >> 8) & 0xFF, al);
                out[o + 2] = overWhite(p & 0xFF, al);
            }
        }
        return new RgbImage(w, h, out);
    }

    private static int to8(int sample, int max) {
        return max == 255 ? sample : (sample * 255 + max / 2) / max;
    }

    /** Straight (non-premultiplied) alpha over a white background, rounded. */
    static byte overWhite(int c, int alpha) {
        return (byte) (alpha == 255 ? c : (c * alpha + 255 * (255 - alpha) + 127) / 255);
    }
}
