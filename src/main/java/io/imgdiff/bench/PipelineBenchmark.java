package io.imgdiff.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.compute.cpu.CpuKernels;
import io.imgdiff.config.RunSettings;
import io.imgdiff.config.StagesConfig;
import io.imgdiff.config.StoredImageFormat;
import io.imgdiff.eval.HardPairGenerator;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.image.ItemPair;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.PixelBuffers;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.StageName;
import io.imgdiff.queue.RunInfo;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import io.imgdiff.stage.detect.DetectStage;
import io.imgdiff.store.ObjectKeys;
import io.imgdiff.store.ObjectStore;
import io.imgdiff.worker.WorkerLoop;
import io.imgdiff.worker.WorkerService;
import jakarta.enterprise.context.ApplicationScoped;
import org.bytedeco.opencv.global.opencv_core;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code imgdiff bench pipeline}: the detect stage as a worker runs it, pairs in the object store. Per size and
 * storage format: first one thread doing fetch → decode → detect → encode (the output's JSON) pair after pair,
 * with the median of each step; then N items through the queue to a worker serving only {@code detect} at each
 * concurrency, pairs/s from first read to last finish (the write of each outcome to Redis included). Beside them,
 * in the same run, odiff's whole process on the same PNG pairs when {@code odiff} is on PATH: the peer a user might
 * pick for "two PNGs in, differences out". Pairs come from {@link HardPairGenerator} (a pool, cycled).
 */
@ApplicationScoped
public class PipelineBenchmark {

    private static final int POOL = 6;
    /** Untimed pairs before the first row: a few hundred, so the JIT's second tier has compiled the steps. */
    private static final long WARM_UP_NANOS = 3_000_000_000L;

    private final RunRepository runs;
    private final WorkerService workers;
    private final ObjectStore store;
    private final DetectStage detect;
    private final ObjectMapper json;

    PipelineBenchmark(RunRepository runs, WorkerService workers, ObjectStore store, DetectStage detect,
                      ObjectMapper json) {
        this.runs = runs;
        this.workers = workers;
        this.store = store;
        this.detect = detect;
        this.json = json;
    }

    /** What to run: sizes, formats, single-thread repetitions, queue items per row, worker concurrencies. */
    public record Plan(List<Integer> sizes, List<Format> formats, int reps, int items,
                       List<Integer> concurrencies, boolean peer, int soak, int storeLatencyMs,
                       int storeLinkMbps, List<Integer> prefetchAhead) {
    }

    /** JPEG quality of the {@code jpeg} rows: a typical camera or generator output. */
    static final int JPEG_QUALITY = 90;

    /**
     * How a row's pairs are stored: the pipeline's own formats ({@link StoredImageFormat}), or {@code jpeg} (q
     * {@value #JPEG_QUALITY}), as submitted pairs often arrive; the detect stage reads each by its bytes.
     */
    public record Format(String name, String extension, String contentType, Function<RgbImage, byte[]> encode) {

        /** {@code png}, {@code rgbz}, {@code rgbz-lz4} or {@code jpeg}. */
        public static Format of(String name) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            if (n.equals("jpeg")) {
                return new Format(n, "jpg", "image/jpeg", img -> ImageCodec.encodeJpeg(img, JPEG_QUALITY));
            }
            StoredImageFormat f = StoredImageFormat.ofSettingName(n).orElseThrow(() -> new IllegalArgumentException(
                    "--formats: unknown format '" + name + "', expected png, rgbz, rgbz-lz4 or jpeg"));
            return new Format(f.settingName(), f.extension(), f.contentType(), img -> ImageCodec.encode(img, f));
        }
    }

    /**
     * The odiff executable: npm's {@code odiff-bin} puts a Node.js wrapper on PATH that spawns the real binary, whose
     * ~100 ms of Node start-up would be timed too; so the platform binary beside the wrapper is used when present.
     */
    static String odiffBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "odiff");
            if (!Files.isExecutable(candidate)) {
                continue;
            }
            try {
                Path real = candidate.toRealPath();
                String arch = System.getProperty("os.arch").contains("aarch64") ? "arm64" : "x64";
                Path bin = real.getParent().resolveSibling("node_modules/@odiff/linux-" + arch + "/odiff");
                return Files.isExecutable(bin) ? bin.toString() : real.toString();
            } catch (IOException e) {
                return candidate.toString();
            }
        }
        return "odiff";
    }

    public void run(Plan plan, PrintStream out) throws IOException, InterruptedException {
        opencv_core.setNumThreads(1); // figures are per job thread; OpenCV would otherwise fan out
        out.println("bench pipeline: detect stage, pairs from " + store.describe());
        out.println("machine: " + Machine.describe());
        out.println("png decoder: " + ImageCodec.pngDecoderStatus() + "; detector cpu steps: " + CpuKernels.status());
        out.println("internal format: " + ImageCodec.internalFormatStatus());
        out.println("load average before: " + Machine.loadAverage());
        String prefix = "bench-pipeline-" + System.currentTimeMillis();
        StagesConfig settings = RunSettings.of(Map.of());
        List<String> table = new ArrayList<>();
        boolean warmedUp = false;
        try {
            for (int size : plan.sizes()) {
                List<HardPairGenerator.Pair> pool = pool(size);
                for (Format format : plan.formats()) {
                    String run = prefix + "-" + size + "-" + format.name();
                    List<String[]> keys = store(run, pool, format);
                    if (!warmedUp) {
                        // the first row would otherwise carry the JIT's compilation of every step
                        long until = System.nanoTime() + WARM_UP_NANOS;
                        int warm = 0;
                        for (; System.nanoTime() < until; warm += 20) {
                            oneThread(run, keys, settings, 20);
                        }
                        out.printf(Locale.ROOT, "warm-up: %d %d² %s pairs on one thread, untimed%n", warm, size,
                                format.name());
                        warmedUp = true;
                    }
                    double[] steps = oneThread(run, keys, settings, plan.reps()).medians();
                    out.printf(Locale.ROOT, "%d² %s, one thread, %d pairs: fetch %.2f  decode %.2f  detect %.2f  "
                                    + "encode %.2f  = %.2f ms/pair (medians; %.0f pairs/s)%n", size,
                            format.name(), plan.reps(), steps[0], steps[1], steps[2], steps[3], steps[4],
                            1000 / steps[4]);
                    for (int c : plan.concurrencies()) {
                        for (int r = 0; r < plan.prefetchAhead().size(); r++) {
                            int p = plan.prefetchAhead().get(r);
                            double rate = throughQueue(run + "-q" + c + "-p" + p + "-" + r, keys, plan.items(), c, p,
                                    plan.storeLatencyMs(), plan.storeLinkMbps());
                            table.add(String.format(Locale.ROOT, "| %d² | %s | %d | %d | %.2f | %,.1f |", size,
                                    format.name(), c, p, steps[4], rate));
                        }
                    }
                    store.list(ObjectKeys.runPrefix(run)).forEach(store::delete);
                }
                if (plan.peer()) {
                    peer(pool, size, plan.reps(), out);
                }
                if (plan.soak() > 0) {
                    for (Format format : plan.formats()) {
                        soak(prefix + "-soak-" + size + "-" + format.name(), pool, format, settings,
                                plan.soak(), out);
                    }
                }
            }
        } finally {
            out.println();
            out.println("| size | format | worker threads | prefetch-ahead | one thread ms/pair | pairs/s through the"
                    + " queue" + (plan.storeLatencyMs() > 0 ? " (reads +" + plan.storeLatencyMs() + " ms)" : "")
                    + (plan.storeLinkMbps() > 0 ? " (one " + plan.storeLinkMbps() + " Mbit/s link)" : "") + " |");
            out.println("|---|---|---|---|---|---|");
            table.forEach(out::println);
            out.println("load average after: " + Machine.loadAverage());
        }
    }

    private static List<HardPairGenerator.Pair> pool(int size) {
        HardPairGenerator gen = new HardPairGenerator(size);
        List<HardPairGenerator.Pair> pool = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            pool.add(gen.generate(11, i));
        }
        return pool;
    }

    private List<String[]> store(String run, List<HardPairGenerator.Pair> pool, Format format) {
        List<String[]> keys = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            String a = ObjectKeys.item(run, "p" + i, "a." + format.extension());
            String b = ObjectKeys.item(run, "p" + i, "b." + format.extension());
            store.put(a, format.encode().apply(pool.get(i).a()), format.contentType());
            store.put(b, format.encode().apply(pool.get(i).b()), format.contentType());
            keys.add(new String[] {a, b});
        }
        return keys;
    }

    /**
     * Native memory over a long run: {@code pairs} pairs stored as {@code format} through fetch, decode, detect and
     * encode on one thread, resident memory (VmRSS) after the first tenth and at the end.
     */
    private void soak(String run, List<HardPairGenerator.Pair> pool, Format format, StagesConfig settings,
                      int pairs, PrintStream out) throws IOException {
        List<String[]> keys = store(run, pool, format);
        int tenth = Math.max(1, pairs / 10);
        oneThread(run, keys, settings, tenth);
        long early = Machine.rssKiB();
        oneThread(run, keys, settings, pairs - tenth);
        long late = Machine.rssKiB();
        out.printf(Locale.ROOT,
                "soak: %d %s pairs on one thread; VmRSS after %d: %d MiB, after %d: %d MiB (%+.1f %%)%n",
                pairs, format.name(), tenth, early / 1024, pairs, late / 1024, 100.0 * (late - early) / early);
        store.list(ObjectKeys.runPrefix(run)).forEach(store::delete);
    }

    /** Per-pair step times of one thread: fetch, decode, detect, encode, total (ms). */
    private record Steps(double[][] t) {
        double[] medians() {
            double[] m = new double[t.length];
            for (int s = 0; s < t.length; s++) {
                double[] sorted = t[s].clone();
                Arrays.sort(sorted);
                m[s] = sorted[sorted.length / 2];
            }
            return m;
        }
    }

    /** Fetch, decode, detect, encode and their sum per pair, in ms, one thread, pair after pair. */
    private Steps oneThread(String run, List<String[]> keys, StagesConfig settings, int reps) throws IOException {
        double[][] t = new double[5][reps];
        for (int i = -POOL; i < reps; i++) { // the first POOL rounds warm up the JIT and the native libraries
            String[] k = keys.get(Math.floorMod(i, keys.size()));
            Item item = item(run, "one-" + (i + POOL), k);
            long t0 = System.nanoTime();
            byte[] a = store.require(k[0]);
            byte[] b = store.require(k[1]);
            long t1;
            long t2;
            StageResult result;
            try (PixelBuffers.Scope pixels = PixelBuffers.scope()) { // as DetectStage.process
                t1 = System.nanoTime();
                RgbImage ia = ImageCodec.decode(k[0], a, Long.MAX_VALUE);
                ItemPair pair = new ItemPair(ia, ImageCodec.matchSize(ia, ImageCodec.decode(k[1], b, Long.MAX_VALUE)));
                t2 = System.nanoTime();
                result = detect.detect(new StageContext(item, settings, store, 1), pair);
            }
            long t3 = System.nanoTime();
            String encoded = json.writeValueAsString(output(result));
            long t4 = System.nanoTime();
            if (i >= 0) {
                long[] at = {t0, t1, t2, t3, t4};
                for (int s = 0; s < 4; s++) {
                    t[s][i] = (at[s + 1] - at[s]) / 1e6;
                }
                t[4][i] = (t4 - t0) / 1e6;
            }
            if (encoded.isEmpty()) {
                throw new IllegalStateException("empty detect output");
            }
        }
        return new Steps(t);
    }

    private static Object output(StageResult r) {
        return r instanceof StageResult.Pass p ? p.output() : r instanceof StageResult.Drop d ? d.output() : null;
    }

    /**
     * {@code n} items entering at detect, one worker serving detect with {@code concurrency} threads and
     * {@code prefetch} jobs per thread read ahead for their pairs, its reads {@code latencyMs} slower and sharing a
     * {@code linkMbps} link (0: none): pairs/s.
     */
    private double throughQueue(String run, List<String[]> keys, int n, int concurrency, int prefetch, int latencyMs,
                                int linkMbps) throws InterruptedException {
        Map<String, ItemInput> items = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String[] k = keys.get(i % keys.size());
            items.put(String.format("%06d", i), ItemInput.ofImagePair(k[0], k[1], null, null));
        }
        runs.submit(new RunInfo(run, Instant.now(), StageName.DETECT, n, Map.of()), items);
        CountDownLatch all = new CountDownLatch(n);
        WorkerLoop loop = workers.create(workers.options(EnumSet.of(StageName.DETECT), concurrency, false)
                        .withPrefetchAhead(prefetch), Map.of(StageName.DETECT, detect),
                (finish, verdict, readAt, doneAt) -> all.countDown(), new LatencyStore(store, latencyMs, linkMbps));
        long start = System.nanoTime();
        Thread t = new Thread(loop::run, "bench-pipeline-worker");
        t.start();
        boolean finished = all.await(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        loop.stop();
        t.join(30_000);
        long failed = runs.status(run).map(s -> s.failed()).orElse(0L);
        if (!finished || failed > 0) {
            throw new IllegalStateException("bench run " + run + ": " + (finished ? failed + " items failed"
                    : "not finished after 10 minutes"));
        }
        return n / seconds;
    }

    private static Item item(String run, String id, String[] k) {
        return new Item(run, id, StageName.DETECT, ItemInput.ofImagePair(k[0], k[1], null, null), null, null, null,
                null, null, ItemStatus.QUEUED, StageName.DETECT, null, null);
    }

    /** odiff's whole process per PNG pair (spawn, two decodes, diff, write), median of {@code reps}. */
    private static void peer(List<HardPairGenerator.Pair> pool, int size, int reps, PrintStream out)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("imgdiff-odiff");
        try {
            List<Path[]> files = new ArrayList<>();
            for (int i = 0; i < pool.size(); i++) {
                Path a = Files.write(dir.resolve(i + "_a.png"), ImageCodec.encodePng(pool.get(i).a()));
                Path b = Files.write(dir.resolve(i + "_b.png"), ImageCodec.encodePng(pool.get(i).b()));
                files.add(new Path[] {a, b});
            }
            String odiff = odiffBinary();
            double[] ms = new double[Math.min(reps, 60)];
            for (int i = -2; i < ms.length; i++) {
                Path[] f = files.get(Math.floorMod(i, files.size()));
                long t0 = System.nanoTime();
                Process p;
                try {
                    p = new ProcessBuilder(odiff, f[0].toString(), f[1].toString(), dir.resolve("diff.png").toString())
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                } catch (IOException e) {
                    out.printf("%d² odiff: not run (%s; install with npm i -g odiff-bin)%n", size, e.getMessage());
                    return;
                }
                p.waitFor();
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            out.printf(Locale.ROOT, "%d² png, peer: odiff whole process per pair (spawn, decode both, diff, write): "
                    + "median %.2f ms (%d pairs; %s)%n", size, ms[ms.length / 2], ms.length, odiff);
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
