package io.imgdiff.cli;

import io.imgdiff.compute.ComputeBackend;
import io.imgdiff.compute.cpu.CpuComputeBackend;
import io.imgdiff.config.RunSettings;
import io.imgdiff.detect.DetectorSettings;
import io.imgdiff.eval.DetectBench;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code imgdiff bench detect}: median ms per pair of the pixel-difference core at 512² and 1024² (decode excluded
 * and included, one thread), then resident memory over a long in-process run. Prints figures; asserts nothing.
 */
@CommandLine.Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Time the difference detector and watch its memory over many pairs.")
public class BenchDetectCommand implements Callable<Integer> {

    @Inject
    Instance<ComputeBackend> backends;

    @CommandLine.Option(names = "--reps", defaultValue = "60", description = "Timed pairs per size.")
    int reps;

    @CommandLine.Option(names = "--pairs", defaultValue = "10000",
            description = "Pairs of the memory run; RSS is printed after a tenth of them and at the end.")
    int pairs;

    @CommandLine.Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Detector setting, as for submit, e.g. detect.pixel.work-side=384")
    List<String> settings = new ArrayList<>();

    @Inject
    Config config;

    @Override
    public Integer call() throws Exception {
        if (reps <= 0 || pairs <= 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--reps " + reps + " / --pairs " + pairs + ": expected positive numbers");
        }
        ComputeBackend backend = backends != null && backends.isResolvable() ? backends.get() : new CpuComputeBackend();
        DetectorSettings tuned = DetectorSettings.from(
                RunSettings.of(RunSettings.snapshot(config, RunSettings.parseOverrides(settings))).detect());
        new DetectBench(backend, tuned, System.out).run(reps, pairs);
        return 0;
    }
}
