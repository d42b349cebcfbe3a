package io.imgdiff.model.onnx;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Ultralytics' letterbox for a square {@code side}×{@code side} input, and its inverse for boxes: resize keeping
 * the aspect ratio by {@code gain = min(side/w, side/h)} to {@code round(w*gain)}×{@code round(h*gain)} (OpenCV
 * INTER_LINEAR, as ultralytics does), centre it with offsets {@code round(pad/2 - 0.1)}, fill the rest with 114,
 * then RGB planes scaled to [0,1].
 *
 * @param side  input side of the model
 * @param gain  scale from image to input pixels
 * @param left  horizontal offset of the image inside the input
 * @param top   vertical offset of the image inside the input
 * @param width width of the original image, for clipping
 * @param height height of the original image, for clipping
 */
public record Letterbox(int side, double gain, int left, int top, int width, int height) {

    /** The grey ultralytics pads with. */
    public static final int PAD = 114;

    /** The letterbox geometry of a {@code width}×{@code height} image. */
    public static Letterbox of(int width, int height, int side) {
        double gain = Math.min((double) side / width, (double) side / height);
        int w = (int) Math.round(width * gain), h = (int) Math.round(height * gain);
        return new Letterbox(side, gain, (int) Math.round((side - w) / 2.0 - 0.1),
                (int) Math.round((side - h) / 2.0 - 0.1), width, height);
    }

    /** Writes the letterboxed {@code image} ([3,side,side] floats) into {@code out[offset...]}. */
    public void into(RgbImage image, float[] out, int offset) {
        int w = (int) Math.round(width * gain), h = (int) Math.round(height * gain);
        byte[] resized = new byte[w * h * 3];
        try (PointerScope scope = new PointerScope();
             BytePointer in = new BytePointer(image.rgb());
             Mat from = new Mat(height, width, CV_8UC3, in);
             Mat to = new Mat()) {
            resize(from, to, new Size(w, h), 0, 0, INTER_LINEAR);
            to.data().get(resized);
        }
        int plane = side * side;
        float pad = PAD / 255.0f;
        java.util.Arrays.fill(out, offset, offset + 3 * plane, pad);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int s = (y * w + x) * 3, o = offset + (top + y) * side + left + x;
                out[o] = (resized[s] & 0xFF) / 255.0f;
                out[o + plane] = (resized[s + 1] & 0xFF) / 255.0f;
                out[o + 2 * plane] = (resized[s + 2] & 0xFF) / 255.0f;
            }
        }
    }

    /**
     * The image box of an input-space box given by centre and size; corners rounded to whole pixels and clipped to
     * the image. May be empty when the box lies in the padding.
     */
    public Box toImage(double cx, double cy, double w, double h) {
        int x1 = clip((cx - w / 2 - left) / gain, width), x2 = clip((cx + w / 2 - left) / gain, width);
        int y1 = clip((cy - h / 2 - top) / gain, height), y2 = clip((cy + h / 2 - top) / gain, height);
        return new Box(x1, y1, Math.max(x1, x2), Math.max(y1, y2));
    }

    private static int clip(double v, int extent) {
        return (int) Math.max(0, Math.min(extent, Math.round(v)));
    }
}
