package io.imgdiff.eval;

import io.imgdiff.compute.ComputeBackend;
import io.imgdiff.detect.DetectorSettings;
import io.imgdiff.detect.PixelDiffDetector;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.BoxProposer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The work behind {@code imgdiff eval}: picks the detector, feeds it pairs, writes and prints the figures. */
public final class EvalRun {

    /** Fixed threshold of the {@code naive} baseline: the raw primitive, no drift handling. */
    static final int NAIVE_THRESHOLD = 25;

    private final BoxProposer detector;
    private final String name;
    private final PrintStream console;

    public EvalRun(ComputeBackend backend, DetectorSettings settings, String detectorName, PrintStream console) {
        this.detector = detector(backend, settings, detectorName);
        this.name = detectorName;
        this.console = console;
    }

    static BoxProposer detector(ComputeBackend backend, DetectorSettings settings, String name) {
        switch (name) {
            case "pixel":
                return new PixelDiffDetector(backend, settings);
            case "naive":
                return new NaiveDetector(backend, NAIVE_THRESHOLD, settings.minAreaFraction());
            default:
                throw new IllegalArgumentException("unknown detector '" + name + "', expected pixel or naive");
        }
    }

    /** Generates {@code n} mild pairs of {@code seed} at {@code size}², optionally saving them, and evaluates. */
    public EvalMetrics.Summary generated(int n, long seed, int size, Path saveDir, Path saveTruth, Path json,
                                         Path out) throws IOException {
        return generated(n, seed, size, size, HardPairGenerator.Preset.MILD, saveDir, saveTruth, json, out);
    }

    /** Generates {@code n} pairs of {@code preset} and {@code seed} at width×height, optionally saving them. */
    public EvalMetrics.Summary generated(int n, long seed, int width, int height, HardPairGenerator.Preset preset,
                                         Path saveDir, Path saveTruth, Path json, Path out) throws IOException {
        if (n <= 0) {
            throw new IllegalArgumentException("--generate " + n + ": expected a positive number of pairs");
        }
        HardPairGenerator gen = new HardPairGenerator(width, height, preset);
        if (saveDir != null) {
            Files.createDirectories(saveDir);
        }
        List<String> truthLines = new ArrayList<>();
        try (Writer w = out == null ? null : Files.newBufferedWriter(out)) {
            Evaluation ev = new Evaluation(detector, w);
            for (int i = 0; i < n; i++) {
                HardPairGenerator.Pair p = gen.generate(seed, i);
                if (saveDir != null) {
                    PairSource.write(saveDir, p);
                }
                truthLines.add(PairSource.toJson(p.truth()));
                ev.add(p.id(), p.a(), p.b(), p.truth());
            }
            if (saveTruth != null) {
                Files.write(saveTruth, truthLines);
            }
            return finish(ev, "eval: " + n + " generated pairs, preset " + preset.name().toLowerCase() + ", seed "
                    + seed + ", " + width + "x" + height + ", detector " + name, json);
        }
    }

    /** Evaluates pairs on disk against a truth file. */
    public EvalMetrics.Summary onDisk(Path pairs, Path truth, Path json, Path out) throws IOException {
        List<PairSource.Entry> entries = PairSource.open(pairs, PairSource.readTruth(truth));
        try (Writer w = out == null ? null : Files.newBufferedWriter(out)) {
            Evaluation ev = new Evaluation(detector, w);
            for (PairSource.Entry e : entries) {
                RgbImage[] ab = e.decode();
                ev.add(e.id(), ab[0], ab[1], e.truth());
            }
            return finish(ev, "eval: " + entries.size() + " pairs from " + pairs + ", detector " + name, json);
        }
    }

    private EvalMetrics.Summary finish(Evaluation ev, String title, Path json) throws IOException {
        EvalMetrics.Summary s = ev.summary();
        Evaluation.print(title, s, console);
        if (json != null) {
            Files.writeString(json, Evaluation.toJson(s));
        }
        return s;
    }
}
