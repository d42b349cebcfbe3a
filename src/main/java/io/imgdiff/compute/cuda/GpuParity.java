package io.imgdiff.compute.cuda;

import io.imgdiff.compute.Components;
import io.imgdiff.compute.ComputeBackend;
import io.imgdiff.compute.Cosine;
import io.imgdiff.compute.CropResize;
import io.imgdiff.compute.PixelDiff;
import io.imgdiff.compute.ReduceBlur;
import io.imgdiff.compute.cpu.CosineCpu;
import io.imgdiff.compute.cpu.CropResizeCpu;
import io.imgdiff.compute.cpu.NmsCpu;
import io.imgdiff.compute.reference.ComponentsReference;
import io.imgdiff.compute.reference.PixelDiffReference;
import io.imgdiff.compute.reference.ReduceBlurReference;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Parity of a backend's ops against plain-Java twins that need no OpenCV (so it runs from the small GPU-check pack):
 * {@code PixelDiffReference}, {@code ComponentsReference} and {@code ReduceBlurReference} (the oracles),
 * {@code NmsCpu}, {@code CropResizeCpu}, {@code CosineCpu}. Integer ops must match exactly, float ops within the
 * interface's tolerance. Works on any backend, so the CPU backend exercises this harness on machines without a GPU;
 * the CUDA backend's batch and device-resident entry points are checked too when present.
 */
public final class GpuParity {

    private final ComputeBackend under;
    private final Random random;
    private final Consumer<String> log;
    private final List<String> failures = new ArrayList<>();
    private int checks;

    public GpuParity(ComputeBackend under, long seed, Consumer<String> log) {
        this.under = under;
        this.random = new Random(seed);
        this.log = log;
    }

    /** Runs every check; returns the failures (empty when all passed). */
    public List<String> run() {
        Map<String, Runnable> ops = new LinkedHashMap<>();
        ops.put("pixel_diff", this::pixelDiff);
        ops.put("components", this::components);
        ops.put("nms", this::nms);
        ops.put("crop_resize", this::cropResize);
        ops.put("cosine", this::cosine);
        ops.put("reduce_blur", this::reduceBlur);
        for (Map.Entry<String, Runnable> op : ops.entrySet()) {
            int before = checks, failed = failures.size();
            try {
                op.getValue().run();
            } catch (RuntimeException e) { // one op blowing up must not hide the others' results
                expect(false, op.getKey() + " threw " + e);
            }
            log.accept(String.format("parity %-12s %4d checks, %d failed", op.getKey(), checks - before,
                    failures.size() - failed));
        }
        return failures;
    }

    private void expect(boolean ok, String what) {
        checks++;
        if (!ok) {
            failures.add(what);
            if (failures.size() <= 50) { // the first 50 are enough to debug; all are counted
                log.accept("FAIL " + what);
            }
        }
    }

