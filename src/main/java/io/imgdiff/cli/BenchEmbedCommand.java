package io.imgdiff.cli;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.model.onnx.EmbedBenchmark;
import io.imgdiff.model.onnx.OnnxSettings;
import jakarta.inject.Inject;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code imgdiff bench embed}: crops/s of the CLIP image encoder on the CPU, for the project's test model and, with
 * {@code --model}, for a real export (run on {@code imgdiff.models.execution-provider}).
 */
@CommandLine.Command(name = "embed", description = "Crops/s of CLIP image embedding (ONNX Runtime).")
class BenchEmbedCommand implements Callable<Integer> {

    @Option(names = "--model", description = "a CLIP vision ONNX export (pixel_values -> image_embeds) to benchmark too")
    Path model;

    @Option(names = "--test-model", defaultValue = "src/test/resources/models/clip_vision_test.onnx",
            description = "the generated test model (default: ${DEFAULT-VALUE}, relative to the repository)")
    Path testModel;

    @Option(names = "--crops", defaultValue = "256", description = "crops per measurement (default: ${DEFAULT-VALUE})")
    int crops;

    @Option(names = "--batch", split = ",", defaultValue = "1,8,32",
            description = "batch sizes, ascending (default: ${DEFAULT-VALUE})")
    int[] batches;

    @Inject
    ImgdiffConfig config;

    @Override
    public Integer call() {
        EmbedBenchmark bench = new EmbedBenchmark(crops, batches);
        OnnxSettings cpu = new OnnxSettings(OnnxSettings.CPU, 0, config.models().intraOpThreads(),
                config.models().interOpThreads());
        if (Files.isRegularFile(testModel)) {
            bench.run(testModel, cpu, System.out);
        } else {
            System.out.println("test model " + testModel.toAbsolutePath() + " not found; run from the repository root"
                    + " or pass --test-model (tools/models/make_test_models.py writes it)");
        }
        if (model != null) {
            System.out.println();
            bench.run(model, OnnxSettings.from(config.models()), System.out);
        }
        return 0;
    }
}
