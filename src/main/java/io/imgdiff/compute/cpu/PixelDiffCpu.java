package io.imgdiff.compute.cpu;

import io.imgdiff.compute.PixelDiff;
import io.imgdiff.item.RgbImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CMP_GE;
import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.compare;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_core.max;
import static org.bytedeco.opencv.global.opencv_core.min;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_imgproc.boxFilter;

/**
 * CPU twin of {@link PixelDiff} on OpenCV. The shifted difference works on planes: B's planes are padded by the
 * shift (borders replicated, which is the clamping of the definition), and every offset is a view into them, so
 * each of the (2s+1)² candidates costs three absdiffs and three max/min ops of vectorised code.
 */
public final class PixelDiffCpu implements PixelDiff {

    @Override
    public Difference difference(RgbImage a, RgbImage b, int shift) {
        PixelDiff.checkDifference(a, b, shift);
        int w = a.width();
        int h = a.height();
        try (PointerScope scope = new PointerScope();
             BytePointer pa = new BytePointer(a.rgb()); BytePointer pb = new BytePointer(b.rgb());
             Mat ma = new Mat(h, w, CV_8UC3, pa); Mat mb = new Mat(h, w, CV_8UC3, pb);
             MatVector ca = new MatVector(); MatVector cb = new MatVector();
             Mat best = new Mat(); Mat cand = new Mat(); Mat ad = new Mat()) {
            split(ma, ca);
            split(mb, cb);
            Mat[] padded = new Mat[3];
            for (int c = 0; c < 3; c++) {
                padded[c] = new Mat();
                copyMakeBorder(cb.get(c), padded[c], shift, shift, shift, shift, BORDER_REPLICATE);
            }
            boolean first = true;
            for (int dy = -shift; dy <= shift; dy++) {
                for (int dx = -shift; dx <= shift; dx++) {
                    Mat target = first ? best : cand;
                    for (int c = 0; c < 3; c++) {
                        Mat view = new Mat(padded[c], new Rect(shift + dx, shift + dy, w, h));
                        absdiff(ca.get(c), view, c == 0 ? target : ad);
                        if (c > 0) {
                            max(target, ad, target);
                        }
                    }
                    if (!first) {
                        min(best, cand, best);
                    }
                    first = false;
                }
            }
            byte[] d = new byte[w * h];
            best.data().get(d);
            return new Difference(w, h, d);
        }
    }

    @Override
    public byte[] mask(Difference d, int radius, int threshold) {
        PixelDiff.checkMask(radius, threshold);
        int w = d.width();
        int h = d.height();
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
