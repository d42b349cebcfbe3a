package io.imgdiff.image;

import io.imgdiff.item.RgbImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/** Resizing of {@link RgbImage}s on OpenCV, the same library the CPU compute backend uses. */
final class Resize {

    private Resize() {
    }

    /** {@code src} resized to {@code width x height} with OpenCV's bilinear {@code INTER_LINEAR}. */
    static RgbImage bilinear(RgbImage src, int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
        }
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
        try (PointerScope scope = new PointerScope();
             BytePointer in = new BytePointer(src.rgb());
             Mat from = new Mat(src.height(), src.width(), CV_8UC3, in);
             Mat to = new Mat()) {
            resize(from, to, new Size(width, height), 0, 0, INTER_LINEAR);
            to.data().get(out);
        }
        return new RgbImage(width, height, out);
    }
}
