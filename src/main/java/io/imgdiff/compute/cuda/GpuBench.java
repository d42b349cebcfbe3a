package io.imgdiff.compute.cuda;

import io.imgdiff.compute.Components;
import io.imgdiff.compute.PixelDiff;
import io.imgdiff.compute.reference.ReduceBlurReference;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;
import org.bytedeco.cuda.cudart.CUevent_st;
import org.bytedeco.cuda.cudart.CUstream_st;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.bytedeco.cuda.global.cudart.CU_EVENT_DEFAULT;
import static org.bytedeco.cuda.global.cudart.cuEventCreate;
import static org.bytedeco.cuda.global.cudart.cuEventDestroy;
import static org.bytedeco.cuda.global.cudart.cuEventElapsedTime;
import static org.bytedeco.cuda.global.cudart.cuEventRecord;
import static org.bytedeco.cuda.global.cudart.cuEventSynchronize;
import static org.bytedeco.cuda.global.cudart.cuMemcpyDtoDAsync;

/**
 * Benchmarks each CUDA op on one fixed workload and prints one table: kernel time (CUDA events over replays of the
 * op's kernels on resident data), GB/s of the bytes the kernels must move at least once, that as a fraction of the
 * card's device-to-device copy bandwidth (cuMemcpyDtoDAsync, read + write counted), and the whole call's time with
 * transfers. NMS on 10,000 boxes is also timed with torchvision when a script for it is given and runs.
 */
public final class GpuBench {

    private static final int REPS = 20;
    private final CudaComputeBackend cuda;
    private final Consumer<String> out;
    private final Random random = new Random(42);

    public GpuBench(CudaComputeBackend cuda, Consumer<String> out) {
        this.cuda = cuda;
        this.out = out;
    }