    private void pixelDiff() {
        PixelDiff oracle = new PixelDiffReference();
        int[][] sizes = {{1, 1}, {2, 3}, {17, 9}, {64, 33}, {101, 77}, {640, 480}, {1023, 769}};
        for (int[] s : sizes) {
            RgbImage a = ParityInputs.random(random, s[0], s[1]);
            RgbImage b = ParityInputs.edited(random, a, 4, 3);
            RgbImage c = ParityInputs.random(random, s[0], s[1]);
            boolean big = (long) s[0] * s[1] > 100_000;
            for (int radius : big ? new int[] {0, 3} : new int[] {0, 1, 3, 15}) {
                for (int t : new int[] {0, 3, 40, 255}) {
                    for (RgbImage other : List.of(b, c)) {
                        PixelDiff.Result want = oracle.diff(a, other, radius, t);
                        PixelDiff.Result got = under.pixelDiff().diff(a, other, radius, t);
                        String at = "pixel_diff " + s[0] + "x" + s[1] + " r=" + radius + " t=" + t;
                        expect(Arrays.equals(want.diff(), got.diff()), at + ": diff differs");
                        expect(Arrays.equals(want.mask(), got.mask()), at + ": mask differs");
                    }
                }
            }
            for (int shift = 1; shift <= PixelDiff.MAX_SHIFT; shift++) {
                for (RgbImage other : List.of(b, c)) {
                    expect(Arrays.equals(oracle.difference(a, other, shift).diff(),
                                    under.pixelDiff().difference(a, other, shift).diff()),
                            "pixel_diff difference " + s[0] + "x" + s[1] + " shift=" + shift + ": differs");
                }
            }
        }
        if (under.pixelDiff() instanceof PixelDiffCuda cuda) {
            List<RgbImage> as = new ArrayList<>(), bs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                as.add(ParityInputs.random(random, 257, 129));
                bs.add(ParityInputs.edited(random, as.get(i), 3, 4));
            }
            List<PixelDiff.Result> got = cuda.diffBatch(as, bs, 2, 10);
            for (int i = 0; i < 3; i++) {
                PixelDiff.Result want = oracle.diff(as.get(i), bs.get(i), 2, 10);
                expect(Arrays.equals(want.mask(), got.get(i).mask()) && Arrays.equals(want.diff(), got.get(i).diff()),
                        "pixel_diff batch item " + i + " differs");
            }
        }
    }

    private void components() {
        Components oracle = new ComponentsReference();
        int[][] sizes = {{1, 1}, {1, 37}, {37, 1}, {2, 2}, {31, 17}, {64, 64}, {333, 211}, {1024, 768}};
        for (int[] s : sizes) {
            for (String kind : ParityInputs.MASK_KINDS) {
                byte[] mask = ParityInputs.mask(random, kind, s[0], s[1]);
                byte[] diff = new byte[mask.length];
                random.nextBytes(diff);
                List<Components.Component> want = oracle.label(mask, diff, s[0], s[1]);
                List<Components.Component> got = under.components().label(mask, diff, s[0], s[1]);
                expect(want.equals(got), "components " + kind + " " + s[0] + "x" + s[1] + ": " + got.size()
                        + " components, expected " + want.size() + firstDifference(want, got));
            }
        }
        // Real masks: the pixel diff of edited pairs.
        RgbImage a = ParityInputs.random(random, 800, 600);
        PixelDiff.Result d = new PixelDiffReference().diff(a, ParityInputs.edited(random, a, 6, 12), 1, 8);
        expect(oracle.label(d.mask(), d.diff(), 800, 600).equals(under.components().label(d.mask(), d.diff(), 800,
                600)), "components of a real 800x600 diff mask differ");
        if (under.components() instanceof ComponentsCuda cuda) {
            List<byte[]> masks = new ArrayList<>(), diffs = new ArrayList<>();
            for (String kind : ParityInputs.MASK_KINDS) {
                masks.add(ParityInputs.mask(random, kind, 45, 23));
                byte[] df = new byte[45 * 23];
                random.nextBytes(df);
                diffs.add(df);
            }
            List<List<Components.Component>> got = cuda.labelBatch(masks, diffs, 45, 23);
            for (int i = 0; i < masks.size(); i++) {
                expect(oracle.label(masks.get(i), diffs.get(i), 45, 23).equals(got.get(i)),
                        "components batch item " + i + " (" + ParityInputs.MASK_KINDS.get(i) + ") differs");
            }
        }
    }

    private static String firstDifference(List<Components.Component> want, List<Components.Component> got) {
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            if (!want.get(i).equals(got.get(i))) {
                return "; first difference at " + i + ": got " + got.get(i) + ", expected " + want.get(i);
            }
        }
        return "";
    }

    private void nms() {
        NmsCpu twin = new NmsCpu();
        for (int n : new int[] {0, 1, 2, 65, 1000, 5000}) {
            for (int levels : new int[] {0, 8}) {
                List<Box> boxes = ParityInputs.boxes(random, n, 1000);
                double[] scores = ParityInputs.scores(random, n, levels);
                for (double t : new double[] {0.0, 0.3, 0.5, 0.7, 1.0}) {
                    expect(Arrays.equals(twin.nms(boxes, scores, t), under.nms().nms(boxes, scores, t)),
                            "nms n=" + n + " tie levels=" + levels + " t=" + t + " differs");
                }
            }
        }
        List<Box> planted = ParityInputs.plantedPairs();
        double[] equal = new double[planted.size()];
        for (double t : new double[] {0.0, 0.25, 1 / 3.0, 0.5, 0.6, 2 / 3.0, 0.9, 1.0}) {
            expect(Arrays.equals(twin.nms(planted, equal, t), under.nms().nms(planted, equal, t)),
                    "nms planted pairs t=" + t + " differs");
        }
        if (under.nms() instanceof NmsCuda cuda) {
            List<List<Box>> lists = new ArrayList<>();
            List<double[]> scores = new ArrayList<>();
            for (int n : new int[] {7, 0, 300, 64, 129}) {
                lists.add(ParityInputs.boxes(random, n, 500));
                scores.add(ParityInputs.scores(random, n, 5));
            }
            List<int[]> got = cuda.nmsBatch(lists, scores, 0.45);
            for (int i = 0; i < lists.size(); i++) {
                expect(Arrays.equals(twin.nms(lists.get(i), scores.get(i), 0.45), got.get(i)),
                        "nms batch list " + i + " differs");
            }
        }
    }

    private void cropResize() {
        CropResize twin = new CropResizeCpu();
        RgbImage big = ParityInputs.random(random, 640, 480);
        RgbImage odd = ParityInputs.random(random, 37, 5);
        List<RgbImage> images = List.of(big, big, big, big, big, odd, odd, odd);
        List<Box> boxes = List.of(new Box(0, 0, 640, 480), new Box(10, 20, 11, 21), new Box(5, 5, 6, 400),
                new Box(100, 100, 500, 300), new Box(639, 479, 640, 480), new Box(0, 0, 37, 5),
                new Box(3, 1, 30, 4), new Box(36, 0, 37, 5));
        for (int size : new int[] {CropResize.CLIP_SIZE, 7, 1}) {
            float[] want = twin.apply(images, boxes, size);
            float[] got = under.cropResize().apply(images, boxes, size);
            double worst = maxAbs(want, got);
            expect(want.length == got.length && worst <= CropResize.TOLERANCE,
                    "crop_resize size=" + size + ": max |diff| " + worst + ", expected <= " + CropResize.TOLERANCE);
        }
    }

    private void cosine() {
        Cosine twin = new CosineCpu();
        for (int[] nd : new int[][] {{1, 1}, {3, 7}, {100, 512}, {1000, 768}, {50, 4096}}) {
            float[][] v = ParityInputs.vectors(random, nd[0], nd[1]);
            float[] want = twin.cosine(v[0], v[1], nd[0], nd[1]);
            float[] got = under.cosine().cosine(v[0], v[1], nd[0], nd[1]);
            double worst = maxAbs(want, got);
            expect(want.length == got.length && worst <= Cosine.TOLERANCE,
                    "cosine n=" + nd[0] + " dim=" + nd[1] + ": max |diff| " + worst + ", expected <= "
                            + Cosine.TOLERANCE);
        }
    }

    private void reduceBlur() {
        ReduceBlur oracle = new ReduceBlurReference();
        int[][] sizes = {{1, 1}, {2, 3}, {7, 5}, {33, 17}, {101, 77}, {640, 480}, {1023, 769}};
        for (int[] s : sizes) {
            boolean big = (long) s[0] * s[1] > 100_000;
            // big images: fewer cases, the oracle is slow (the grid shapes are what they add)
            for (String kind : big ? List.of("noise") : ParityInputs.IMAGE_KINDS) {
                RgbImage img = ParityInputs.image(random, kind, s[0], s[1]);
                for (int factor : big ? new int[] {1, 2, 3} : new int[] {1, 2, 3, 4, 7}) {
                    for (int k : big ? new int[] {1, 7} : new int[] {1, 3, 5, 7}) {
                        if (!ReduceBlur.accepts(s[0], s[1], factor, k)) {
                            continue;
                        }
                        byte[] want = oracle.reduceBlur(img.rgb(), s[0], s[1], factor, k);
                        byte[] got = under.reduceBlur().reduceBlur(img.rgb(), s[0], s[1], factor, k);
                        expect(Arrays.equals(want, got), "reduce_blur " + kind + " " + s[0] + "x" + s[1] + " factor "
                                + factor + " k " + k + ": " + firstDifference(want, got));
                    }
                }
            }
        }
        if (under.reduceBlur() instanceof ReduceBlurCuda cuda) {
            // the device-resident entry points, on an image uploaded once as nvJPEG's output would be there
            RgbImage img = ParityInputs.random(random, 1024, 1024);
            try (DeviceBuffer src = new DeviceBuffer("parity reduce_blur source");
                 DeviceBuffer dst = new DeviceBuffer("parity reduce_blur target")) {
                long at = DeviceImages.upload(cuda.context, img.rgb(), src);
                for (int k : new int[] {1, 3, 7}) {
                    byte[] want = oracle.reduceBlur(img.rgb(), 1024, 1024, 2, k);
                    expect(Arrays.equals(want, cuda.toHost(at, 1024, 1024, 2, k)),
                            "reduce_blur toHost 1024x1024 factor 2 k " + k + " differs");
                    long out = cuda.onDevice(at, 1024, 1024, 2, k, dst);
                    expect(Arrays.equals(want, DeviceImages.download(cuda.context, out, want.length)),
                            "reduce_blur onDevice 1024x1024 factor 2 k " + k + " differs");
                }
            }
        }
    }

    private static String firstDifference(byte[] want, byte[] got) {
        if (want.length != got.length) {
            return got.length + " bytes, expected " + want.length;
        }
        for (int i = 0; i < want.length; i++) {
            if (want[i] != got[i]) {
                return "first difference at byte " + i + ": got " + (got[i] & 0xff) + ", expected " + (want[i] & 0xff);
            }
        }
        return "equal";
    }

    private static double maxAbs(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            m = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(m, d);
        }
        return m;
    }
}
