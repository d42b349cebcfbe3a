package io.imgdiff.eval;

import io.imgdiff.item.RgbImage;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.bytedeco.opencv.global.opencv_core.BORDER_REFLECT;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.remap;

/**
 * Regeneration drift at the strength SDXL + Prompt-to-Prompt leaves on the unchanged parts of an image (the
 * {@code regen} preset; {@link Drift} is the milder {@code mild} one). Each B gets 2–5 distinct kinds of
 * {@link #KINDS}, applied in a fixed physical order (geometry, texture, optics, light, sensor, codec):
 * <ul>
 *   <li>{@code warp}: a global sub-pixel shift (±0.7 px) plus a smooth micro-warp, displacement amplitude
 *       0.4–0.8 px with a correlation length of 14–22 px (image pixels, not scaled with the image);</li>
 *   <li>{@code texture}: texture re-synthesis — in a random 40–100 % of the image the fine texture (the band under
 *       ~1.5 px·scale) keeps only part of its energy and 35–50 % is replaced by new content of the same local
 *       energy;</li>
 *   <li>{@code sharpen} (unsharp mask, amount 0.2–0.6) or {@code blur} (σ 0.3–0.6 px);</li>
 *   <li>{@code illumination}: a gradient of 3–4 % across the image and 1–3 bumps of ±3–4 % (multiplicative);</li>
 *   <li>{@code tone}: gamma 0.92–1.08, per-channel gain 0.96–1.04, offset ±3 levels;</li>
 *   <li>{@code noise}: Gaussian, σ 0.5–1.5 levels;</li>
 *   <li>{@code jpeg}: re-encoding at quality 70–85.</li>
 * </ul>
 */
final class RegenDrift {

    /** Drift kinds as written to truth files ({@code "drift"}); sharpen and blur never come together. */
    static final List<String> KINDS = List.of("warp", "texture", "sharpen", "blur", "illumination", "tone", "noise",
            "jpeg");
    private static final List<String> GROUPS = List.of("warp", "texture", "optics", "illumination", "tone", "noise",
            "jpeg");

    private RegenDrift() {
    }

