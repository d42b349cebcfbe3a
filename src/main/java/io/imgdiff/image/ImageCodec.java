package io.imgdiff.image;

import io.imgdiff.config.StoredImageFormat;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.RgbImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.jboss.logging.Logger;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_COMPRESSION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_FILTER;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_FILTER_SUB;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_STRATEGY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PNG_STRATEGY_RLE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

/**
 * Decoding and encoding of images. Every decoded image becomes 8-bit RGB in displayed orientation:
 * <ul>
 *   <li>formats are recognised by signature (PNG, JPEG incl. CMYK/YCCK, GIF first frame, BMP), never by name;</li>
 *   <li>the size is checked from the header, before any pixel is decoded, against {@code maxPixels};</li>
 *   <li>truncated or corrupt data is refused, including JPEGs that a lenient decoder would grey-fill;</li>
 *   <li>16-bit samples are rounded to 8 bits; grey becomes R=G=B; alpha is composited over <b>white</b>;</li>
 *   <li>JPEG EXIF orientation (1–8) is applied, so pixels are as a viewer shows them.</li>
 * </ul>
 * Every refusal is a {@link BadInputException} whose message names the image, what was found and what was expected.
 */
public final class ImageCodec {

    private ImageCodec() {
    }

    /** Decodes {@code bytes}; throws {@link BadInputException} for anything that is not a readable image. */
    public static RgbImage decode(byte[] bytes, long maxPixels) {
        return decode("image", bytes, maxPixels);
    }

