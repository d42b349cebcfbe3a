package io.imgdiff.detect;

import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriftModelTest {

    @Test
    void selectFindsEveryOrderStatisticOfASortedCopy() {
        Random r = new Random(9);
        for (int n : new int[] {1, 2, 3, 10, 101, 1000}) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextInt(20) + r.nextDouble(); // duplicates in the integer part, ties possible
            }
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            for (int k = 0; k < n; k += Math.max(1, n / 7)) {
                assertEquals(sorted[k], Select.kth(v.clone(), k), "n " + n + " k " + k);
            }
            assertEquals(sorted[n / 2], Select.median(v.clone()));
        }
    }

    @Test
    void normalEquationsRecoverAnExactLinearModel() {
        double[] truth = {3, -2, 0.5};
        LeastSquares.Normal normal = new LeastSquares.Normal(3);
        Random r = new Random(1);
        for (int i = 0; i < 500; i++) {
            double[] f = {1, r.nextDouble() * 20 - 10, r.nextDouble() * 20 - 10}; // wide: the ridge barely shrinks
            normal.add(f, truth[0] + truth[1] * f[1] + truth[2] * f[2]);
        }
        double[] p = normal.solve();
        // ridge 0.01 per row against a mean square of ~33 per row: shrinkage ~0.03 % of each slope
        assertEquals(3, p[0], 0.01);
        assertEquals(-2, p[1], 0.01);
        assertEquals(0.5, p[2], 0.01);
    }

    @Test
    void gainOffsetAndIlluminationRampAreRemovedToWithinALevel() {
        int w = 128;
        int h = 96;
        Random r = new Random(4);
        byte[] a = new byte[w * h * 3];
        byte[] b = new byte[a.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int v = 20 + r.nextInt(200);
                    int i = (y * w + x) * 3 + c;
                    a[i] = (byte) v;
                    // B: gain 1.03, offset -4, an additive ramp of 6 levels across the width
                    b[i] = (byte) Math.round(v * 1.03 - 4 + 6.0 * x / (w - 1));
                }
            }
        }
        RgbImage ia = new RgbImage(w, h, a);
        RgbImage corrected = DriftModel.fit(ia, new RgbImage(w, h, b)).apply(new RgbImage(w, h, b));
        int worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs((a[i] & 0xFF) - (corrected.rgb()[i] & 0xFF)));
        }
        assertTrue(worst <= 1, "largest remaining difference " + worst + " levels, expected <= 1");
    }

    @Test
    void aReplacedRegionIsNotCorrectedAway() {
        int w = 64;
        int h = 64;
        Random r = new Random(2);
        byte[] a = new byte[w * h * 3];
        r.nextBytes(a);
        byte[] b = a.clone();
        for (int y = 20; y < 36; y++) { // 6 % of the image replaced by a flat dark patch
            for (int x = 20; x < 36; x++) {
                Arrays.fill(b, (y * w + x) * 3, (y * w + x) * 3 + 3, (byte) 10);
            }
        }
        RgbImage ib = new RgbImage(w, h, b);
        RgbImage corrected = DriftModel.fit(new RgbImage(w, h, a), ib).apply(ib);
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == corrected.rgb()[i] ? 1 : 0;
        }
        assertTrue(same >= a.length - 16 * 16 * 3, "outside the patch nothing may change; " + same + " equal bytes");
        assertArrayEquals(Arrays.copyOfRange(b, (28 * w + 28) * 3, (28 * w + 28) * 3 + 3),
                Arrays.copyOfRange(corrected.rgb(), (28 * w + 28) * 3, (28 * w + 28) * 3 + 3),
                "the patch keeps its levels");
    }

    @Test
    void twoBoxPassesApproximateTheGaussian() {
        assertEquals(3, WorkingPair.boxWidth(1.2)); // two passes of width 3: sigma 1.15
        assertEquals(5, WorkingPair.boxWidth(2.0)); // sigma 2.0 exactly
        assertEquals(1, WorkingPair.boxWidth(0.3)); // too small to blur: identity
    }
}
