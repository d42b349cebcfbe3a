package io.imgdiff.detect;

import io.imgdiff.compute.cpu.CpuKernels;
import io.imgdiff.item.RgbImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Size;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.blur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * A pair reduced to working size and blurred: the first, CPU-side step of the detector. Area reduction by an
 * integer factor keeps box arithmetic exact and averages away half the noise; the blur removes what is left of
 * sensor noise, JPEG blocks and the finest texture, which regeneration never reproduces exactly.
 *
 * @param a      image A at working size
 * @param b      image B at working size
 * @param factor original pixels per working pixel (an integer, 1 when the pair is already small)
 */
public record WorkingPair(RgbImage a, RgbImage b, int factor) {

    /** Reduces and blurs {@code a} and {@code b} (same size). */
    public static WorkingPair of(RgbImage a, RgbImage b, int workSide, double blurSigma) {
        int factor = factor(a.width(), a.height(), workSide);
        return new WorkingPair(prepare(a, factor, blurSigma), prepare(b, factor, blurSigma), factor);
    }

    /** Original pixels per working pixel of a {@code width × height} pair: the longer side brought to workSide. */
    public static int factor(int width, int height, int workSide) {
        int side = Math.max(width, height);
        return Math.max(1, (side + workSide - 1) / workSide);
    }

    /** The width of the two box filters for {@code sigma}; 1 (no blur) when sigma is 0. */
    public static int blurWidth(double sigma) {
        return sigma > 0 ? boxWidth(sigma) : 1;
    }

    /**
     * Width of the box filter that, applied twice, approximates a Gaussian of {@code sigma}: the odd width whose
     * two-pass variance {@code 2(k²−1)/12} is closest to σ². For σ = 1.2 that is 3 (σ ≈ 1.15), which suppresses
     * noise as much as the full Gaussian and costs 40 % less than even a 5×5 one.
     */
    static int boxWidth(double sigma) {
        int best = 1;
        for (int k = 3; k <= 31; k += 2) {
            if (Math.abs(2 * (k * k - 1) / 12.0 - sigma * sigma)
                    < Math.abs(2 * (best * best - 1) / 12.0 - sigma * sigma)) {
                best = k;
            }
        }
        return best;
    }

    private static RgbImage prepare(RgbImage img, int factor, double sigma) {
        int w = Math.max(1, img.width() / factor);
        int h = Math.max(1, img.height() / factor);
        int k = blurWidth(sigma);
        if (CpuKernels.available() && k <= 7 && img.width() >= factor && img.height() >= factor) {
            return new RgbImage(w, h, CpuKernels.reduceBlur(img.rgb(), img.width(), img.height(), factor, k));
        }
        return prepareOpenCv(img, factor, sigma, w, h);
    }

    /** The portable path: OpenCV's area resize and box blur (equal to the native one up to a level of rounding). */
    static RgbImage prepareOpenCv(RgbImage img, int factor, double sigma, int w, int h) {
        // Native memory stays inside this scope; the result leaves as a heap image.
        try (PointerScope scope = new PointerScope();
             BytePointer src = new BytePointer(img.rgb());
             Mat m = new Mat(img.height(), img.width(), CV_8UC3, src);
             Mat small = new Mat(); Mat once = new Mat(); Mat blurred = new Mat()) {
            Mat cur = m;
            if (factor > 1) {
                resize(m, small, new Size(w, h), 0, 0, INTER_AREA);
                cur = small;
            }
            if (sigma > 0) {
                Size k = new Size(boxWidth(sigma), boxWidth(sigma));
                Point anchor = new Point(-1, -1);
                blur(cur, once, k, anchor, BORDER_REPLICATE);
                blur(once, blurred, k, anchor, BORDER_REPLICATE);
                cur = blurred;
            }
            byte[] out = new byte[w * h * 3];
            if (cur == m) {
                System.arraycopy(img.rgb(), 0, out, 0, out.length);
            } else {
                cur.data().get(out);
            }
            return new RgbImage(w, h, out);
        }
    }
}