    /**
     * Decodes {@code bytes}, named {@code what} in error messages (e.g. {@code "image A of item 12"}); throws
     * {@link BadInputException} for an empty, unrecognised, corrupt, truncated or oversized image.
     */
    public static RgbImage decode(String what, byte[] bytes, long maxPixels) {
        if (bytes == null || bytes.length == 0) {
            throw new BadInputException(what + " is empty (0 bytes): expected " + ImageFormat.expected());
        }
        ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() -> new BadInputException(
                what + " is not an image: its " + bytes.length + " bytes start with " + ImageDecoder.preview(bytes)
                        + ", expected " + ImageFormat.expected()));
        return new ImageDecoder(what, format, bytes, maxPixels).decode();
    }

    /**
     * Converts a {@link BufferedImage} of any type into an {@link RgbImage}, with the same rules as
     * {@link #decode}: grey as R=G=B, 16-bit rounded to 8, alpha composited over white.
     */
    public static RgbImage fromBuffered(BufferedImage img) {
        return RgbConverter.convert(img);
    }

    /** Copies an {@link RgbImage} into a TYPE_3BYTE_BGR {@link BufferedImage} (for Java2D drawing). */
    public static BufferedImage toBuffered(RgbImage image) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        byte[] src = image.rgb();
        for (int i = 0; i < src.length; i += 3) {
            dst[i] = src[i + 2];
            dst[i + 1] = src[i + 1];
            dst[i + 2] = src[i];
        }
        return out;
    }

    /**
     * Encodes as an 8-bit RGB PNG (lossless): SUB filter, deflated by the native kernels ({@link PngWriter},
     * libdeflate level 1) when they are loaded, else by libpng through OpenCV.
     */
    public static byte[] encodePng(RgbImage image) {
        return PngWriter.available() ? PngWriter.encode(image, PngWriter.LEVEL) : encodePngWithOpenCv(image);
    }

    /**
     * The fallback PNG encoder: libpng through OpenCV, SUB filter, zlib level 1, RLE strategy. On generated 1024²
     * images ~3× faster than the JDK's writer (~45 vs ~150 ms; its adaptive per-row filter choice is the cost) and a
     * quarter smaller (1.4 vs 1.9 MB).
     */
    static byte[] encodePngWithOpenCv(RgbImage image) {
        try (PointerScope scope = new PointerScope();
             BytePointer px = new BytePointer(image.rgb());
             Mat rgb = new Mat(image.height(), image.width(), CV_8UC3, px);
             Mat bgr = new Mat();
             BytePointer out = new BytePointer();
             IntPointer params = new IntPointer(IMWRITE_PNG_COMPRESSION, 1, IMWRITE_PNG_FILTER, IMWRITE_PNG_FILTER_SUB,
                     IMWRITE_PNG_STRATEGY, IMWRITE_PNG_STRATEGY_RLE)) {
            cvtColor(rgb, bgr, COLOR_RGB2BGR); // OpenCV's codecs take BGR
            if (!imencode(".png", bgr, out, params)) {
                throw new IllegalStateException("OpenCV could not encode a " + image.width() + "x" + image.height()
                        + " PNG");
            }
            byte[] png = new byte[(int) out.limit()];
            out.get(png);
            return png;
        }
    }

    /**
     * Encodes in {@code format}: the internal format (fast, lossless, for objects only the pipeline reads) or PNG.
     */
    public static byte[] encode(RgbImage image, StoredImageFormat format) {
        return switch (format) {
            case RGBZ -> RgbzCodec.encode(image, RgbzCodec.Compression.ZSTD);
            case RGBZ_LZ4 -> RgbzCodec.encode(image, RgbzCodec.Compression.LZ4);
            case PNG -> encodePng(image);
        };
    }

    /** Whether {@code bytes} are in the internal format, which browsers and other tools cannot read. */
    public static boolean isInternal(byte[] bytes) {
        return ImageFormat.sniff(bytes).orElse(null) == ImageFormat.RGBZ;
    }

    /**
     * {@code bytes} as other programs can read them: PNG for the internal format, anything else unchanged; so
     * exports and the web API hand out PNG/JPEG whatever the store holds.
     */
    public static byte[] toPortable(String what, byte[] bytes, long maxPixels) {
        return isInternal(bytes) ? encodePng(decode(what, bytes, maxPixels)) : bytes;
    }

    private static volatile JpegAccelerator accelerator;
    private static final AtomicLong ACCELERATOR_FAILURES = new AtomicLong();
    private static final Logger LOG = Logger.getLogger(ImageCodec.class);

    /**
     * Puts {@code a} in front of libjpeg-turbo for this process's JPEGs (null: none); see {@link JpegAccelerator}
     * for what it sees. Installed at start-up by the compute backend's producer, never per item.
     */
    public static void useJpegAccelerator(JpegAccelerator a) {
        accelerator = a;
    }

    /**
     * The installed accelerator only where libjpeg-turbo reads the header first (its guarantees come from there);
     * else null.
     */
    public static JpegAccelerator jpegAccelerator() {
        JpegAccelerator a = accelerator;
        return a != null && JpegKernels.available() ? a : null;
    }

    /**
     * The stored width and height of {@code bytes} when they are a JPEG the installed accelerator may decode as
     * stored: the rules of {@link #decode}'s own dispatch to it (libjpeg-turbo reads the header, within
     * {@code maxPixels}, YCbCr/grey/RGB, end-of-image marker present) and EXIF orientation 1 or none. Null for
     * anything else, which {@link #decode} decodes or refuses with its usual reasons.
     */
    public static int[] plainAcceleratedJpegSize(byte[] bytes, long maxPixels) {
        ImageFormat format = ImageFormat.sniff(bytes).orElse(null);
        return format == ImageFormat.JPEG
                ? new ImageDecoder("image", format, bytes, maxPixels).plainAcceleratedJpegSize() : null;
    }

    /**
     * The accelerator (or a device path built on it) threw on a file the CPU then decodes or refuses: counted,
     * logged the first time and every 1,000th.
     */
    public static void acceleratorFailed(JpegAccelerator a, Throwable e) {
        long n = ACCELERATOR_FAILURES.incrementAndGet();
        if (n == 1 || n % 1000 == 0) {
            LOG.warnf("JPEG accelerator %s failed (%d so far), the CPU decoder took the file: %s", a.name(), n,
                    e.toString());
        }
    }

    /** Files the accelerator gave back to the CPU since start-up. */
    public static long jpegAcceleratorFailures() {
        return ACCELERATOR_FAILURES.get();
    }

    /** One line for logs: which JPEG decoder runs first. */
    public static String jpegDecoderStatus() {
        JpegAccelerator a = jpegAccelerator();
        return a != null ? a.name() + ", then " + JpegKernels.status() : JpegKernels.status();
    }

    /** One line for logs and benchmarks: which PNG decoder runs (native or the JDK's) and why. */
    public static String pngDecoderStatus() {
        return ImageKernels.status();
    }

    /** One line for logs and benchmarks: how the internal format's LZ4 variant runs (JNI or a Java twin). */
    public static String internalFormatStatus() {
        return RgbzCodec.status();
    }

    /** Encodes as a baseline JFIF JPEG at {@code quality} 1–100 (as in PIL and OpenCV; 90 is a good default). */
    public static byte[] encodeJpeg(RgbImage image, int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1-100, got " + quality);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(toBuffered(image), null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /**
     * B at A's size: {@code b} itself when the sizes already agree, else {@code b} resized to
     * {@code a.width() x a.height()} with bilinear interpolation (OpenCV {@code INTER_LINEAR}, pixel-centre
     * aligned), as the Img-Diff reference code does before comparing a pair. Aspect ratio is not kept.
     */
    public static RgbImage matchSize(RgbImage a, RgbImage b) {
        if (a.width() == b.width() && a.height() == b.height()) {
            return b;
        }
        return Resize.bilinear(b, a.width(), a.height());
    }
}
