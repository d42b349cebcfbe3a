package io.imgdiff.model.onnx;

import io.imgdiff.compute.CropResize;
import io.imgdiff.item.RgbImage;

/**
 * CLIP's image preprocessing, as Hugging Face's {@code CLIPImageProcessor} and OpenAI's {@code clip.preprocess} do
 * it ({@link #CLIP}): resize so the shorter side is {@code size} (the longer side {@code floor(size * long / short)})
 * with bicubic interpolation, centre-crop {@code size}×{@code size}, scale to [0,1], normalise with CLIP's mean and
 * std ({@link CropResize#CLIP_MEAN}, {@link CropResize#CLIP_STD}), planar RGB. BLIP's processor differs only in
 * resizing straight to {@code size}×{@code size} (384) without keeping the aspect: {@link Resize#SQUASH}.
 * <p>The resize follows Pillow's 8-bit {@code BICUBIC}: a separable Keys cubic ({@code a = -0.5}) whose support
 * widens by the scale factor when shrinking (antialiasing), weights normalised over the pixels inside the image,
 * horizontal pass first, each pass rounded and clamped to 0–255. Pillow's weights are 22-bit fixed point and ours
 * are doubles, so a value can differ from Pillow's by one level where a pass lands on a half. The crop offset is
 * {@code floor((resized - size) / 2)}, as in {@code CLIPImageProcessor}.
 *
 * @param size   side of the model input
 * @param resize how the image is brought to {@code size}×{@code size}
 */
public record ClipPreprocess(int size, Resize resize) {

    /** How an image is brought to the square input. */
    public enum Resize {
        /** Shorter side to the input side, then the centre square (CLIP). */
        CROP,
        /** Both sides to the input side, aspect not kept (BLIP). */
        SQUASH
    }

    /** CLIP's: 224, shorter side then centre crop. */
    public static final ClipPreprocess CLIP = new ClipPreprocess(CropResize.CLIP_SIZE, Resize.CROP);

    public ClipPreprocess {
        if (size < 1 || size > 4096) {
            throw new IllegalArgumentException("input size " + size + " out of range, expected 1-4096");
        }
    }

    /** Floats per preprocessed image: {@code 3 * size * size}. */
    public int floats() {
        return 3 * size * size;
    }

    /** Writes the preprocessed {@code image} into {@code out[offset, offset + floats())}. */
    public void into(RgbImage image, float[] out, int offset) {
        int w = image.width(), h = image.height();
        int rw, rh;
        if (resize == Resize.SQUASH) {
            rw = size;
            rh = size;
        } else {
            // Shorter side to size; the longer side is truncated, as Python's int() does.
            rw = w <= h ? size : (int) ((long) size * w / h);
            rh = w <= h ? (int) ((long) size * h / w) : size;
        }
        int left = (rw - size) / 2, top = (rh - size) / 2;
        Taps cols = new Taps(w, rw, left, size), rows = new Taps(h, rh, top, size);
        // Horizontal pass over only the source rows the kept output rows read.
        int r0 = rows.start[0], r1 = rows.start[size - 1] + rows.count[size - 1];
        int[] mid = new int[(r1 - r0) * size * 3];
        byte[] px = image.rgb();
        for (int y = r0; y < r1; y++) {
            int rowBase = y * w * 3, midBase = (y - r0) * size * 3;
            for (int x = 0; x < size; x++) {
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
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            int s = rows.start[y] - r0;
            for (int x = 0; x < size; x++) {
                double r = 0, g = 0, b = 0;
                for (int k = 0; k < rows.count[y]; k++) {
                    double wt = rows.weights[y][k];
                    int p = ((s + k) * size + x) * 3;
                    r += wt * mid[p];
                    g += wt * mid[p + 1];
                    b += wt * mid[p + 2];
                }
                int o = offset + y * size + x;
                out[o] = normalise(clamp8(r), 0);
                out[o + plane] = normalise(clamp8(g), 1);
                out[o + 2 * plane] = normalise(clamp8(b), 2);
            }
        }
    }

    /** A new {@code [1,3,size,size]} array holding the preprocessed {@code image}. */
    public float[] apply(RgbImage image) {
        float[] out = new float[floats()];
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

    /** Source taps of the {@code n} kept outputs {@code first..first+n-1} of an {@code in}→{@code out} resize. */
    private static final class Taps {
        final int[] start, count;
        final double[][] weights;

        Taps(int in, int out, int first, int n) {
            start = new int[n];
            count = new int[n];
            weights = new double[n][];
            double scale = (double) in / out;
            double filterScale = Math.max(scale, 1.0);
            double support = 2.0 * filterScale;
            for (int i = 0; i < n; i++) {
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
