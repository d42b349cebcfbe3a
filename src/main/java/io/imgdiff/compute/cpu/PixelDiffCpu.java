package io.imgdiff.compute.cpu;

import io.imgdiff.compute.PixelDiff;
import io.imgdiff.item.RgbImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Size;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CMP_GE;
import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.compare;
import static org.bytedeco.opencv.global.opencv_core.max;
import static org.bytedeco.opencv.global.opencv_core.split;
import static org.bytedeco.opencv.global.opencv_imgproc.boxFilter;

/** CPU twin of {@link PixelDiff} on OpenCV: absdiff, max over channels, unnormalised box sum, integer compare. */
public final class PixelDiffCpu implements PixelDiff {

    @Override
    public Result diff(RgbImage a, RgbImage b, int radius, int threshold) {
        PixelDiff.check(a, b, radius, threshold);
        int w = a.width();
        int h = a.height();
        try (PointerScope scope = new PointerScope();
             BytePointer pa = new BytePointer(a.rgb()); BytePointer pb = new BytePointer(b.rgb());
             Mat ma = new Mat(h, w, CV_8UC3, pa); Mat mb = new Mat(h, w, CV_8UC3, pb);
             Mat ad = new Mat(); MatVector ch = new MatVector(); Mat d = new Mat();
             Mat sum = new Mat(); Mat mask = new Mat()) {
            absdiff(ma, mb, ad);
            split(ad, ch);
            max(ch.get(0), ch.get(1), d);
            max(d, ch.get(2), d);
            int k = 2 * radius + 1;
            boxFilter(d, sum, CV_32S, new Size(k, k), new Point(-1, -1), false, BORDER_REPLICATE);
            compare(sum, new Mat(1, 1, CV_32S, new org.bytedeco.opencv.opencv_core.Scalar((double) threshold * k * k)),
                    mask, CMP_GE);
            byte[] diff = new byte[w * h];
            byte[] out = new byte[w * h];
            d.data().get(diff);
            mask.data().get(out);
            return new Result(w, h, diff, out);
        }
    }
}
