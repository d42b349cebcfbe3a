package io.imgdiff.detect;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The region test: a local shift plus a small gain is explained; new content, a recolouring or a removal is not. */
class RegionCheckTest {

    private static final int W = 96;
    private static final int H = 80;
    private static final Box REGION = new Box(30, 20, 70, 60);

    /** A smooth random texture (period ~10 px), the same in every channel up to an offset. */
    private static int[] texture(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] waves = new double[6][];
        for (int k = 0; k < waves.length; k++) {
            waves[k] = new double[] {r.nextDouble(-0.7, 0.7), r.nextDouble(-0.7, 0.7), r.nextDouble(0, 6.3)};
        }
        int[] v = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double s = 0;
                for (double[] w : waves) {
                    s += Math.sin(w[0] * x + w[1] * y + w[2]);
                }
                v[y * W + x] = (int) Math.round(128 + 15 * s);
            }
        }
        return v;
    }

    private static RgbImage image(int[] tex, int dx, int dy, double gain, int[] inside, int insideOffset) {
        byte[] rgb = new byte[W * H * 3];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean in = x >= REGION.x1() && x < REGION.x2() && y >= REGION.y1() && y < REGION.y2();
                int sx = Math.max(0, Math.min(W - 1, x + (in ? dx : 0)));
                int sy = Math.max(0, Math.min(H - 1, y + (in ? dy : 0)));
                int[] src = in && inside != null ? inside : tex;
                double v = src[sy * W + sx] * (in ? gain : 1) + (in ? insideOffset : 0);
                for (int c = 0; c < 3; c++) {
                    rgb[(y * W + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v + 10 * c)));
                }
            }
        }
        return new RgbImage(W, H, rgb);
    }

    private static byte[] fullMask() {
        byte[] m = new byte[W * H];
        java.util.Arrays.fill(m, (byte) 255);
        return m;
    }

    @Test
    void aLocalShiftWithALittleGainIsExplained() {
        int[] tex = texture(1);
        RgbImage a = image(tex, 0, 0, 1, null, 0);
        RgbImage warped = image(tex, 2, -1, 1.04, null, 0);
        double before = RegionCheck.residual(a, warped, fullMask(), REGION, 0);
        double after = RegionCheck.residual(a, warped, fullMask(), REGION, 2);
        assertTrue(before > 4, "the shift must show without the search: " + before);
        assertTrue(after < 2.5 && after < before / 3, "a 2 px shift and 4 % gain are re-rendering: residual " + after);
    }

    @Test
    void newContentARecolouringOrAMixIsNot() {
        int[] tex = texture(1);
        RgbImage a = image(tex, 0, 0, 1, null, 0);
        double replaced = RegionCheck.residual(a, image(tex, 0, 0, 1, texture(2), 0), fullMask(), REGION, 2);
        double recoloured = RegionCheck.residual(a, image(tex, 0, 0, 1, null, 30), fullMask(), REGION, 2);
        assertTrue(replaced > 8, "replaced texture: residual " + replaced);
        assertTrue(recoloured > 12, "a 30-level recolouring is not a tone drift (offset capped at "
                + RegionCheck.MAX_OFFSET + "): residual " + recoloured);
    }

    @Test
    void onlyMaskPixelsCount() {
        int[] tex = texture(1);
        RgbImage a = image(tex, 0, 0, 1, null, 0);
        assertEquals(0.0, RegionCheck.residual(a, image(tex, 0, 0, 1, texture(2), 0), new byte[W * H], REGION, 2));
    }
}
