package io.imgdiff.stage.detect;

import io.imgdiff.compute.ReduceBlur;
import io.imgdiff.compute.WorkingPairPreparer;
import io.imgdiff.config.StagesConfig;
import io.imgdiff.detect.DetectorSettings;
import io.imgdiff.detect.PixelDiffDetector;
import io.imgdiff.detect.WorkingPair;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.image.ItemPair;
import io.imgdiff.image.JpegAccelerator;
import io.imgdiff.item.Box;
import io.imgdiff.item.Item;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.ImageTextMatcher.Side;

import java.util.List;
import java.util.function.Supplier;

/**
 * The detect stage's device path (issue 10, native/README.md): on a CUDA worker whose nvJPEG passed its start-up
 * probe, a JPEG pair is decoded on the GPU and reduced + blurred there; only the working images come to the host,
 * and later the crops of the candidates the judge looks at. {@link #prepare} takes it only when every rule holds,
 * else returns null and the stage decodes on the host exactly as before:
 * <ul>
 *   <li>the installed JPEG accelerator is also a {@link WorkingPairPreparer} (nvJPEG, which {@code ComputeBackends}
 *       installs only with the CUDA backend);</li>
 *   <li>{@code pixel} is the only proposer: every other proposer takes the full-size images;</li>
 *   <li>both objects are JPEGs the accelerator may decode as stored ({@link ImageCodec#plainAcceleratedJpegSize}:
 *       the CPU decoder's header checks, EOI present, EXIF orientation 1), so PNG, the internal format, CMYK, YCCK,
 *       truncated, oversized and turned files stay on the host and keep its reasons;</li>
 *   <li>both have the same size (the host resizes B to A otherwise), and {@link ReduceBlur} takes the arguments
 *       (the host's native kernel then takes them too).</li>
 * </ul>
 * Whatever the preparer throws is counted as an accelerator failure ({@link ImageCodec#acceleratorFailed}) and the
 * pair goes to the host path, which decodes or refuses it with its own reasons; a failed crop later decodes the
 * pair on the host for the crops.
 */
final class DevicePath {

    /** A pair prepared where it was decoded: the working pair, the original size, the crops' way back. */
    record Pair(WorkingPair working, int width, int height, CandidateJudge.FullPair full) {
    }

    private DevicePath() {
    }

    /** The pair prepared on the device, or null for the host path (see the class comment). */
    static Pair prepare(Item item, ItemPair.Bytes stored, StagesConfig.Detect cfg, long maxPixels) {
        JpegAccelerator accelerator = ImageCodec.jpegAccelerator();
        if (!(accelerator instanceof WorkingPairPreparer preparer) || !onlyPixel(cfg.proposers())) {
            return null;
        }
        int[] a = ImageCodec.plainAcceleratedJpegSize(stored.a(), maxPixels);
        int[] b = a == null ? null : ImageCodec.plainAcceleratedJpegSize(stored.b(), maxPixels);
        if (b == null || a[0] != b[0] || a[1] != b[1]) {
            return null;
        }
        DetectorSettings settings;
        try {
            settings = DetectorSettings.from(cfg);
        } catch (IllegalArgumentException e) {
            return null; // the host path reports it, after decoding, as it always has
        }
        int w = a[0], h = a[1];
        int factor = WorkingPair.factor(w, h, settings.workSide());
        int k = WorkingPair.blurWidth(settings.blurSigma());
        if (!ReduceBlur.accepts(w, h, factor, k)) {
            return null;
        }
        try {
            WorkingPairPreparer.Prepared p = preparer.prepare(stored.a(), stored.b(), w, h, factor, k);
            Supplier<ItemPair> host = () -> ItemPair.decode(item, stored, maxPixels).pair();
            return new Pair(new WorkingPair(p.a(), p.b(), factor), w, h, full(p.full(), w, h, accelerator, host));
        } catch (RuntimeException | LinkageError e) {
            ImageCodec.acceleratorFailed(accelerator, e);
            return null;
        }
    }

    private static boolean onlyPixel(List<String> proposers) {
        return !proposers.isEmpty() && proposers.stream().allMatch(n -> n.trim().equals(PixelDiffDetector.NAME));
    }

    /**
     * Crops from the device; should one fail, the failure is counted and the pair is decoded on the host once and
     * cropped there from then on (a file the host refuses fails the item with the host's reason).
     */
    private static CandidateJudge.FullPair full(WorkingPairPreparer.Crops crops, int w, int h,
                                                JpegAccelerator accelerator, Supplier<ItemPair> host) {
        return new CandidateJudge.FullPair() {
            private CandidateJudge.FullPair fallback;

            public long pixels() {
                return (long) w * h;
            }

            public RgbImage crop(Side side, Box box) {
                if (fallback == null) {
                    try {
                        return crops.crop(side == Side.B, box);
                    } catch (RuntimeException | LinkageError e) {
                        ImageCodec.acceleratorFailed(accelerator, e);
                        ItemPair pair = host.get();
                        fallback = CandidateJudge.FullPair.of(pair.a(), pair.b());
                    }
                }
                return fallback.crop(side, box);
            }
        };
    }
}
