package io.imgdiff.cli;

import io.imgdiff.compute.ComputeBackend;
import io.imgdiff.compute.cpu.CpuComputeBackend;
import io.imgdiff.config.RunSettings;
import io.imgdiff.detect.DetectorSettings;
import io.imgdiff.eval.EvalRun;
import io.imgdiff.eval.HardPairGenerator;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code imgdiff eval}: scores a detector on pairs with known differences — pairs on disk with a truth JSONL, or
 * the generated hard set — and prints precision, recall, F1 (IoU ≥ 0.5), mean IoU, false-positive rate on
 * negatives, per-category figures and median ms per pair.
 */
@CommandLine.Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score the difference detector on pairs with known truth.")
public class EvalCommand implements Callable<Integer> {

    @Inject
    Instance<ComputeBackend> backends;

    @CommandLine.Option(names = "--pairs", description = "Directory of <id>_a.png/<id>_b.png, or a JSONL manifest "
            + "{\"id\",\"a\",\"b\"}. With --generate: where to write the generated pairs (optional).")
    Path pairs;

    @CommandLine.Option(names = "--truth", description = "Truth JSONL {\"id\",\"width\",\"height\",\"boxes\","
            + "\"categories\"}. With --generate: where to write it (optional).")
    Path truth;

    @CommandLine.Option(names = "--generate", description = "Generate this many hard pairs instead of reading them.")
    Integer generate;

    @CommandLine.Option(names = "--seed", defaultValue = "1", description = "Seed of the generated set.")
    long seed;

    @CommandLine.Option(names = "--size", defaultValue = "512",
            description = "Size of generated pairs: a side (512, 768, 1024: square) or WIDTHxHEIGHT (e.g. 1216x832);"
                    + " 64-4096 per side. The mild preset is square only.")
    String size;

    @CommandLine.Option(names = "--preset", defaultValue = "regen",
            description = "Generated set: regen (2-5 kinds of strong regeneration drift per pair, a small-object "
                    + "category; the default) or mild (the earlier, milder set, for comparison with old figures).")
    String preset;

    @CommandLine.Option(names = "--detector", defaultValue = "pixel",
            description = "pixel (the detector core) or naive (raw difference, fixed threshold; a baseline).")
    String detector;

    @CommandLine.Option(names = "--json", description = "Write the summary as JSON here.")
    Path json;

    @CommandLine.Option(names = "--out", description = "Write one JSONL result per pair here.")
    Path out;

    @CommandLine.Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Detector setting, as for submit, e.g. detect.pixel.mad-k=5")
    List<String> settings = new ArrayList<>();

    @Inject
    Config config;

    @Override
    public Integer call() throws Exception {
        if (generate == null && (pairs == null || truth == null)) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "give --pairs and --truth, or --generate N; got neither");
        }
        int[] wh = parseSize(size);
        HardPairGenerator.Preset set;
        try {
            set = HardPairGenerator.Preset.of(preset);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--preset: " + e.getMessage());
        }
        ComputeBackend backend = backends != null && backends.isResolvable() ? backends.get() : new CpuComputeBackend();
        DetectorSettings tuned = DetectorSettings.from(
                RunSettings.of(RunSettings.snapshot(config, RunSettings.parseOverrides(settings))).detect());
        EvalRun run = new EvalRun(backend, tuned, detector, System.out);
        if (generate != null) {
            run.generated(generate, seed, wh[0], wh[1], set, pairs, truth, json, out);
        } else {
            run.onDisk(pairs, truth, json, out);
        }
        return 0;
    }

    private int[] parseSize(String s) {
        String[] parts = s.trim().toLowerCase(java.util.Locale.ROOT).split("x", -1);
        try {
            int w = Integer.parseInt(parts[0].trim());
            int h = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : w;
            if (parts.length <= 2 && w >= 64 && w <= 4096 && h >= 64 && h <= 4096) {
                return new int[] {w, h};
            }
        } catch (NumberFormatException e) {
            // falls through to the one-line error below
        }
        throw new CommandLine.ParameterException(new CommandLine(this),
                "--size " + s + " not understood, expected a side or WIDTHxHEIGHT, 64-4096 per side");
    }
}
