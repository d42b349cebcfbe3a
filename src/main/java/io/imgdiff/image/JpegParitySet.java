package io.imgdiff.image;

import io.imgdiff.item.RgbImage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes the JPEG parity set of the GPU check ({@code native/pack-gpu-check.sh}): JPEGs of several sizes and
 * qualities, each with the RGB this project's CPU decoder (libjpeg-turbo, else the JDK) makes of it, plus files the
 * CPU decoder refuses; {@code manifest.txt} lists {@code name width height ok|refuse cpu-ms}. The GPU side
 * ({@code GpuCheck --jpeg DIR}) has no ImageIO, so the references are made here.
 * Usage: {@code java -cp … io.imgdiff.image.JpegParitySet DIR}
 */
public final class JpegParitySet {

    private static final long LIMIT = 40_000_000L;

    private JpegParitySet() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: JpegParitySet DIR");
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        List<String> manifest = new ArrayList<>();
        manifest.add("# decoder " + ImageCodec.pngDecoderStatus());
        int[][] sizes = {{256, 256, 90}, {1024, 1024, 90}, {1024, 1024, 75}, {640, 480, 85}, {333, 77, 95}};
        SplittableRandom r = new SplittableRandom(11);
        for (int[] s : sizes) {
            String name = "scene_" + s[0] + "x" + s[1] + "_q" + s[2];
            byte[] jpeg = ImageCodec.encodeJpeg(scene(s[0], s[1], r), s[2]);
            Files.write(dir.resolve(name + ".jpg"), jpeg);
            ImageCodec.decode(jpeg, LIMIT); // warm-up: the timing below is the decoder's, not the JIT's
            long t0 = System.nanoTime();
            int reps = 10;
            RgbImage ref = null;
            for (int i = 0; i < reps; i++) {
                ref = ImageCodec.decode(jpeg, LIMIT);
            }
            double ms = (System.nanoTime() - t0) / 1e6 / reps;
            Files.write(dir.resolve(name + ".rgb"), ref.rgb());
            manifest.add(String.format(java.util.Locale.ROOT, "%s.jpg %d %d ok %.2f", name, ref.width(),
                    ref.height(), ms));
        }
        byte[] whole = Files.readAllBytes(dir.resolve("scene_256x256_q90.jpg"));
        Files.write(dir.resolve("truncated.jpg"), Arrays.copyOf(whole, whole.length * 2 / 3));
        manifest.add("truncated.jpg 256 256 refuse 0");
        Files.write(dir.resolve("text.jpg"), "not a JPEG at all\n".getBytes(StandardCharsets.UTF_8));
        manifest.add("text.jpg 0 0 refuse 0");
        // its middle third cut out, end-of-image marker kept: libjpeg warns of corrupt data and the CPU refuses it;
        // whether nvJPEG notices is what this file asks (the EOI check alone does not catch it)
        byte[] spliced = new byte[whole.length - whole.length / 3];
        System.arraycopy(whole, 0, spliced, 0, whole.length / 3);
        System.arraycopy(whole, whole.length - (spliced.length - whole.length / 3), spliced, whole.length / 3,
                spliced.length - whole.length / 3);
        Files.write(dir.resolve("spliced.jpg"), spliced);
        manifest.add("spliced.jpg 256 256 refuse 0");
        for (String refused : new String[] {"truncated.jpg", "text.jpg", "spliced.jpg"}) {
            try {
                ImageCodec.decode(Files.readAllBytes(dir.resolve(refused)), LIMIT);
                throw new IllegalStateException("the CPU decoder accepted " + refused + "; the set expects a refusal");
            } catch (io.imgdiff.item.BadInputException expected) {
                // as the manifest says
            }
        }
        Files.write(dir.resolve("manifest.txt"), manifest);
        System.out.println("JPEG parity set: " + (manifest.size() - 1) + " files in " + dir);
    }

    /** Gradients, edges and noise: what separates one IDCT/upsampling from another. */
    public static RgbImage scene(int w, int h, SplittableRandom r) {
        byte[] rgb = new byte[w * h * 3];
        int cx = w / 3;
        int cy = h / 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean disc = (x - cx) * (x - cx) + (y - cy) * (y - cy) < (h / 4) * (h / 4);
                int o = (y * w + x) * 3;
                rgb[o] = (byte) (disc ? 220 : x * 255 / w);
                rgb[o + 1] = (byte) (disc ? 40 : y * 255 / h);
                rgb[o + 2] = (byte) (((x / 16 + y / 16) % 2 == 0 ? 60 : 180) + r.nextInt(9) - 4);
            }
        }
        return new RgbImage(w, h, rgb);
    }
}
