package io.imgdiff.model.onnx;

import io.imgdiff.item.RgbImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ClipPreprocess} against a slow, obvious oracle written here from CLIP's recipe: for every output pixel of
 * the centre crop, a direct two-dimensional sum of Keys-cubic weights (a = -0.5, support widened by the shrink
 * factor) over the source pixels, in doubles, with no intermediate rounding. The two may differ only by the 8-bit
 * rounding of the production code's two passes (at most about one level).
 */
class ClipPreprocessTest {

    static final double[] MEAN = {0.48145466, 0.4578275, 0.40821073};
    static final double[] STD = {0.26862954, 0.26130258, 0.27577711};
    static final int S = 224;

    @ParameterizedTest
    @CsvSource({"1024,1024,224,CROP", "800,600,224,CROP", "600,800,224,CROP", "300,227,224,CROP",
            "100,150,224,CROP", "224,224,224,CROP", "57,301,224,CROP", "800,600,384,SQUASH", "200,300,96,SQUASH"})
    void matchesTheDirectOracle(int width, int height, int size, ClipPreprocess.Resize mode) {
        RgbImage image = TestModels.image(width, height, width * 31L + height);
        float[] got = new ClipPreprocess(size, mode).apply(image);
        double[] want = oracle(image, size, mode == ClipPreprocess.Resize.SQUASH);
        int plane = size * size;
        double maxLevels = 0, sumLevels = 0;
        for (int i = 0; i < want.length; i++) {
            double levels = Math.abs(got[i] - want[i]) * STD[i / plane] * 255;
            maxLevels = Math.max(maxLevels, levels);
            sumLevels += levels;
        }
        double meanLevels = sumLevels / want.length;
        assertTrue(maxLevels <= 1.5, width + "x" + height + ": largest difference " + maxLevels + " levels");
        assertTrue(meanLevels <= 0.35, width + "x" + height + ": mean difference " + meanLevels + " levels");
    }

    @Test
    void aFlatImageNormalisesExactly() {
        RgbImage flat = RgbImage.blank(640, 480);
        for (int i = 0; i < flat.rgb().length; i += 3) {
            flat.rgb()[i] = (byte) 255;
            flat.rgb()[i + 1] = 0;
            flat.rgb()[i + 2] = (byte) 128;
        }
        float[] out = ClipPreprocess.CLIP.apply(flat);
        int[] level = {255, 0, 128};
        for (int c = 0; c < 3; c++) {
            float want = (float) ((level[c] / 255.0 - MEAN[c]) / STD[c]);
            for (int i = 0; i < S * S; i++) {
                assertEquals(want, out[c * S * S + i], 1e-6, "channel " + c + " element " + i);
            }
        }
    }

    /** Planar [3,S,S] of {@code image} the obvious way. */
    static double[] oracle(RgbImage image, int S, boolean squash) {
        int w = image.width(), h = image.height();
        int rw, rh;
        if (squash) {
            rw = S;
            rh = S;
        } else if (w <= h) {
            rw = S;
            rh = (int) Math.floor((double) S * h / w);
        } else {
            rh = S;
            rw = (int) Math.floor((double) S * w / h);
        }
        int left = (rw - S) / 2, top = (rh - S) / 2;
        double sx = (double) w / rw, sy = (double) h / rh;
        double fx = Math.max(1, sx), fy = Math.max(1, sy);
        double[] out = new double[3 * S * S];
        for (int oy = 0; oy < S; oy++) {
            double cy = (oy + top + 0.5) * sy;
            for (int ox = 0; ox < S; ox++) {
                double cx = (ox + left + 0.5) * sx;
                double[] acc = new double[3];
                double wsumX = 0, wsumY = 0;
                // The kernel is zero beyond 2 * scale; skipping those pixels only saves time.
                int x0 = Math.max(0, (int) (cx - 2 * fx) - 1), x1 = Math.min(w, (int) (cx + 2 * fx) + 2);
                int y0 = Math.max(0, (int) (cy - 2 * fy) - 1), y1 = Math.min(h, (int) (cy + 2 * fy) + 2);
                for (int x = x0; x < x1; x++) {
                    wsumX += keys((x + 0.5 - cx) / fx);
                }
                for (int y = y0; y < y1; y++) {
                    double wy = keys((y + 0.5 - cy) / fy);
                    wsumY += wy;
                    if (wy == 0) {
                        continue;
                    }
                    for (int x = x0; x < x1; x++) {
                        double wx = keys((x + 0.5 - cx) / fx);
                        if (wx != 0) {
                            for (int c = 0; c < 3; c++) {
                                acc[c] += wy * wx * image.get(x, y, c);
                            }
                        }
                    }
                }
                for (int c = 0; c < 3; c++) {
                    double v = Math.min(255, Math.max(0, acc[c] / (wsumX * wsumY)));
                    out[c * S * S + oy * S + ox] = (Math.round(v) / 255.0 - MEAN[c]) / STD[c];
                }
            }
        }
        return out;
    }

    /** Keys' cubic convolution kernel, a = -0.5. */
    static double keys(double t) {
        t = Math.abs(t);
        if (t <= 1) {
            return 1.5 * t * t * t - 2.5 * t * t + 1;
        }
        if (t < 2) {
            return -0.5 * t * t * t + 2.5 * t * t - 4 * t + 2;
        }
        return 0;
    }
}
