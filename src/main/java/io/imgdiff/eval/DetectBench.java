package io.imgdiff.eval;

import io.imgdiff.compute.ComputeBackend;
import io.imgdiff.compute.cpu.CpuKernels;
import io.imgdiff.detect.DetectorSettings;
import io.imgdiff.detect.PixelDiffDetector;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.PixelBuffers;
import io.imgdiff.item.RgbImage;
import org.bytedeco.opencv.global.opencv_core;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The work behind {@code imgdiff bench detect}: median ms per pair of the detector core on one thread, at 512² and
 * 1024², with and without PNG decoding, next to a baseline timed in the same loop (the bare primitive and components
 * at full size, {@link NaiveDetector}); then a long in-process run printing resident memory (VmRSS) after the
 * first tenth and at the end, to show that native memory does not leak. Pairs come from {@link HardPairGenerator}
 * (a few regen pairs, cycled), so generation is never timed; the detector without its region test is timed in the
 * same loop too, to show that step's cost.
 */
public final class DetectBench {

    private static final int POOL = 6;

    private final PixelDiffDetector detector;
    private final PixelDiffDetector noRegionTest;
    private final NaiveDetector baseline;
    private final DetectorSettings settings;
    private final PrintStream out;

    public DetectBench(ComputeBackend backend, DetectorSettings settings, PrintStream out) {
        this.detector = new PixelDiffDetector(backend, settings);
        this.noRegionTest = new PixelDiffDetector(backend, settings.withRegionTest(0, settings.regionKeep()));
        this.baseline = new NaiveDetector(backend, 20, settings.minAreaFraction());
        this.settings = settings;
        this.out = out;
    }

    /** Runs the timing at both sizes ({@code reps} pairs each) and the memory run over {@code soak} pairs. */
    public void run(int reps, int soak) throws IOException {
        opencv_core.setNumThreads(1); // the figure is per core; OpenCV would otherwise use every core
        out.printf(Locale.ROOT, "machine: %d cores, %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                cpuModel(), System.getProperty("java.version"));
        out.println("settings: " + settings);
        out.println("cpu steps: " + CpuKernels.status());
        for (int size : new int[] {512, 1024}) {
            List<HardPairGenerator.Pair> pool = pool(size);
            List<byte[][]> png = new ArrayList<>();
            for (HardPairGenerator.Pair p : pool) {
                png.add(new byte[][] {ImageCodec.encodePng(p.a()), ImageCodec.encodePng(p.b())});
            }
            for (int i = 0; i < POOL; i++) { // warm-up: JIT and native libraries, both paths
                detector.detect(pool.get(i).a(), pool.get(i).b());
                CpuKernels.setEnabled(false);
                try {
                    detector.detect(pool.get(i).a(), pool.get(i).b());
                } finally {
                    CpuKernels.setEnabled(true);
                }
            }
            double[] core = new double[reps];
            double[] withDecode = new double[reps];
            double[] naive = new double[reps];
            double[] portable = new double[reps];
            double[] plain = new double[reps];
            double[][] steps = new double[PixelDiffDetector.Step.values().length][reps];
            for (int i = 0; i < reps; i++) { // interleaved, so a slow spell of the machine hits all three alike
                HardPairGenerator.Pair p = pool.get(i % POOL);
                long[] stepNanos = new long[steps.length];
                long t0 = System.nanoTime();
                try (PixelBuffers.Scope pixels = PixelBuffers.scope()) { // arrays recycled as in the detect stage
                    detector.detect(p.a(), p.b(), stepNanos);
                }
                core[i] = (System.nanoTime() - t0) / 1e6;
                for (int s = 0; s < steps.length; s++) {
                    steps[s][i] = stepNanos[s] / 1e6;
                }
                byte[][] enc = png.get(i % POOL);
                t0 = System.nanoTime();
                try (PixelBuffers.Scope pixels = PixelBuffers.scope()) {
                    detector.detect(ImageCodec.decode(enc[0], Long.MAX_VALUE), ImageCodec.decode(enc[1], Long.MAX_VALUE));
                }
                withDecode[i] = (System.nanoTime() - t0) / 1e6;
                t0 = System.nanoTime();
                baseline.propose(p.a(), p.b());
                naive[i] = (System.nanoTime() - t0) / 1e6;
                t0 = System.nanoTime();
                noRegionTest.detect(p.a(), p.b());
                plain[i] = (System.nanoTime() - t0) / 1e6;
                if (CpuKernels.loaded()) { // the same detector on the portable Java/OpenCV path
                    CpuKernels.setEnabled(false);
                    try {
                        t0 = System.nanoTime();
                        detector.detect(p.a(), p.b());
                        portable[i] = (System.nanoTime() - t0) / 1e6;
                    } finally {
                        CpuKernels.setEnabled(true);
                    }
                }
            }
            out.printf(Locale.ROOT, "%dx%d: median %.2f ms/pair excluding decode, %.2f ms/pair including PNG decode"
                    + " (%d pairs, 1 thread); baseline in the same run: bare primitive + components at full size"
                    + " %.2f ms/pair%n", size, size, median(core), median(withDecode), reps, median(naive));
            StringBuilder line = new StringBuilder("  steps (median ms):");
            for (PixelDiffDetector.Step s : PixelDiffDetector.Step.values()) {
                line.append(String.format(Locale.ROOT, " %s %.2f", s.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        median(steps[s.ordinal()])));
            }
            out.println(line);
            out.printf(Locale.ROOT, "  same detector without the region test (region-search=0), same run: %.2f ms/pair%n",
                    median(plain));
            if (CpuKernels.loaded()) {
                out.printf(Locale.ROOT, "  same detector on the portable Java/OpenCV path, same run: %.2f ms/pair%n",
                        median(portable));
            }
        }
        soak(soak);
    }

    private void soak(int pairs) throws IOException {
        List<HardPairGenerator.Pair> pool = pool(512);
        int checkpoint = Math.max(1, pairs / 10);
        long rssFirst = -1;
        for (int i = 1; i <= pairs; i++) {
            HardPairGenerator.Pair p = pool.get(i % POOL);
            detector.detect(p.a(), p.b());
            if (i == checkpoint) {
                rssFirst = rssKb();
                out.printf(Locale.ROOT, "after %d pairs: VmRSS %d MiB%n", i, rssFirst / 1024);
            }
        }
        long rss = rssKb();
        out.printf(Locale.ROOT, "after %d pairs: VmRSS %d MiB (growth %+.1f %% since pair %d)%n", pairs, rss / 1024,
                100.0 * (rss - rssFirst) / rssFirst, checkpoint);
    }

    /** Regen pairs: the hard drift leaves more candidate regions, so the region test is timed where it works. */
    private static List<HardPairGenerator.Pair> pool(int size) {
        HardPairGenerator gen = new HardPairGenerator(size, size, HardPairGenerator.Preset.REGEN);
        List<HardPairGenerator.Pair> pool = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            pool.add(gen.generate(99, i));
        }
        return pool;
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        java.util.Arrays.sort(s);
        return s.length == 0 ? 0 : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Resident set size of this process in KiB, from /proc/self/status. */
    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS line in /proc/self/status; expected a Linux /proc file system");
    }

    private static String cpuModel() throws IOException {
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            for (String line : Files.readAllLines(info)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        return System.getProperty("os.arch");
    }
}
