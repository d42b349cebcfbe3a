package io.imgdiff.stage.detect;

import io.imgdiff.compute.cpu.CpuComputeBackend;
import io.imgdiff.config.StagesConfig;
import io.imgdiff.config.StoredImageFormat;
import io.imgdiff.image.CpuPairPreparer;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.image.ImageFixtures;
import io.imgdiff.image.JpegAccelerator;
import io.imgdiff.image.JpegParitySet;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.Box;
import io.imgdiff.item.DetectOutput;
import io.imgdiff.item.GenerateOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.StageName;
import io.imgdiff.model.BoxProposer;
import io.imgdiff.model.builtin.MapObjectStore;
import io.imgdiff.model.builtin.PixelEmbedder;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The detect stage's dispatch to the device path, driven by the CPU twin of nvJPEG's preparer (libjpeg-turbo +
 * the CPU reduce_blur kernel, bit-exact with the CUDA one): which pairs it takes, which stay on the host, and that a
 * pair it takes gives exactly the host path's output.
 */
class DevicePathTest {

    private static final long LIMIT = 40_000_000L;
    private static final int W = 601, H = 401; // factor 2 at the default work side 512, with a remainder column/row

    private final CpuPairPreparer twin = new CpuPairPreparer();

    @BeforeEach
    void install() {
        assumeTrue(CpuPairPreparer.usable(), "libjpeg-turbo kernels not loaded: " + ImageCodec.jpegDecoderStatus());
    }

    @AfterEach
    void uninstall() {
        ImageCodec.useJpegAccelerator(null);
    }

    private static RgbImage sceneA() {
        return JpegParitySet.scene(W, H, new SplittableRandom(3));
    }

    /** A with a textured patch repainted: a change the pixel detector finds. */
    private static RgbImage changed(RgbImage a) {
        byte[] px = a.rgb().clone();
        for (int y = 120; y < 220; y++) {
            for (int x = 300; x < 420; x++) {
                int o = (y * a.width() + x) * 3;
                px[o] = (byte) (30 + (x * 5 + y) % 40);
                px[o + 1] = (byte) 200;
                px[o + 2] = (byte) ((x / 8 + y / 8) % 2 == 0 ? 90 : 160);
            }
        }
        return new RgbImage(a.width(), a.height(), px);
    }

    private static StagesConfig settings(String proposers) {
        return new SmallRyeConfigBuilder().withMapping(StagesConfig.class)
                .withDefaultValue("imgdiff.stages.detect.proposers", proposers).build()
                .getConfigMapping(StagesConfig.class);
    }

    /** Fixed candidates under the name {@code fixed}: a proposer that needs the full-size images. */
    private record Fixed() implements BoxProposer {
        public String name() {
            return "fixed";
        }

        public List<Proposal> propose(RgbImage a, RgbImage b) {
            return List.of(new Proposal(new Box(300, 120, 420, 220), 1, "fixed"));
        }
    }

    private static StageResult run(byte[] a, byte[] b, String proposers) {
        MapObjectStore store = new MapObjectStore();
        store.put("a", a, "application/octet-stream");
        store.put("b", b, "application/octet-stream");
        Item item = new Item("r1", "i1", StageName.GENERATE, null, null, new GenerateOutput("a", "b", W, H, null),
                null, null, null, ItemStatus.QUEUED, StageName.DETECT, null, null);
        DetectStage stage = new DetectStage(new CpuComputeBackend(), new PixelEmbedder(), null, List.of(new Fixed()),
                LIMIT);
        return stage.process(new StageContext(item, settings(proposers), store, 1));
    }

    /** The stage's result on the host path (no accelerator), then with the twin installed. */
    private StageResult[] hostThenTwin(byte[] a, byte[] b, String proposers) {
        StageResult host = run(a, b, proposers);
        ImageCodec.useJpegAccelerator(twin);
        return new StageResult[] {host, run(a, b, proposers)};
    }

    private static byte[] jpeg(RgbImage img) {
        return ImageCodec.encodeJpeg(img, 92);
    }

    @Test
    void aPlainJpegPairTakesTheDevicePathAndGivesExactlyTheHostPathsOutput() {
        RgbImage a = sceneA();
        StageResult[] r = hostThenTwin(jpeg(a), jpeg(changed(a)), "pixel");
        assertEquals(List.of(W + "x" + H + " factor 2 k 3"), twin.prepared);
        DetectOutput host = (DetectOutput) r[0].output();
        assertFalse(host.boxes().isEmpty(), "the change is found: " + host);
        assertTrue(twin.crops >= 2, "the judge's crops came from the prepared pair: " + twin.crops);
        assertEquals(r[0], r[1], "same boxes, scores and rejections as the host path");
    }