    /** Runs the workloads; {@code torchvisionScript} may be null (no comparison), {@code work} holds temp files. */
    public void run(Path torchvisionScript, Path work) throws IOException, InterruptedException {
        double copy = copyBandwidth();
        List<String> rows = new ArrayList<>();
        List<RgbImage> as = new ArrayList<>(), bs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            as.add(ParityInputs.random(random, 1920, 1080));
            bs.add(ParityInputs.edited(random, as.get(i), 2, 6));
        }
        long t0 = System.nanoTime();
        List<PixelDiff.Result> diffs = cuda.pixelDiff().diffBatch(as, bs, 3, 12);
        rows.add(row("pixel_diff", "8x 1920x1080 r=3", cuda.pixelDiff(), copy, t0));
        List<byte[]> masks = new ArrayList<>(), ds = new ArrayList<>();
        for (PixelDiff.Result d : diffs) {
            masks.add(d.mask());
            ds.add(d.diff());
        }
        t0 = System.nanoTime();
        List<List<Components.Component>> found = cuda.components().labelBatch(masks, ds, 1920, 1080);
        rows.add(row("components", "8x 1920x1080, " + found.get(0).size() + " comps", cuda.components(), copy, t0));
        List<Box> boxes = ParityInputs.boxes(random, 10_000, 2000);
        double[] scores = ParityInputs.scores(random, 10_000, 0);
        t0 = System.nanoTime();
        int[] kept = cuda.nms().nms(boxes, scores, 0.5);
        rows.add(row("nms", "10000 boxes, " + kept.length + " kept", cuda.nms(), copy, t0));
        List<RgbImage> imgs = new ArrayList<>();
        List<Box> crops = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            imgs.add(as.get(i % 8));
            int w = 32 + random.nextInt(480), h = 32 + random.nextInt(480);
            int x = random.nextInt(1920 - w), y = random.nextInt(1080 - h);
            crops.add(new Box(x, y, x + w, y + h));
        }
        t0 = System.nanoTime();
        cuda.cropResize().apply(imgs, crops, 224);
        rows.add(row("crop_resize", "256 crops -> 224", cuda.cropResize(), copy, t0));
        float[][] v = ParityInputs.vectors(random, 10_000, 768);
        t0 = System.nanoTime();
        cuda.cosine().cosine(v[0], v[1], 10_000, 768);
        rows.add(row("cosine", "10000 x 768", cuda.cosine(), copy, t0));
        String cpuReduce = reduceBlur(rows, copy);

        out.accept(String.format("device-to-device copy: %.1f GB/s (read + write)", copy));
        out.accept(String.format("%-12s %-28s %10s %9s %8s %12s", "kernel", "workload", "kernels ms", "GB/s",
                "of copy", "call ms"));
        rows.forEach(out);
        out.accept(cpuReduce);
        out.accept("nms torchvision.ops.nms, same 10000 boxes: " + torchvision(torchvisionScript, work, boxes,
                scores, kept));
    }

    /**
     * The detect path's first step on a 1024² image already on the device (as nvJPEG leaves it): its row (the call
     * copies only the 512² working image back) and the line comparing it with the CPU's plain-Java oracle.
     */
    private String reduceBlur(List<String> rows, double copy) {
        RgbImage img = ParityInputs.random(random, 1024, 1024);
        try (DeviceBuffer src = new DeviceBuffer("bench reduce_blur source")) {
            long at = DeviceImages.upload(cuda.context(), img.rgb(), src);
            cuda.reduceBlur().toHost(at, 1024, 1024, 2, 3); // warm-up: the first launch looks the kernel up
            long t0 = System.nanoTime();
            cuda.reduceBlur().toHost(at, 1024, 1024, 2, 3);
            double deviceMs = (System.nanoTime() - t0) / 1e6;
            rows.add(row("reduce_blur", "1024² on device -> 512² k3", cuda.reduceBlur(), copy, t0));
            ReduceBlurReference oracle = new ReduceBlurReference();
            oracle.reduceBlur(img.rgb(), 1024, 1024, 2, 3); // warm-up
            t0 = System.nanoTime();
            oracle.reduceBlur(img.rgb(), 1024, 1024, 2, 3);
            return String.format("reduce_blur 1024² -> working image: device %.2f ms (kernel + 0.75 MB back) vs CPU"
                    + " %.2f ms (plain-Java oracle; native cpu_kernels.h ~0.3 ms hot, NOTES.md)", deviceMs,
                    (System.nanoTime() - t0) / 1e6);
        }
    }

    private String row(String name, String workload, CudaOp op, double copy, long startNanos) {
        double callMs = (System.nanoTime() - startNanos) / 1e6;
        double ms = op.replay(REPS);
        double gbs = op.lastBytes() / (ms * 1e6);
        return String.format("%-12s %-28s %10.4f %9.1f %7.1f%% %12.2f", name, workload, ms, gbs, 100 * gbs / copy,
                callMs);
    }

    /** Device-to-device copy bandwidth of 512 MiB, GB/s counting the read and the write. */
    private double copyBandwidth() {
        long bytes = 512L << 20;
        try (DeviceBuffer src = new DeviceBuffer("bench copy source");
             DeviceBuffer dst = new DeviceBuffer("bench copy target")) {
            CudaContext ctx = cuda.context();
            ctx.makeCurrent();
            long s = src.ensure(bytes), d = dst.ensure(bytes);
            CUstream_st stream = ctx.newStream();
            CUevent_st start = new CUevent_st(), stop = new CUevent_st();
            Cuda.check("cuEventCreate", cuEventCreate(start, CU_EVENT_DEFAULT));
            Cuda.check("cuEventCreate", cuEventCreate(stop, CU_EVENT_DEFAULT));
            Cuda.check("cuMemcpyDtoDAsync", cuMemcpyDtoDAsync(d, s, bytes, stream)); // warm-up
            Cuda.check("cuEventRecord", cuEventRecord(start, stream));
            for (int i = 0; i < 10; i++) {
                Cuda.check("cuMemcpyDtoDAsync", cuMemcpyDtoDAsync(d, s, bytes, stream));
            }
            Cuda.check("cuEventRecord", cuEventRecord(stop, stream));
            Cuda.check("cuEventSynchronize", cuEventSynchronize(stop));
            float[] ms = new float[1];
            Cuda.check("cuEventElapsedTime", cuEventElapsedTime(ms, start, stop));
            cuEventDestroy(start);
            cuEventDestroy(stop);
            ctx.destroy(stream);
            return 2.0 * bytes * 10 / (ms[0] * 1e6);
        }
    }

    /** Runs {@code script} on the boxes; returns its one-line result, or why it did not run. */
    private static String torchvision(Path script, Path work, List<Box> boxes, double[] scores, int[] ours)
            throws IOException, InterruptedException {
        if (script == null) {
            return "n/a (torchvision not importable)";
        }
        Path file = work.resolve("nms_boxes.txt");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < boxes.size(); i++) {
            Box b = boxes.get(i);
            sb.append(b.x1()).append(' ').append(b.y1()).append(' ').append(b.x2()).append(' ').append(b.y2())
                    .append(' ').append(scores[i]).append('\n');
        }
        Files.writeString(file, sb);
        Process p = new ProcessBuilder("python3", script.toString(), file.toString(), "0.5")
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            return "n/a (script failed: " + text.lines().reduce((a, b) -> b).orElse("") + ")";
        }
        String summary = text.lines().filter(l -> l.startsWith("device=")).findFirst().orElse(text);
        String keep = text.lines().filter(l -> l.startsWith("keep=")).findFirst().orElse("keep=");
        StringBuilder mine = new StringBuilder("keep=");
        for (int i = 0; i < ours.length; i++) {
            mine.append(i == 0 ? "" : ",").append(ours[i]);
        }
        return summary + (keep.contentEquals(mine) ? ", same kept list as ours"
                : ", kept list differs from ours (float32 IoU near 0.5 in torchvision)");
    }
}
