package io.imgdiff.model.onnx;

import io.imgdiff.compute.CropResize;
import io.imgdiff.item.RgbImage;

/**
 * CLIP's image preprocessing, as Hugging Face's {@code CLIPImageProcessor} and OpenAI's {@code clip.preprocess} do
 * it: resize so the shorter side is {@value #SIZE} (the longer side {@code floor(SIZE * long / short)}) with
 * bicubic interpolation, centre-crop {@value #SIZE}×{@value #SIZE}, scale to [0,1], normalise with CLIP's mean and
 * std ({@link CropResize#CLIP_MEAN}, {@link CropResize#CLIP_STD}), planar RGB.
 * <p>The resize follows Pillow's 8-bit {@code BICUBIC}: a separable Keys cubic ({@code a = -0.5}) whose support
 * widens by the scale factor when shrinking (antialiasing), weights normalised over the pixels inside the image,
 * horizontal pass first, each pass rounded and clamped to 0–255. Pillow's weights are 22-bit fixed point and ours
 * are doubles, so a value can differ from Pillow's by one level where a pass lands on a half. The crop offset is
 * {@code floor((resized - SIZE) / 2)}, as in {@code CLIPImageProcessor}.
 */
public final class ClipPreprocess {

    /** CLIP's input side. */
    public static final int SIZE = CropResize.CLIP_SIZE;

    /** Floats per preprocessed image. */
    public static final int FLOATS = 3 * SIZE * SIZE;

    private ClipPreprocess() {
    }

    /** Writes the preprocessed {@code image} into {@code out[offset, offset + FLOATS)}. */
    public static void into(RgbImage image, float[] out, int offset) {
        int w = image.width(), h = image.height();
        // Shorter side to SIZE; the longer side is truncated, as Python's int() does.
        int rw = w <= h ? SIZE : (int) ((long) SIZE * w / h);
        int rh = w <= h ? (int) ((long) SIZE * h / w) : SIZE;
        int left = (rw - SIZE) / 2, top = (rh - SIZE) / 2;
        Taps cols = new Taps(w, rw, left), rows = new Taps(h, rh, top);
        // Horizontal pass over only the source rows the kept output rows read.
        int r0 = rows.start[0], r1 = rows.start[SIZE - 1] + rows.count[SIZE - 1];
        int[] mid = new int[(r1 - r0) * SIZE * 3];
        byte[] px = image.rgb();
        for (int y = r0; y < r1; y++) {
            int rowBase = y * w * 3, midBase = (y - r0) * SIZE * 3;
            for (int x = 0; x < SIZE; x++) {
                double r = 0, g = 0, b = 0;
                int s = cols.start[x];
                for (int k = 0; k < cols.count[x]; k++) {
                    double wt = cols.weights[x][k];
                    int p = rowBase + (s + k) * 3;
                    r += wt * (px[p] & 0xFF);
                    g += wt * (px[p + 1] & 0xFF);
                    b += wt * (px[p + 2] & 0xFF);
                }
                mid[midBase + x * 3] = clamp8(r);
                mid[midBase + x * 3 + 1] = clamp8(g);
                mid[midBase + x * 3 + 2] = clamp8(b);
            }
        }
        int plane = SIZE * SIZE;
        for (int y = 0; y < SIZE; y++) {
            int s = rows.start[y] - r0;
            for (int x = 0; x < SIZE; x++) {
                double r = 0, g = 0, b = 0;
                for (int k = 0; k < rows.count[y]; k++) {
                    double wt = rows.weights[y][k];
                    int p = ((s + k) * SIZE + x) * 3;
                    r += wt * mid[p];
                    g += wt * mid[p + 1];
                    b += wt * mid[p + 2];
                }
                int o = offset + y * SIZE + x;
                out[o] = normalise(clamp8(r), 0);
                out[o + plane] = normalise(clamp8(g), 1);
                out[o + 2 * plane] = normalise(clamp8(b), 2);
            }
        }
    }

    /** A new {@code [1,3,SIZE,SIZE]} array holding the preprocessed {@code image}. */
    public static float[] apply(RgbImage image) {
        float[] out = new float[FLOATS];
        into(image, out, 0);
        return out;
    }

    private static float normalise(int level, int c) {
        return (level / 255.0f - CropResize.CLIP_MEAN[c]) / CropResize.CLIP_STD[c];
    }

    private static int clamp8(double v) {
        long r = Math.round(v);
        return r < 0 ? 0 : r > 255 ? 255 : (int) r;
    }

    /** Keys cubic convolution kernel with {@code a = -0.5} (Pillow's and OpenCV's bicubic). */
    static double cubic(double x) {
        double a = -0.5;
        x = Math.abs(x);
        if (x < 1) {
            return ((a + 2) * x - (a + 3)) * x * x + 1;
        }
        if (x < 2) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0;
    }

    /** Source taps of the {@code SIZE} kept outputs {@code first..first+SIZE-1} of an {@code in}→{@code out} resize. */
    private static final class Taps {
        final int[] start = new int[SIZE], count = new int[SIZE];
        final double[][] weights = new double[SIZE][];

        Taps(int in, int out, int first) {
            double scale = (double) in / out;
            double filterScale = Math.max(scale, 1.0);
            double support = 2.0 * filterScale;
            for (int i = 0; i < SIZE; i++) {
                double centre = (first + i + 0.5) * scale;
                int lo = Math.max((int) (centre - support + 0.5), 0);
                int hi = Math.min((int) (centre + support + 0.5), in);
                double[] w = new double[hi - lo];
                double sum = 0;
                for (int k = 0; k < w.length; k++) {
                    w[k] = cubic((lo + k - centre + 0.5) / filterScale);
                    sum += w[k];
                }
                for (int k = 0; k < w.length; k++) {
                    w[k] = sum == 0 ? 0 : w[k] / sum;
                }
                start[i] = lo;
                count[i] = w.length;
                weights[i] = w;
            }
        }
    }
}
