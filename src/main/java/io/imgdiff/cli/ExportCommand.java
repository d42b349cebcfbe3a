package io.imgdiff.cli;

import io.imgdiff.export.RunExporter;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.stage.export.ExportFormat;
import io.imgdiff.stage.export.ExportOptions;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code imgdiff export RUN --format llava|hf|wds --out DIR|s3://bucket/prefix}: the run as training data. */
@Command(name = "export", description = {"Export a run as training data (docs/export.md): LLaVA conversations,",
        "a Hugging Face imagefolder or WebDataset shards, with items.jsonl and a README.md dataset card."})
class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN")
    String run;

    @Option(names = "--out", required = true, paramLabel = "DIR|s3://BUCKET/PREFIX",
            description = "a local directory, or an S3 prefix (written with the imgdiff.store.s3.* endpoint)")
    String out;

    @Option(names = "--format", defaultValue = "llava", paramLabel = "llava|hf|wds",
            description = "layout (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--no-images", negatable = false, description = "records only: no picture files")
    boolean noImages;

    @Option(names = "--shard-size-mb", defaultValue = "256", description = "largest WebDataset shard, MiB"
            + " (default: ${DEFAULT-VALUE})")
    long shardMb;

    @Inject
    RunRepository runs;

    @Inject
    RunExporter exporter;

    @Override
    public Integer call() {
        if (runs.run(run).isEmpty()) {
            throw new IllegalArgumentException("unknown run '" + run + "' (list runs: imgdiff runs)");
        }
        ExportOptions options = new ExportOptions(ExportFormat.of(format), !noImages, shardMb << 20);
        RunExporter.Summary s = exporter.export(run, options, out);
        System.out.printf("exported run %s as %s to %s: %d samples (%d removal questions) from %d done items"
                + " (%d items: %d dropped, %d failed)%n", run, options.format().key(), s.out(), s.entries(),
                s.removalQuestions(), s.done(), s.items(), s.dropped(), s.failed());
        return 0;
    }
}