    /** The drift kinds drawn for one B: 2–5 distinct groups, in application order. */
    static List<String> draw(SplittableRandom r) {
        List<String> pool = new ArrayList<>(GROUPS);
        int n = r.nextInt(2, 6);
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            picked.add(pool.remove(r.nextInt(pool.size())));
        }
        List<String> out = new ArrayList<>();
        for (String g : GROUPS) {
            if (picked.contains(g)) {
                out.add(g.equals("optics") ? (r.nextBoolean() ? "sharpen" : "blur") : g);
            }
        }
        return out;
    }

    /** {@code img} with the drift {@code kinds} applied at the strengths; {@code scale} is side / 512. */
    static RgbImage apply(RgbImage img, List<String> kinds, SplittableRandom r, double scale) {
        return apply(img, kinds, r, scale, 1);
    }

    /**
     * {@code img} with the drift {@code kinds} applied, every magnitude times {@code s} (1: the strengths;
     * the {@code stress} preset uses 2 to find the detector's margin): shifts, warp amplitude, the replaced share of
     * texture energy (at most 0.9), sharpening, blur, illumination, tone deviations and noise; JPEG quality drops.
     */
    static RgbImage apply(RgbImage img, List<String> kinds, SplittableRandom r, double scale, double s) {
        int w = img.width();
        int h = img.height();
        float[][] f = planes(img);
        for (String k : kinds) {
            switch (k) {
                case "warp" -> f = warp(f, w, h, r, s);
                case "texture" -> f = resynthesise(f, w, h, r, scale, s);
                case "sharpen" -> sharpen(f, w, h, s * r.nextDouble(0.2, 0.6), r.nextDouble(0.8, 1.5));
                case "blur" -> {
                    double sigma = s * r.nextDouble(0.3, 0.6);
                    for (int c = 0; c < 3; c++) {
                        f[c] = gauss(f[c], w, h, sigma);
                    }
                }
                case "illumination" -> illuminate(f, w, h, r, s);
                case "tone" -> tone(f, r, s);
                case "noise" -> noise(f, r, s * r.nextDouble(0.5, 1.5));
                case "jpeg" -> {
                    int q = r.nextInt(70, 86);
                    return Drift.jpeg(quantise(f, w, h), (int) Math.round(100 - (100 - q) * s));
                }
                default -> throw new IllegalArgumentException("unknown drift kind '" + k + "', expected one of "
                        + KINDS);
            }
        }
        return quantise(f, w, h);
    }

    private static float[][] warp(float[][] f, int w, int h, SplittableRandom r, double s) {
        double gx = s * r.nextDouble(-0.7, 0.7);
        double gy = s * r.nextDouble(-0.7, 0.7);
        double amp = s * r.nextDouble(0.4, 0.8);
        double corr = r.nextDouble(14, 22);
        float[] ux = smoothField(r, w, h, corr, amp / 2);
        float[] uy = smoothField(r, w, h, corr, amp / 2);
        // the warp is strongest where B was re-rendered: its amplitude varies 0.3-1.3x over the image
        float[] local = smoothField(r, w, h, 80, 1);
        for (int i = 0; i < ux.length; i++) {
            float k = (float) Math.max(0.3, Math.min(1.3, 0.8 + 0.5 * local[i]));
            ux[i] *= k;
            uy[i] *= k;
        }
        float[] mx = new float[w * h];
        float[] my = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                mx[i] = (float) (x + gx + ux[i]);
                my[i] = (float) (y + gy + uy[i]);
            }
        }
        float[][] out = new float[3][];
        try (PointerScope scope = new PointerScope();
             Mat mapX = new Mat(h, w, CV_32FC1, new FloatPointer(mx));
             Mat mapY = new Mat(h, w, CV_32FC1, new FloatPointer(my))) {
            for (int c = 0; c < 3; c++) {
                try (Mat src = new Mat(h, w, CV_32FC1, new FloatPointer(f[c])); Mat dst = new Mat()) {
                    remap(src, dst, mapX, mapY, INTER_CUBIC, BORDER_REFLECT, new Scalar(0.0));
                    out[c] = new float[w * h];
                    new FloatPointer(dst.data()).capacity(w * h).get(out[c]);
                }
            }
        }
        return out;
    }

    /** White noise smoothed to correlation length {@code corr} px, scaled to standard deviation {@code sd}. */
    static float[] smoothField(SplittableRandom r, int w, int h, double corr, double sd) {
        // a wide blur costs its width per pixel: smooth on a grid f times coarser (σ stays >= 3 grid cells, so
        // the bilinear upsampling adds no visible facets) and upsample
        int f = Math.max(1, (int) (corr / 2 / 3));
        int gw = w / f + 2;
        int gh = h / f + 2;
        float[] n = new float[gw * gh];
        for (int i = 0; i < n.length; i++) {
            n[i] = (float) r.nextGaussian();
        }
        float[] g = gauss(n, gw, gh, corr / 2 / f);
        float[] s = new float[w * h];
        for (int y = 0; y < h; y++) {
            double gy = (double) y / f;
            int y0 = (int) gy;
            double ty = gy - y0;
            for (int x = 0; x < w; x++) {
                double gx = (double) x / f;
                int x0 = (int) gx;
                double tx = gx - x0;
                double top = g[y0 * gw + x0] * (1 - tx) + g[y0 * gw + x0 + 1] * tx;
                double bot = g[(y0 + 1) * gw + x0] * (1 - tx) + g[(y0 + 1) * gw + x0 + 1] * tx;
                s[y * w + x] = (float) (top * (1 - ty) + bot * ty);
            }
        }
        double var = 0;
        for (float v : s) {
            var += v * v;
        }
        double k = sd / Math.sqrt(Math.max(var / s.length, 1e-12));
        for (int i = 0; i < s.length; i++) {
            s[i] *= (float) k;
        }
        return s;
    }

    private static float[][] resynthesise(float[][] f, int w, int h, SplittableRandom r, double scale, double s) {
        double band = r.nextDouble(1.5, 3) * scale;
        double rho = Math.min(0.9, s * r.nextDouble(0.35, 0.5));
        double keep = Math.sqrt(1 - rho);
        double fresh = Math.sqrt(rho);
        // where: re-rendering is local, a smooth random region covering ~10-60 % of the image, soft-edged
        float[] where = smoothField(r, w, h, 60 * scale, 1);
        double cut = r.nextDouble(-0.25, 1.3);
        float[] noise = new float[w * h];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) r.nextGaussian();
        }
        float[] nh = highPass(gauss(noise, w, h, band / 3), w, h, band);
        normalise(nh);
        float[][] out = new float[3][];
        for (int c = 0; c < 3; c++) {
            float[] low = gauss(f[c], w, h, band);
            float[] hp = new float[w * h];
            float[] e2 = new float[w * h];
            for (int i = 0; i < hp.length; i++) {
                hp[i] = f[c][i] - low[i];
                e2[i] = hp[i] * hp[i];
            }
            float[] energy = gauss(e2, w, h, 4 * scale);
            out[c] = new float[w * h];
            for (int i = 0; i < hp.length; i++) {
                double m = Math.max(0, Math.min(1, (where[i] - cut) * 2));
                double replaced = keep * hp[i] + fresh * nh[i] * Math.sqrt(energy[i]);
                out[c][i] = (float) (low[i] + m * replaced + (1 - m) * hp[i]);
            }
        }
        return out;
    }

    private static float[] highPass(float[] v, int w, int h, double sigma) {
        float[] low = gauss(v, w, h, sigma);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] - low[i];
        }
        return out;
    }

    private static void normalise(float[] v) {
        double var = 0;
        for (float x : v) {
            var += x * x;
        }
        float k = (float) (1 / Math.sqrt(Math.max(var / v.length, 1e-12)));
        for (int i = 0; i < v.length; i++) {
            v[i] *= k;
        }
    }

    private static void sharpen(float[][] f, int w, int h, double amount, double sigma) {
        for (int c = 0; c < 3; c++) {
            float[] low = gauss(f[c], w, h, sigma);
            for (int i = 0; i < low.length; i++) {
                f[c][i] = (float) (f[c][i] + amount * (f[c][i] - low[i]));
            }
        }
    }

    private static void illuminate(float[][] f, int w, int h, SplittableRandom r, double s) {
        double grad = s * r.nextDouble(0.03, 0.04);
        double angle = r.nextDouble(0, 2 * Math.PI);
        int bumps = r.nextInt(1, 4);
        double[][] bump = new double[bumps][];
        int side = Math.max(w, h);
        for (int k = 0; k < bumps; k++) {
            double amp = s * r.nextDouble(0.03, 0.04) * (r.nextBoolean() ? 1 : -1);
            bump[k] = new double[] {r.nextDouble(0, w), r.nextDouble(0, h), r.nextDouble(0.08, 0.25) * side, amp};
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double ramp = (Math.cos(angle) * (x - w / 2.0) + Math.sin(angle) * (y - h / 2.0)) / side;
                double m = 1 + grad * ramp;
                for (double[] b : bump) {
                    double dx = x - b[0];
                    double dy = y - b[1];
                    m += b[3] * Math.exp(-(dx * dx + dy * dy) / (2 * b[2] * b[2]));
                }
                int i = y * w + x;
                for (int c = 0; c < 3; c++) {
                    f[c][i] *= (float) m;
                }
            }
        }
    }

    private static void tone(float[][] f, SplittableRandom r, double s) {
        double gamma = 1 + s * r.nextDouble(-0.08, 0.08);
        double offset = s * r.nextDouble(-3, 3);
        for (int c = 0; c < 3; c++) {
            double gain = 1 + s * r.nextDouble(-0.04, 0.04);
            for (int i = 0; i < f[c].length; i++) {
                double v = Math.max(0, f[c][i]) / 255.0;
                f[c][i] = (float) (255 * Math.pow(v, gamma) * gain + offset);
            }
        }
    }

    private static void noise(float[][] f, SplittableRandom r, double sigma) {
        for (float[] p : f) {
            for (int i = 0; i < p.length; i++) {
                p[i] += (float) (sigma * r.nextGaussian());
            }
        }
    }

    /** Gaussian blur of one float plane, borders reflected. */
    static float[] gauss(float[] v, int w, int h, double sigma) {
        try (PointerScope scope = new PointerScope();
             Mat src = new Mat(h, w, CV_32FC1, new FloatPointer(v)); Mat dst = new Mat()) {
            GaussianBlur(src, dst, new Size(0, 0), sigma, sigma, BORDER_REFLECT, 0);
            float[] out = new float[w * h];
            new FloatPointer(dst.data()).capacity(w * h).get(out);
            return out;
        }
    }

    static float[][] planes(RgbImage img) {
        int n = img.width() * img.height();
        float[][] f = new float[3][n];
        byte[] rgb = img.rgb();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                f[c][i] = rgb[i * 3 + c] & 0xFF;
            }
        }
        return f;
    }

    static RgbImage quantise(float[][] f, int w, int h) {
        byte[] out = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            for (int c = 0; c < 3; c++) {
                out[i * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(f[c][i])));
            }
        }
        return new RgbImage(w, h, out);
    }
}
