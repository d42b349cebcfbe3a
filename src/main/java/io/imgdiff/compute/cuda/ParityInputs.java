package io.imgdiff.compute.cuda;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Inputs for parity checks and benchmarks, shared by {@code GpuCheck} and the tests: realistic pairs (mostly equal,
 * a little noise, a few replaced rectangles) and the masks and box lists that make twins disagree when they can:
 * empty, full, isolated pixels, thin shapes, planted IoU just past the threshold, tied scores.
 */
public final class ParityInputs {

    private ParityInputs() {
    }

    public static RgbImage random(Random r, int w, int h) {
        byte[] px = new byte[w * h * 3];
        r.nextBytes(px);
        return new RgbImage(w, h, px);
    }

    /** Image kinds for reduce + blur checks: the extremes and sharp edges where a rounding constant shows. */
    public static final List<String> IMAGE_KINDS = List.of("noise", "black", "white", "checker", "ramp", "stripes");

    /** A named image of {@code w}×{@code h}: kinds as in {@link #IMAGE_KINDS}. */
    public static RgbImage image(Random r, String kind, int w, int h) {
        if (kind.equals("noise")) {
            return random(r, w, h);
        }
        byte[] px = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int v = switch (kind) {
                        case "black" -> 0;
                        case "white" -> 255;
                        case "checker" -> (x + y + c) % 2 == 0 ? 255 : 0;
                        case "ramp" -> (x * 7 + y * 3 + c * 50) % 256;
                        case "stripes" -> (x / 3 + c) % 3 == 0 ? 254 : 1;
                        default -> throw new IllegalArgumentException("image kind " + kind + "; expected one of "
                                + IMAGE_KINDS);
                    };
                    px[(y * w + x) * 3 + c] = (byte) v;
                }
            }
        }
        return new RgbImage(w, h, px);
    }

    /** {@code a} with ±{@code noise} per channel and {@code rects} rectangles repainted with random colours. */
    public static RgbImage edited(Random r, RgbImage a, int noise, int rects) {
        byte[] px = a.rgb().clone();
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) Math.max(0, Math.min(255, (px[i] & 0xFF) + r.nextInt(2 * noise + 1) - noise));
        }
        for (int k = 0; k < rects; k++) {
            int x1 = r.nextInt(a.width()), y1 = r.nextInt(a.height());
            int x2 = Math.min(a.width(), x1 + 1 + r.nextInt(Math.max(1, a.width() / 4)));
            int y2 = Math.min(a.height(), y1 + 1 + r.nextInt(Math.max(1, a.height() / 4)));
            byte c0 = (byte) r.nextInt(256), c1 = (byte) r.nextInt(256), c2 = (byte) r.nextInt(256);
            for (int y = y1; y < y2; y++) {
                for (int x = x1; x < x2; x++) {
                    int p = (y * a.width() + x) * 3;
                    px[p] = c0;
                    px[p + 1] = c1;
                    px[p + 2] = c2;
                }
            }
        }
        return new RgbImage(a.width(), a.height(), px);
    }

    /** A named mask of {@code w}×{@code h}: kinds empty, full, noise10, noise50, noise90, grid, checker, lines. */
    public static byte[] mask(Random r, String kind, int w, int h) {
        byte[] m = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean on = switch (kind) {
                    case "empty" -> false;
                    case "full" -> true;
                    case "noise10" -> r.nextInt(10) == 0;
                    case "noise50" -> r.nextBoolean();
                    case "noise90" -> r.nextInt(10) != 0;
                    case "grid" -> x % 2 == 0 && y % 2 == 0;      // the most components 8-connectivity allows
                    case "checker" -> (x + y) % 2 == 0;           // one component: diagonal links only
                    case "lines" -> y % 3 == 0 || x % 7 == 3;     // long thin shapes joining far apart
                    default -> throw new IllegalArgumentException("mask kind " + kind + " unknown");
                };
                m[y * w + x] = on ? (byte) 255 : 0;
            }
        }
        return m;
    }

    public static final List<String> MASK_KINDS =
            List.of("empty", "full", "noise10", "noise50", "noise90", "grid", "checker", "lines");

    /** {@code n} boxes in a {@code side}×{@code side} image, clustered so many overlap, incl. duplicates. */
    public static List<Box> boxes(Random r, int n, int side) {
        List<Box> out = new ArrayList<>(n);
        int clusters = Math.max(1, n / 20);
        int[][] centres = new int[clusters][2];
        for (int[] c : centres) {
            c[0] = r.nextInt(side);
            c[1] = r.nextInt(side);
        }
        for (int i = 0; i < n; i++) {
            if (i > 0 && r.nextInt(50) == 0) {
                out.add(out.get(r.nextInt(i))); // exact duplicate: IoU 1
                continue;
            }
            int[] c = centres[r.nextInt(clusters)];
            int w = 1 + r.nextInt(side / 8 + 1), h = 1 + r.nextInt(side / 8 + 1);
            int x1 = Math.max(0, c[0] + r.nextInt(w + 1) - w), y1 = Math.max(0, c[1] + r.nextInt(h + 1) - h);
            out.add(r.nextInt(40) == 0 ? new Box(x1, y1, x1, y1 + h) : new Box(x1, y1, x1 + w, y1 + h));
        }
        return out;
    }

    /** Scores with many ties when {@code levels} is small (e.g. 8), or all distinct when 0. */
    public static double[] scores(Random r, int n, int levels) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = levels > 0 ? r.nextInt(levels) / (double) levels : r.nextDouble();
        }
        return s;
    }

    /** Pairs of boxes planted with IoU exactly at, just above and just below {@code t}, plus equal scores. */
    public static List<Box> plantedPairs() {
        // 10x10 vs 10x10 shifted by k columns: IoU = (10-k)*10 / (200 - (10-k)*10).
        List<Box> out = new ArrayList<>();
        for (int k = 0; k <= 10; k++) {
            out.add(new Box(100 * k, 0, 100 * k + 10, 10));
            out.add(new Box(100 * k + k, 0, 100 * k + k + 10, 10));
        }
        return out;
    }

    /** Random float vectors; every 17th pair has an all-zero {@code a}, every 19th has {@code b = a}. */
    public static float[][] vectors(Random r, int n, int dim) {
        float[] a = new float[n * dim], b = new float[n * dim];
        for (int p = 0; p < n; p++) {
            for (int i = p * dim; i < (p + 1) * dim; i++) {
                a[i] = p % 17 == 5 ? 0f : (float) r.nextGaussian();
                b[i] = p % 19 == 7 ? a[i] : (float) r.nextGaussian() + 0.5f * a[i];
            }
        }
        return new float[][] {a, b};
    }
}
