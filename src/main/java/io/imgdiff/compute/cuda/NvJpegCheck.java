package io.imgdiff.compute.cuda;

import io.imgdiff.compute.JpegAccelerators;
import io.imgdiff.compute.PixelDistance;
import io.imgdiff.compute.reference.ReduceBlurReference;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.RgbImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The nvJPEG part of the GPU check: the parity set written by {@code io.imgdiff.image.JpegParitySet} at pack time,
 * decoded by {@link NvJpegDecoder} against the CPU decoder's RGB (max and mean absolute difference per image; limits
 * below are a first guess to be confirmed on the first GPU run: nvJPEG's IDCT and chroma upsampling are not
 * libjpeg's), the files the CPU refuses refused here too, decode speed beside the CPU's, and per file the detect
 * stage's device path (decode → reduce_blur on the device → working image back) against the CPU path.
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

    static List<String> run(CudaComputeBackend cuda, Path dir, Consumer<String> out) throws IOException {
        List<String> failures = new ArrayList<>();
        try (NvJpegDecoder decoder = new NvJpegDecoder(cuda.context())) {
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
                PixelDistance distance = PixelDistance.of(got.rgb(), ref);
                double mean = distance.mean();
                int max = distance.max();
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
                devicePath(cuda, decoder, f[0], jpeg, got, ref, Double.parseDouble(f[4]), failures, out);
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            failures.add("nvjpeg: " + e); // e.g. libnvjpeg.so.13 not on the library path
        }
        return failures;
    }

    /**
     * The detect stage's device path on one file, at the detector's defaults (work side 512, blur σ 1.2 → k 3):
     * decode to the device, reduce + blur there, copy back the working image only. Checks that the kernel on
     * nvJPEG's own buffer is bit-exact with the oracle on the same pixels, and that the working image is within the
     * nvJPEG limits of the CPU path's (oracle on libjpeg-turbo's pixels); prints its time beside the CPU's.
     */
    private static void devicePath(CudaComputeBackend cuda, NvJpegDecoder decoder, String name, byte[] jpeg,
                                   RgbImage nv, byte[] cpuRgb, double cpuDecodeMs, List<String> failures,
                                   Consumer<String> out) {
        int w = nv.width(), h = nv.height();
        int factor = Math.max(1, (Math.max(w, h) + 511) / 512);
        ReduceBlurReference oracle = new ReduceBlurReference();
        long at = decoder.decodeToDevice(jpeg, 40_000_000L);
        byte[] working = cuda.reduceBlur().toHost(at, w, h, factor, 3);
        if (!Arrays.equals(oracle.reduceBlur(nv.rgb(), w, h, factor, 3), working)) {
            failures.add("reduce_blur " + name + ": the kernel on nvJPEG's device buffer differs from the oracle");
        }
        byte[] cpuWorking = oracle.reduceBlur(cpuRgb, w, h, factor, 3);
        PixelDistance distance = PixelDistance.of(working, cpuWorking);
        double mean = distance.mean();
        int max = distance.max();
        int reps = 20;
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            cuda.reduceBlur().toHost(decoder.decodeToDevice(jpeg, 40_000_000L), w, h, factor, 3);
        }
        double deviceMs = (System.nanoTime() - t0) / 1e6 / reps;
        t0 = System.nanoTime();
        oracle.reduceBlur(cpuRgb, w, h, factor, 3);
        double reduceMs = (System.nanoTime() - t0) / 1e6;
        out.accept(String.format(Locale.ROOT, "device path %s -> %dx%d working image: mean |diff| %.3f, max %d"
                        + " vs the CPU path; %.2f ms (decode + reduce_blur + %d bytes back) vs CPU decoder %.2f ms"
                        + " + %.2f ms reduce (plain-Java oracle)", name, w / factor, h / factor, mean, max, deviceMs,
                working.length, cpuDecodeMs, reduceMs));
        if (mean > MEAN_LIMIT || max > MAX_LIMIT) {
            failures.add(String.format(Locale.ROOT, "device path %s: working image mean |diff| %.3f (limit %.1f),"
                    + " max %d (limit %d)", name, mean, MEAN_LIMIT, max, MAX_LIMIT));
        }
    }
}
