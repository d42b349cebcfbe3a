package io.imgdiff.cli;

import io.imgdiff.bench.QueueBenchmark;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code imgdiff bench queue}: end-to-end job rate of a no-op stage against a plain pipelined XADD ceiling. */
@Command(name = "queue", description = "Jobs/s and per-job overhead of a no-op stage on one worker.")
class BenchQueueCommand implements Callable<Integer> {

    @Option(names = "--jobs", defaultValue = "20000", description = "jobs to run (default: ${DEFAULT-VALUE})")
    int jobs;

    @Option(names = "--concurrency", defaultValue = "2", description = "worker job threads (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Inject
    QueueBenchmark benchmark;

    @Override
    public Integer call() {
        benchmark.run(jobs, concurrency, System.out);
        return 0;
    }
}
