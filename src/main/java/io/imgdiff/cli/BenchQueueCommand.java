package io.imgdiff.cli;

import io.imgdiff.bench.QueueBenchmark;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code imgdiff bench queue}: end-to-end job rate of a no-op stage at several worker concurrencies, against a plain
 * pipelined XADD ceiling.
 */
@Command(name = "queue", description = "Jobs/s and per-job overhead of a no-op stage on one worker, one table row"
        + " per concurrency.")
class BenchQueueCommand implements Callable<Integer> {

    @Option(names = "--jobs", defaultValue = "20000", description = "jobs to run (default: ${DEFAULT-VALUE})")
    int jobs;

    @Option(names = "--warmup", defaultValue = "60000",
            description = "jobs run first to warm up the JVM, not reported (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--concurrency", defaultValue = "2,4,8,16", split = ",",
            description = "worker job threads, one row each (default: ${DEFAULT-VALUE})")
    List<Integer> concurrency;

    @Inject
    QueueBenchmark benchmark;

    @Override
    public Integer call() {
        benchmark.run(jobs, warmup, concurrency, System.out);
        return 0;
    }
}
