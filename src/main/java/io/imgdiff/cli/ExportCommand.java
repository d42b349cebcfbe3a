package io.imgdiff.cli;

import io.imgdiff.export.RunExporter;
import io.imgdiff.queue.RunRepository;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code imgdiff export RUN --out DIR}: LLaVA-style conversations, an items JSONL and the images. */
@Command(name = "export", description = "Export a run as training data (conversations.json, items.jsonl, images).")
class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN")
    String run;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Inject
    RunRepository runs;

    @Inject
    RunExporter exporter;

    @Override
    public Integer call() {
        if (runs.run(run).isEmpty()) {
            throw new IllegalArgumentException("unknown run '" + run + "' (list runs: imgdiff runs)");
        }
        RunExporter.Summary s = exporter.export(run, out);
        System.out.printf("exported run %s to %s: %d conversation entries from %d done items"
                + " (%d items: %d dropped, %d failed)%n", run, s.out(), s.entries(), s.done(), s.items(),
                s.dropped(), s.failed());
        return 0;
    }
}
