package io.imgdiff.detect;

import io.imgdiff.compute.cpu.CpuKernels;
import io.imgdiff.compute.reference.ReduceBlurReference;
import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The detector's native CPU steps against their Java twins and a plain-Java oracle of their definition. */
class NativeStepsTest {

    @BeforeAll
    static void kernelsBuilt() {
        assumeTrue(CpuKernels.available(), "native CPU kernels not available: " + CpuKernels.status());
    }

    @Test
    void driftApplyIsBitExactWithTheJavaLoopIncludingClampedRowsAndOutOfRangeLevels() {
        Random r = new Random(11);
        for (int[] size : new int[][] {{1, 1}, {7, 3}, {64, 40}, {203, 117}}) {
            int w = size[0];
            int h = size[1];
            for (double strength : new double[] {0.0, 1.0, 12.0}) { // 12: corrections beyond the ±24 clamp
                byte[] a = new byte[w * h * 3];
                byte[] b = new byte[a.length];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        for (int c = 0; c < 3; c++) {
                            int v = r.nextInt(256);
                            int i = (y * w + x) * 3 + c;
                            double ramp = strength * (3.0 * x / w + 2.0 * y / h - 2.5) * (c + 1);
                            a[i] = (byte) v;
                            b[i] = (byte) Math.max(0, Math.min(255, (int) Math.round(v * (1 - 0.02 * c) - ramp)));
                        }
                    }
                }
                RgbImage ib = new RgbImage(w, h, b);
                DriftModel model = DriftModel.fit(new RgbImage(w, h, a), ib);
                RgbImage viaJava = model.apply(ib, false);
                RgbImage viaNative = model.apply(ib, true);
                assertArrayEquals(viaJava.rgb(), viaNative.rgb(), w + "x" + h + " strength " + strength);
            }
        }
    }

    @Test
    void driftFitIsBitExactWithTheJavaFitOnDriftedChangedAndDegeneratePairs() {
        Random r = new Random(5);
        io.imgdiff.eval.HardPairGenerator gen = new io.imgdiff.eval.HardPairGenerator(96);
        for (int[] size : new int[][] {{1, 1}, {7, 3}, {33, 1}, {64, 40}, {203, 117}, {512, 512}}) {
            int w = size[0];
            int h = size[1];
            for (int kind = 0; kind < 3; kind++) {
                byte[] a = new byte[w * h * 3];
                byte[] b = new byte[a.length];
                for (int i = 0; i < a.length; i++) {
                    int v = kind == 2 ? 128 : r.nextInt(256); // kind 2: a flat image (a degenerate fit)
                    a[i] = (byte) v;
                    int drifted = (int) Math.round(v * 0.97 + 3 + (kind == 1 && i % 97 < 20 ? 90 : 0));
                    b[i] = (byte) Math.max(0, Math.min(255, drifted));
                }
                assertSameFit(new RgbImage(w, h, a), new RgbImage(w, h, b), w + "x" + h + " kind " + kind);
            }
        }
        for (int i = 0; i < 6; i++) {
            io.imgdiff.eval.HardPairGenerator.Pair p = gen.generate(3, i);
            assertSameFit(p.a(), p.b(), "hard pair " + i);
        }
    }

    private static void assertSameFit(RgbImage a, RgbImage b, String what) {
        DriftModel java = DriftModel.fit(a, b, false);
        DriftModel nat = DriftModel.fit(a, b, true);
        for (int c = 0; c < 3; c++) {
            double[] x = java.coefficients(c);
            double[] y = nat.coefficients(c);
            for (int t = 0; t < x.length; t++) {
                assertTrue(Double.doubleToRawLongBits(x[t]) == Double.doubleToRawLongBits(y[t]),
                        what + ": channel " + c + " term " + t + ": Java " + x[t] + ", native " + y[t]);
            }
        }
        RgbImage viaJava = java.apply(b, false);
        assertArrayEquals(viaJava.rgb(), nat.apply(b, false).rgb(), what + ": the fitted level ranges differ");
    }

    @Test
    void reduceBlurIsAreaMeanThenTentFilterExactly() {
        Random r = new Random(2);
        for (int[] c : new int[][] {{1, 1, 1, 3}, {9, 1, 1, 3}, {1, 9, 1, 5}, {20, 14, 2, 3}, {21, 15, 2, 3},
                                    {37, 29, 3, 5}, {64, 64, 4, 7}, {50, 30, 1, 1}, {48, 30, 2, 1}}) {
            int w = c[0], h = c[1], f = c[2], k = c[3];
            byte[] src = new byte[w * h * 3];
            r.nextBytes(src);
            assertArrayEquals(new ReduceBlurReference().reduceBlur(src, w, h, f, k),
                    CpuKernels.reduceBlur(src, w, h, f, k),
                    w + "x" + h + " factor " + f + " k " + k);
        }
    }

    @Test
    void reduceBlurAgreesWithTheOpenCvPathToALevelAwayFromTheBorders() {
        Random r = new Random(8);
        int w = 256, h = 192, f = 2;
        byte[] src = smooth(r, w, h);
        RgbImage img = new RgbImage(w, h, src);
        byte[] fast = CpuKernels.reduceBlur(src, w, h, f, 3);
        byte[] portable = WorkingPair.prepareOpenCv(img, f, 1.2, w / f, h / f).rgb();
        int worst = 0;
        long off = 0;
        int ow = w / f, oh = h / f, inside = 0;
        for (int y = 2; y < oh - 2; y++) {
            for (int x = 2; x < ow - 2; x++) {
                for (int ch = 0; ch < 3; ch++) {
                    int i = (y * ow + x) * 3 + ch;
                    int d = Math.abs((fast[i] & 0xFF) - (portable[i] & 0xFF));
                    worst = Math.max(worst, d);
                    off += d > 0 ? 1 : 0;
                    inside++;
                }
            }
        }
        // one rounding (tent) against two (box, box): at most a level apart, and rarely
        assertTrue(worst <= 1, "largest difference " + worst);
        assertTrue(off < inside / 4, off + " of " + inside + " values differ");
    }

    /** A smooth random image (sums of ramps plus a little noise), like the detector's inputs. */
    private static byte[] smooth(Random r, int w, int h) {
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = 128 + 60 * Math.sin(x / 17.0 + c) * Math.cos(y / 23.0) + r.nextGaussian() * 4;
                    px[(y * w + x) * 3 + c] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
                }
            }
        }
        return px;
    }

    @Test
    void theStatusLineNamesThePath() {
        assertEquals("native (cpu_kernels.h)", CpuKernels.status());
    }
}
