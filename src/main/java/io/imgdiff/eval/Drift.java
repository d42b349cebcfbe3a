package io.imgdiff.eval;

import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.RgbImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.remap;

/**
 * Regeneration drift, the nuisance a diffusion edit leaves over the whole image and the detector must ignore:
 * sub-pixel shift and a smooth local warp, blur or sharpening, tone (gamma, per-channel gain, offset),
 * low-frequency illumination, Gaussian noise and JPEG re-encoding. Each kind is drawn with probability 0.75 and a
 * magnitude uniform over the range the detect issue lists, so every pair carries a different mix.
 */
final class Drift {

    private Drift() {
    }

    /** {@code img} with random drift; {@code scale} is image side / 512 (feature sizes grow with the image). */
    static RgbImage apply(RgbImage img, SplittableRandom r, double scale) {
        RgbImage out = geometric(img, r, scale);
        out = blurOrSharpen(out, r);
        out = photometric(out, r, scale);
        if (r.nextDouble() < 0.75) {
            out = jpeg(out, r.nextInt(70, 96));
        }
        return out;
    }

    private static RgbImage geometric(RgbImage img, SplittableRandom r, double scale) {
        int w = img.width();
        int h = img.height();
        double dx = r.nextDouble() < 0.75 ? r.nextDouble(-1, 1) : 0;
        double dy = r.nextDouble() < 0.75 ? r.nextDouble(-1, 1) : 0;
        double amp = r.nextDouble() < 0.75 ? r.nextDouble(0, 0.75) : 0;
        int cell = Math.max(8, (int) (48 * scale));
        float[] wx = Textures.valueNoise(r, w, h, cell);
        float[] wy = Textures.valueNoise(r, w, h, cell);
        float[] mx = new float[w * h];
        float[] my = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                mx[i] = (float) (x + dx + amp * (2 * wx[i] - 1));
                my[i] = (float) (y + dy + amp * (2 * wy[i] - 1));
            }
        }
        try (PointerScope scope = new PointerScope();
             Mat src = new Mat(h, w, CV_8UC3, new BytePointer(img.rgb()));
             Mat mapX = new Mat(h, w, CV_32FC1, new FloatPointer(mx));
             Mat mapY = new Mat(h, w, CV_32FC1, new FloatPointer(my)); Mat dst = new Mat()) {
            remap(src, dst, mapX, mapY, INTER_LINEAR, BORDER_REFLECT, new Scalar(0.0));
            return toImage(dst, w, h);
        }
    }

    private static RgbImage blurOrSharpen(RgbImage img, SplittableRandom r) {
        double p = r.nextDouble();
        if (p >= 0.75) {
            return img;
        }
        boolean sharpen = p < 0.3;
        double sigma = sharpen ? 1.0 : r.nextDouble(0.3, 1.0);
        try (PointerScope scope = new PointerScope();
             Mat src = new Mat(img.height(), img.width(), CV_8UC3, new BytePointer(img.rgb()));
             Mat blur = new Mat(); Mat dst = new Mat()) {
            GaussianBlur(src, blur, new Size(0, 0), sigma, sigma, BORDER_REPLICATE, 0);
            if (sharpen) {
                double amount = r.nextDouble(0.2, 0.6);
                addWeighted(src, 1 + amount, blur, -amount, 0, dst);
                return toImage(dst, img.width(), img.height());
            }
            return toImage(blur, img.width(), img.height());
        }
    }

    private static RgbImage photometric(RgbImage img, SplittableRandom r, double scale) {
        boolean tone = r.nextDouble() < 0.75;
        double gamma = tone ? r.nextDouble(0.95, 1.05) : 1;
        double[] gain = new double[3];
        for (int c = 0; c < 3; c++) {
            gain[c] = tone ? r.nextDouble(0.97, 1.03) : 1;
        }
        double offset = tone ? r.nextDouble(-4, 4) : 0;
        double illum = r.nextDouble() < 0.75 ? r.nextDouble(0, 0.05) : 0;
        double noise = r.nextDouble() < 0.75 ? r.nextDouble(0, 2) : 0;
        int w = img.width();
        int h = img.height();
        float[] field = Textures.valueNoise(r, w, h, Math.max(64, (int) (256 * scale)));
        double angle = r.nextDouble(0, 2 * Math.PI);
        float[] lut = new float[256];
        for (int v = 0; v < 256; v++) {
            lut[v] = (float) (255 * Math.pow(v / 255.0, gamma));
        }
        byte[] src = img.rgb();
        byte[] out = new byte[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double ramp = (Math.cos(angle) * (x - w / 2.0) + Math.sin(angle) * (y - h / 2.0)) / Math.max(w, h);
                double m = 1 + illum * (ramp + (field[i] - 0.5));
                for (int c = 0; c < 3; c++) {
                    double v = (lut[src[i * 3 + c] & 0xFF] * gain[c] + offset) * m + noise * r.nextGaussian();
                    out[i * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /** {@code img} encoded as JPEG at {@code quality} (percent) and decoded again. */
    static RgbImage jpeg(RgbImage img, int quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality / 100f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(ImageCodec.toBuffered(img), null, null), p);
            out.flush();
            return ImageCodec.decode(bytes.toByteArray(), Long.MAX_VALUE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    private static RgbImage toImage(Mat m, int w, int h) {
        byte[] out = new byte[w * h * 3];
        m.data().get(out);
        return new RgbImage(w, h, out);
    }
}
