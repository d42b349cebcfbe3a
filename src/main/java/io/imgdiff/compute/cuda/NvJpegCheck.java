package io.imgdiff.compute.cuda;

import io.imgdiff.compute.JpegAccelerators;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.RgbImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The nvJPEG part of the GPU check: the parity set written by {@code io.imgdiff.image.JpegParitySet} at pack time,
 * decoded by {@link NvJpegDecoder} against the CPU decoder's RGB (max and mean absolute difference per image; limits
 * below are a first guess to be confirmed on the first GPU run: nvJPEG's IDCT and chroma upsampling are not
 * libjpeg's), the files the CPU refuses refused here too, and decode speed of the 1024² files beside the CPU's.
 */
final class NvJpegCheck {

    /**
     * The limits a worker's start-up probe applies ({@link JpegAccelerators}; compile-time constants, so the GPU
     * pack, which has no io.imgdiff.image classes, never loads that class).
     */
    static final double MEAN_LIMIT = JpegAccelerators.MEAN_LIMIT;
    static final int MAX_LIMIT = JpegAccelerators.MAX_LIMIT;

    private NvJpegCheck() {
    }

    static List<String> run(CudaContext context, Path dir, Consumer<String> out) throws IOException {
        List<String> failures = new ArrayList<>();
        try (NvJpegDecoder decoder = new NvJpegDecoder(context)) {
            for (String line : Files.readAllLines(dir.resolve("manifest.txt"))) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                byte[] jpeg = Files.readAllBytes(dir.resolve(f[0]));
                if (f[3].equals("refuse")) {
                    try {
                        decoder.decode(jpeg, 40_000_000L);
                        failures.add("nvjpeg " + f[0] + ": decoded, but the CPU decoder refuses it");
                    } catch (BadInputException e) {
                        out.accept("nvjpeg " + f[0] + ": refused (" + e.getMessage() + ") as on the CPU");
                    }
                    continue;
                }
                int w = Integer.parseInt(f[1]);
                int h = Integer.parseInt(f[2]);
                byte[] ref = Files.readAllBytes(dir.resolve(f[0].replace(".jpg", ".rgb")));
                RgbImage got = decoder.decode(jpeg, 40_000_000L);
                if (got.width() != w || got.height() != h) {
                    failures.add("nvjpeg " + f[0] + ": " + got.width() + "x" + got.height() + ", CPU " + w + "x" + h);
                    continue;
                }
                long sum = 0;
                int max = 0;
                for (int i = 0; i < ref.length; i++) {
                    int d = Math.abs((got.rgb()[i] & 0xff) - (ref[i] & 0xff));
                    sum += d;
                    max = Math.max(max, d);
                }
                double mean = (double) sum / ref.length;
                int reps = w * h >= 1 << 20 ? 50 : 10;
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    decoder.decodeToDevice(jpeg, 40_000_000L);
                }
                double ms = (System.nanoTime() - t0) / 1e6 / reps;
                out.accept(String.format(Locale.ROOT, "nvjpeg %s: mean |diff| %.3f, max %d; decode to device "
                        + "%.2f ms (%.0f images/s), CPU decoder %s ms at pack time", f[0], mean, max, ms,
                        1000 / ms, f[4]));
                if (mean > MEAN_LIMIT || max > MAX_LIMIT) {
                    failures.add(String.format(Locale.ROOT, "nvjpeg %s: mean |diff| %.3f (limit %.1f), max %d"
                            + " (limit %d)", f[0], mean, MEAN_LIMIT, max, MAX_LIMIT));
                }
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            failures.add("nvjpeg: " + e); // e.g. libnvjpeg.so.13 not on the library path
        }
        return failures;
    }
}
