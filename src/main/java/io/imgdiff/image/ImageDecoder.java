package io.imgdiff.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.PixelBuffers;
import io.imgdiff.item.RgbImage;

import javax.imageio.ImageReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** One decode of one image: header checks, pixel decoding with warnings watched, conversion, orientation. */
final class ImageDecoder {

    /** RgbImage keeps w*h*3 bytes in one array; beyond this, no configuration of maxPixels can be honoured. */
    private static final long MAX_ARRAY_PIXELS = (Integer.MAX_VALUE - 8) / 3;

    private final String what;
    private final ImageFormat format;
    private final byte[] bytes;
    private final long maxPixels;
    private final List<String> warnings = new ArrayList<>();

    ImageDecoder(String what, ImageFormat format, byte[] bytes, long maxPixels) {
        this.what = what;
        this.format = format;
        this.bytes = bytes;
        this.maxPixels = maxPixels;
    }

    RgbImage decode() {
        if (format == ImageFormat.RGBZ) {
            RgbzCodec.Header header = RgbzCodec.header(what, bytes);
            checkSize(header.width(), header.height());
            return RgbzCodec.decode(what, bytes, header);
        }
        if (format == ImageFormat.PNG) {
            checkPngHeader();
            if (ImageKernels.available()) {
                RgbImage fast = PngReader.read(what, bytes);
                if (fast != null) {
                    return fast;
                }
            }
        }
        if (format == ImageFormat.JPEG && JpegKernels.available()) {
            RgbImage fast = nativeJpeg();
            if (fast != null) {
                return fast;
            }
        }
        if (format == ImageFormat.BMP) {
            checkBmpCompression();
        }
        ImageReader reader = newReader();
        try (ByteArrayImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            reader.setInput(in, true, false);
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            checkSize(reader.getWidth(0), reader.getHeight(0));
            BufferedImage img = reader.read(0);
            checkWarnings();
            RgbImage rgb = RgbConverter.convert(img);
            return ExifOrientation.apply(rgb, ExifOrientation.read(format, bytes));
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoders signal corrupt data with anything from IIOException to ArrayIndexOutOfBounds.
            throw new BadInputException(what + " is a corrupt or truncated " + format + " ("
                    + bytes.length + " bytes): " + message(e) + warningSuffix() + "; expected complete " + format + " data", e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * libjpeg-turbo (JpegKernels) for YCbCr, grey and RGB JPEGs, about twice the JDK's speed with the same pixels;
     * null for what it leaves to the JDK: CMYK and YCCK, and files libjpeg gives up on, which the more lenient
     * TwelveMonkeys reader may still read (it refuses them with its own reason otherwise). Warnings go through
     * {@link #checkWarnings}, as the JDK's do, so a JPEG cut mid-scan is refused either way.
     */
    private RgbImage nativeJpeg() {
        int[] dims = rgbJpegHeader();
        if (dims == null) {
            return null;
        }
        RgbImage accelerated = accelerated(dims[0], dims[1]);
        if (accelerated != null) {
            return ExifOrientation.apply(accelerated, ExifOrientation.read(format, bytes));
        }
        byte[] out = PixelBuffers.take(Math.multiplyExact(Math.multiplyExact(dims[0], dims[1]), 3)); // all or an error
        byte[] msg = new byte[1024];
        int rc = JpegKernels.jpegDecode0(bytes, 0, bytes.length, dims[0], dims[1], out, msg, msg.length);
        if (rc != JpegKernels.OK) {
            return null;
        }
        for (String part : text(msg).split("; ")) {
            if (part.startsWith("warning: ")) {
                warnings.add(part.substring("warning: ".length()));
            }
        }
        checkWarnings();
        return ExifOrientation.apply(new RgbImage(dims[0], dims[1], out), ExifOrientation.read(format, bytes));
    }

    /**
     * The header as libjpeg-turbo reads it (width, height, components, colour space), after the size check (which
     * throws), for YCbCr, grey and RGB files only; null for what it leaves to the JDK (CMYK, YCCK, unreadable).
     */
    private int[] rgbJpegHeader() {
        int[] dims = new int[4];
        byte[] msg = new byte[1024];
        if (JpegKernels.jpegHeader0(bytes, 0, bytes.length, dims, msg, msg.length) != JpegKernels.OK) {
            return null;
        }
        checkSize(dims[0], dims[1]);
        int colourSpace = dims[3]; // J_COLOR_SPACE: 1 grey, 2 RGB, 3 YCbCr, 4 CMYK, 5 YCCK
        return colourSpace >= 1 && colourSpace <= 3 ? dims : null;
    }

    /**
     * The installed accelerator when this file may go to it: one is installed and the file ends with its
     * end-of-image marker (without it, the CPU refuses the file as truncated, with its reason); else null.
     */
    private JpegAccelerator acceleratorForThisFile() {
        JpegAccelerator accelerator = ImageCodec.jpegAccelerator();
        return accelerator != null && JpegMarkers.hasEndMarker(bytes) ? accelerator : null;
    }

    /**
     * For the detect stage's device path: the stored width and height of a JPEG that the accelerator would be given
     * ({@link #nativeJpeg}'s rules: libjpeg-turbo reads its header, within the size limit, YCbCr/grey/RGB, EOI
     * present) and whose EXIF orientation is 1, so its pixels need no turn; null for anything else, oversized files
     * included (decoding it then refuses or decodes it as always).
     */
    int[] plainAcceleratedJpegSize() {
        if (format != ImageFormat.JPEG || !JpegKernels.available() || acceleratorForThisFile() == null) {
            return null;
        }
        try {
            int[] dims = rgbJpegHeader();
            return dims != null && ExifOrientation.read(format, bytes) == 1 ? new int[] {dims[0], dims[1]} : null;
        } catch (BadInputException e) {
            return null;
        }
    }

    /**
     * The installed {@link JpegAccelerator}'s pixels, or null for the CPU path: none may take this file
     * ({@link #acceleratorForThisFile}), or the accelerator failed on it.
     */
    private RgbImage accelerated(int width, int height) {
        JpegAccelerator accelerator = acceleratorForThisFile();
        if (accelerator == null) {
            return null;
        }
        try {
            RgbImage img = accelerator.decode(bytes, width, height);
            return img.width() == width && img.height() == height ? img : null;
        } catch (RuntimeException | LinkageError e) {
            ImageCodec.acceleratorFailed(accelerator, e);
            return null;
        }
    }

    private static String text(byte[] nulTerminated) {
        int n = 0;
        while (n < nulTerminated.length && nulTerminated[n] != 0) {
            n++;
        }
        return new String(nulTerminated, 0, n, StandardCharsets.ISO_8859_1);
    }

    private ImageReader newReader() {
        try {
            return format.reader();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a " + format + " reader", e);
        }
    }

    /**
     * Reads IHDR ourselves: the JDK reader's own messages for absurd sizes are terse, and this runs before the
     * reader allocates anything.
     */
    private void checkPngHeader() {
        if (bytes.length < 33 || !new String(bytes, 12, 4, StandardCharsets.US_ASCII).equals("IHDR")) {
            throw new BadInputException(what + " is a PNG without a complete IHDR header (" + bytes.length
                    + " bytes): expected the IHDR chunk right after the signature");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, 16, 8);
        checkSize(Integer.toUnsignedLong(header.getInt()), Integer.toUnsignedLong(header.getInt()));
    }

    /**
     * A BMP may wrap a whole JPEG or PNG (compression 4 or 5), whose size the JDK reader never checks against the
     * header: fuzzing found it allocating until the heap ran out. Nobody stores pairs that way, so refuse them.
     */
    private void checkBmpCompression() {
        if (bytes.length >= 34) {
            int headerSize = ByteBuffer.wrap(bytes, 14, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
            int compression = ByteBuffer.wrap(bytes, 30, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
            if (headerSize >= 40 && (compression == 4 || compression == 5)) {
                throw new BadInputException(what + " is a BMP wrapping an embedded " + (compression == 4 ? "JPEG" : "PNG")
                        + " (" + bytes.length + " bytes): not supported; expected an uncompressed or RLE BMP, or the"
                        + " JPEG/PNG itself");
            }
        }
    }

    private void checkSize(long width, long height) {
        if (width < 1 || height < 1 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw new BadInputException(what + " header says " + width + "x" + height + " pixels: expected width"
                    + " and height of at least 1 (" + format + ")");
        }
        long pixels = width * height;
        long limit = Math.min(maxPixels, MAX_ARRAY_PIXELS);
        if (pixels > limit) {
            throw new BadInputException(what + " header says " + width + "x" + height + " = " + pixels
                    + " pixels, over the limit of " + limit + " pixels (imgdiff.image.max-pixels) (" + format + ")");
        }
    }

    /**
     * The JPEG decoder (libjpeg inside the JDK) does not fail on a truncated file: it warns, pads the rest of the
     * image with grey and returns it. Such warnings make the image bad input. Other warnings (an invalid ICC
     * profile, extraneous bytes between segments) leave a correctly decoded image and are ignored.
     */
    private void checkWarnings() {
        for (String warning : warnings) {
            String w = warning.toLowerCase(Locale.ROOT);
            boolean benign = w.contains("extraneous bytes");
            if (!benign && (w.contains("premature end") || w.contains("truncated") || w.contains("missing eoi")
                    || w.contains("corrupt"))) {
                throw new BadInputException(what + " is a truncated or corrupt " + format + " (" + bytes.length
                        + " bytes): the decoder reported '" + warning + "'; expected complete image data");
            }
        }
    }

    private String warningSuffix() {
        return warnings.isEmpty() ? "" : " (decoder warnings: " + String.join("; ", warnings) + ")";
    }

    private static String message(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 300; t = t.getCause() == t ? null : t.getCause()) {
            if (!sb.isEmpty()) {
                sb.append(" <- ");
            }
            sb.append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
        }
        return sb.toString();
    }

    /** The first bytes in hex, plus as text when they are printable, for "not an image" messages. */
    static String preview(byte[] bytes) {
        int n = Math.min(bytes.length, 8);
        String hex = HexFormat.ofDelimiter(" ").formatHex(bytes, 0, n);
        String text = new String(bytes, 0, Math.min(bytes.length, 16), StandardCharsets.ISO_8859_1);
        boolean printable = text.chars().allMatch(c -> c >= 0x20 && c < 0x7F || c == '\n' || c == '\r' || c == '\t');
        return "[" + hex + "]" + (printable ? " (text \"" + text.strip() + "\")" : "");
    }
}
