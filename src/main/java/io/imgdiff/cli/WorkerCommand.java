package io.imgdiff.cli;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.worker.WorkerLoop;
import io.imgdiff.worker.WorkerService;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code imgdiff worker}: serves stages until SIGTERM (or, with --burst, until the streams stay empty). */
@Command(name = "worker", description = "Run a worker (also serves the REST API, /q/health and /q/metrics).")
class WorkerCommand implements Callable<Integer> {

    @Option(names = "--stages", paramLabel = "LIST", split = ",",
            description = "stages to serve, e.g. detect,caption (default: imgdiff.worker.stages)")
    List<String> stages = new ArrayList<>();

    @Option(names = "--concurrency", paramLabel = "N", description = "jobs at once (default: imgdiff.worker.concurrency)")
    Integer concurrency;

    @Option(names = "--burst", description = "exit 0 once the streams stay empty (scale-to-zero jobs)")
    boolean burst;

    @Inject
    WorkerService workers;

    @Inject
    ImgdiffConfig config;

    @Override
    public Integer call() {
        List<String> names = stages.isEmpty() ? config.worker().stages() : stages;
        WorkerLoop loop = workers.create(WorkerService.parseStages(names),
                concurrency != null ? concurrency : config.worker().concurrency(), burst || config.worker().burst());
        return workers.runUntilSignalled(loop);
    }
}
