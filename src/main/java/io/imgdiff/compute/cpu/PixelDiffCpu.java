package io.imgdiff.compute.cpu;

import io.imgdiff.compute.PixelDiff;
import io.imgdiff.item.PixelBuffers;
import io.imgdiff.item.RgbImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CMP_GE;
import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.compare;
import static org.bytedeco.opencv.global.opencv_core.max;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_core.subtract;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.boxFilter;
import static org.bytedeco.opencv.global.opencv_imgproc.dilate;
import static org.bytedeco.opencv.global.opencv_imgproc.erode;
import static org.bytedeco.opencv.global.opencv_imgproc.getStructuringElement;

/**
 * CPU twin of {@link PixelDiff}: the difference in {@link CpuKernels} when they are loaded (one pass over the
 * heap arrays, histogram included), else on OpenCV, which works on planes: B's local range is an erosion and a
 * dilation (borders replicated, which is the clamping of the definition), and the distance to it two saturating
 * subtractions — five vectorised ops per channel whatever the shift. The mask likewise: {@link CpuKernels} or
 * OpenCV's box filter.
 */
public final class PixelDiffCpu implements PixelDiff {

    @Override
    public Difference difference(RgbImage a, RgbImage b, int shift) {
        PixelDiff.checkDifference(a, b, shift);
        int w = a.width();
        int h = a.height();
        if (CpuKernels.available()) {
            byte[] d = PixelBuffers.take(w * h); // every byte written
            long[] levels = CpuKernels.rangeDifference(a.rgb(), b.rgb(), w, h, shift, d);
            return new Difference(w, h, d, levels);
        }
        return differenceOpenCv(a, b, shift, w, h);
    }

    /** The portable path (bit-exact with the native one). */
    static Difference differenceOpenCv(RgbImage a, RgbImage b, int shift, int w, int h) {
        try (PointerScope scope = new PointerScope();
             BytePointer pa = new BytePointer(a.rgb()); BytePointer pb = new BytePointer(b.rgb());
             Mat ma = new Mat(h, w, CV_8UC3, pa); Mat mb = new Mat(h, w, CV_8UC3, pb);
             MatVector ca = new MatVector(); MatVector cb = new MatVector();
             Mat lo = new Mat(); Mat hi = new Mat(); Mat below = new Mat(); Mat above = new Mat();
             Mat d = new Mat(); Mat dc = new Mat()) {
            split(ma, ca);
            split(mb, cb);
            Mat window = getStructuringElement(MORPH_RECT, new Size(2 * shift + 1, 2 * shift + 1));
            Point centre = new Point(-1, -1);
            Scalar unused = new Scalar(0); // the border value, read only for BORDER_CONSTANT
            for (int c = 0; c < 3; c++) {
                Mat bc = cb.get(c);
                Mat ac = ca.get(c);
                erode(bc, lo, window, centre, 1, BORDER_REPLICATE, unused);   // local minimum of B
                dilate(bc, hi, window, centre, 1, BORDER_REPLICATE, unused);  // local maximum of B
                subtract(lo, ac, below); // 8-bit subtraction saturates: max(0, lo - a)
                subtract(ac, hi, above); // max(0, a - hi)
                Mat target = c == 0 ? d : dc;
                max(below, above, target);
                if (c > 0) {
                    max(d, dc, d);
                }
            }
            byte[] out = new byte[w * h];
            d.data().get(out);
            return new Difference(w, h, out);
        }
    }

    @Override
    public byte[] mask(Difference d, int radius, int threshold) {
        PixelDiff.checkMask(radius, threshold);
        int w = d.width();
        int h = d.height();
        if (CpuKernels.available()) {
            return CpuKernels.boxMask(d.diff(), w, h, radius, threshold);
        }
        return maskOpenCv(d, radius, threshold, w, h);
    }

    /** The portable path (bit-exact with the native one). */
    static byte[] maskOpenCv(Difference d, int radius, int threshold, int w, int h) {
        try (PointerScope scope = new PointerScope();
             BytePointer pd = new BytePointer(d.diff());
             Mat md = new Mat(h, w, CV_8UC1, pd); Mat sum = new Mat(); Mat mask = new Mat()) {
            int k = 2 * radius + 1;
            boxFilter(md, sum, CV_32S, new Size(k, k), new Point(-1, -1), false, BORDER_REPLICATE);
            compare(sum, new Mat(1, 1, CV_32S, new Scalar((double) threshold * k * k)), mask, CMP_GE);
            byte[] out = new byte[w * h];
            mask.data().get(out);
            return out;
        }
    }
}