    @Test
    void pairsTheDevicePathMustNotTakeStayOnTheHostWithTheHostsResult() {
        RgbImage a = sceneA();
        RgbImage b = changed(a);
        RgbImage smaller = new RgbImage(W - 1, H, Arrays.copyOf(b.rgb(), (W - 1) * H * 3));
        List<Supplier<byte[][]>> cases = List.of(
                () -> new byte[][] {ImageCodec.encodePng(a), jpeg(b)},                                    // PNG
                () -> new byte[][] {jpeg(a), ImageCodec.encode(b, StoredImageFormat.RGBZ)},               // RGBZ
                () -> new byte[][] {jpeg(a), jpeg(smaller)},                                              // sizes differ
                () -> new byte[][] {ImageFixtures.withExifOrientation(jpeg(a), 3), jpeg(b)},             // turned
                () -> new byte[][] {jpeg(a), ImageFixtures.adobeCmykJpeg(W, H, new int[] {0, 200, 200, 0},
                        new int[] {200, 0, 0, 0})});                                                      // CMYK
        for (Supplier<byte[][]> c : cases) {
            byte[][] pair = c.get();
            ImageCodec.useJpegAccelerator(null);
            StageResult[] r = hostThenTwin(pair[0], pair[1], "pixel");
            assertEquals(r[0], r[1]);
        }
        assertEquals(List.of(), twin.prepared);
        // a proposer that takes the full-size images keeps the whole pair on the host
        ImageCodec.useJpegAccelerator(null);
        StageResult[] r = hostThenTwin(jpeg(a), jpeg(b), "pixel, fixed");
        assertEquals(r[0], r[1]);
        assertEquals(List.of(), twin.prepared);
    }

    @Test
    void aTruncatedJpegIsRefusedWithTheHostsReasonAndNeverReachesThePreparer() {
        RgbImage a = sceneA();
        byte[] whole = jpeg(a);
        byte[] cut = Arrays.copyOf(whole, whole.length * 2 / 3);
        BadInputException host = assertThrows(BadInputException.class, () -> run(cut, jpeg(changed(a)), "pixel"));
        ImageCodec.useJpegAccelerator(twin);
        BadInputException device = assertThrows(BadInputException.class, () -> run(cut, jpeg(changed(a)), "pixel"));
        assertEquals(host.getMessage(), device.getMessage());
        assertTrue(host.getMessage().contains("item i1: image 'a'"), host.getMessage());
        assertEquals(List.of(), twin.prepared);
    }

    @Test
    void whenThePreparerThrowsThePairIsDecodedOnTheHostAndTheFailureCounted() {
        RgbImage a = sceneA();
        byte[] ja = jpeg(a), jb = jpeg(changed(a));
        twin.failWith = new IllegalStateException("CUDA_ERROR_ILLEGAL_ADDRESS (700)");
        long before = ImageCodec.jpegAcceleratorFailures();
        StageResult[] r = hostThenTwin(ja, jb, "pixel");
        assertEquals(r[0], r[1]);
        assertEquals(1, twin.prepared.size());
        assertEquals(before + 1, ImageCodec.jpegAcceleratorFailures());
    }

    @Test
    void whenACropFromTheDeviceFailsTheCropsComeFromTheHostDecodedPair() {
        RgbImage a = sceneA();
        twin.failCropsWith = new IllegalStateException("cuMemcpy2D(crop) failed");
        long before = ImageCodec.jpegAcceleratorFailures();
        StageResult[] r = hostThenTwin(jpeg(a), jpeg(changed(a)), "pixel");
        assertEquals(r[0], r[1]);
        assertEquals(1, twin.crops, "one failed crop, the rest from the host");
        assertEquals(before + 1, ImageCodec.jpegAcceleratorFailures());
    }

    @Test
    void anAcceleratorThatCannotPrepareLeavesTheStageAsItWas() {
        RgbImage a = sceneA();
        byte[] ja = jpeg(a), jb = jpeg(changed(a));
        StageResult host = run(ja, jb, "pixel");
        JpegAccelerator decodeOnly = new JpegAccelerator() {
            public String name() {
                return "decode only";
            }

            public RgbImage decode(byte[] jpeg, int width, int height) {
                return twin.decode(jpeg, width, height);
            }
        };
        ImageCodec.useJpegAccelerator(decodeOnly);
        assertEquals(host, run(ja, jb, "pixel"));
    }
}
