package io.imgdiff.compute;

import io.imgdiff.compute.reference.ReduceBlurReference;
import io.imgdiff.image.Crops;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.image.JpegAccelerator;
import io.imgdiff.image.JpegParitySet;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Whether this process decodes JPEGs on the GPU, from {@code imgdiff.image.jpeg-decoder}: {@code cpu} never;
 * {@code auto} (default) takes nvJPEG on a CUDA worker only when a start-up probe finds its pixels within the parity
 * limits of libjpeg-turbo's and its decode faster; {@code nvjpeg} takes it whenever it is in parity and fails
 * start-up otherwise. The probe exists because no GPU has run this path yet: a worker that trusted it blindly could
 * turn every JPEG item into wrong pixels or slower ones.
 */
public final class JpegAccelerators {

    /** Mean absolute difference per channel value allowed against libjpeg-turbo (IDCT and upsampling differ). */
    public static final double MEAN_LIMIT = 1.5;
    /** Largest single difference allowed (edges of subsampled chroma differ most). */
    public static final int MAX_LIMIT = 32;

    /**
     * What the probe measured on one 1024² JPEG: parity with the CPU decoder, median decode times, and for an
     * accelerator that is also the detect stage's {@link WorkingPairPreparer}, what its device path got wrong (null:
     * nothing, or no device path).
     */
    public record Probe(double meanDiff, int maxDiff, double acceleratedMs, double cpuMs, String devicePathFault) {
        public Probe(double meanDiff, int maxDiff, double acceleratedMs, double cpuMs) {
            this(meanDiff, maxDiff, acceleratedMs, cpuMs, null);
        }

        boolean inParity() {
            return meanDiff <= MEAN_LIMIT && maxDiff <= MAX_LIMIT;
        }

        String figures() {
            return String.format(Locale.ROOT, "probe 1024² q90: mean |diff| %.3f, max %d; %.2f vs %.2f ms on the CPU",
                    meanDiff, maxDiff, acceleratedMs, cpuMs);
        }
    }

    /** The accelerator to install (null: CPU only) and the start-up line's reason. */
    public record Choice(JpegAccelerator accelerator, String reason) {
        public String line() {
            return "jpeg decoder: " + (accelerator == null ? "cpu" : accelerator.name()) + " (" + reason + ")";
        }
    }

    private JpegAccelerators() {
    }

    /**
     * The decision, its inputs passed in so tests drive every branch: {@code cuda} whether the compute backend is
     * CUDA, {@code open} makes the accelerator (may throw), {@code probe} measures it. An accelerator not chosen is
     * closed here.
     */
    public static Choice choose(String mode, boolean cuda, Supplier<JpegAccelerator> open,
                                Function<JpegAccelerator, Probe> probe) {
        String m = mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT);
        if (!m.equals("auto") && !m.equals("cpu") && !m.equals("nvjpeg")) {
            throw new IllegalArgumentException("imgdiff.image.jpeg-decoder: got '" + mode
                    + "', expected auto, cpu or nvjpeg");
        }
        if (m.equals("cpu")) {
            return new Choice(null, "imgdiff.image.jpeg-decoder=cpu");
        }
        boolean required = m.equals("nvjpeg");
        if (!cuda) {
            return refuse(required, "no CUDA compute backend", null);
        }
        JpegAccelerator a;
        try {
            a = open.get();
        } catch (RuntimeException | LinkageError e) { // e.g. libnvjpeg.so.13 missing from the image
            return refuse(required, "nvJPEG unavailable: " + e, null);
        }
        Probe p;
        try {
            p = probe.apply(a);
        } catch (RuntimeException | LinkageError e) {
            return refuse(required, "nvJPEG failed its start-up probe: " + e, a);
        }
        if (p.devicePathFault() != null) {
            return refuse(required, "nvJPEG's device path failed its start-up probe: " + p.devicePathFault(), a);
        }
        if (!p.inParity()) {
            return refuse(required, "nvJPEG out of parity with libjpeg-turbo (limits mean " + MEAN_LIMIT + ", max "
                    + MAX_LIMIT + "): " + p.figures(), a);
        }
        if (!required && p.acceleratedMs() >= p.cpuMs()) {
            return refuse(false, "nvJPEG no faster: " + p.figures(), a);
        }
        return new Choice(a, "imgdiff.image.jpeg-decoder=" + m + ", " + p.figures());
    }

    private static Choice refuse(boolean required, String why, JpegAccelerator opened) {
        if (opened instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                why += "; closing it failed: " + e.getMessage();
            }
        }
        if (required) {
            throw new IllegalStateException("imgdiff.image.jpeg-decoder=nvjpeg but " + why
                    + "; expected a CUDA worker whose nvJPEG passes the probe, or set it to auto or cpu");
        }
        return new Choice(null, "auto: " + why);
    }

    /**
     * Decodes one 1024² q90 scene (gradients, edges, noise) with {@code a} and with the CPU decoder (nothing is
     * installed yet when this runs), five times each after a warm-up, and compares the pixels.
     */
    public static Probe probe(JpegAccelerator a) {
        RgbImage scene = JpegParitySet.scene(1024, 1024, new SplittableRandom(5));
        byte[] jpeg = ImageCodec.encodeJpeg(scene, 90);
        RgbImage cpu = ImageCodec.decode("probe JPEG", jpeg, Long.MAX_VALUE);
        RgbImage gpu = a.decode(jpeg, cpu.width(), cpu.height());
        if (gpu.width() != cpu.width() || gpu.height() != cpu.height()) {
            throw new IllegalStateException("decoded " + gpu.width() + "x" + gpu.height() + ", expected "
                    + cpu.width() + "x" + cpu.height());
        }
        PixelDistance distance = PixelDistance.of(gpu.rgb(), cpu.rgb());
        double acceleratedMs = medianMs(() -> a.decode(jpeg, cpu.width(), cpu.height()));
        double cpuMs = medianMs(() -> ImageCodec.decode("probe JPEG", jpeg, Long.MAX_VALUE));
        String fault = a instanceof WorkingPairPreparer p ? devicePathFault(p, jpeg, gpu) : null;
        return new Probe(distance.mean(), distance.max(), acceleratedMs, cpuMs, fault);
    }

    /**
     * The device path on the probe JPEG at the detector's defaults (factor 2, k 3 at 1024²) against the accelerator's
     * own decoded pixels: the working images must equal the oracle's reduction bit for bit and a box crop the same
     * box of the pixels; a wrong kernel would otherwise shift every JPEG pair's detections unnoticed.
     */
    static String devicePathFault(WorkingPairPreparer p, byte[] jpeg, RgbImage decoded) {
        int w = decoded.width(), h = decoded.height();
        byte[] want = new ReduceBlurReference().reduceBlur(decoded.rgb(), w, h, 2, 3);
        WorkingPairPreparer.Prepared got = p.prepare(jpeg, jpeg, w, h, 2, 3);
        if (!Arrays.equals(got.a().rgb(), want) || !Arrays.equals(got.b().rgb(), want)) {
            return "reduce_blur's working images differ from ReduceBlurReference on the probe image";
        }
        Box box = new Box(w / 8, h / 5, w / 2 + 3, h - h / 7);
        if (!Arrays.equals(got.full().crop(true, box).rgb(), Crops.crop(decoded, box).rgb())) {
            return "a box crop of the device image differs from the decoded pixels";
        }
        return null;
    }

    private static double medianMs(Runnable decode) {
        decode.run();
        double[] ms = new double[5];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            decode.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }
}
