package io.imgdiff.cli;

import io.imgdiff.bench.PipelineBenchmark;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code imgdiff bench pipeline}: the detect stage fed from the object store, one thread step by step and through
 * the queue at several worker concurrencies, per size and storage format; odiff beside it when installed.
 */
@Command(name = "pipeline", description = "Detect stage from the object store: per-step medians on one thread,"
        + " pairs/s through the queue, odiff as the peer.")
class BenchPipelineCommand implements Callable<Integer> {

    @Option(names = "--sizes", defaultValue = "512,1024", split = ",",
            description = "square image sizes (default: ${DEFAULT-VALUE})")
    List<Integer> sizes;

    @Option(names = "--formats", defaultValue = "png,rgbz,rgbz-lz4", split = ",",
            description = "storage formats: png, rgbz, rgbz-lz4, jpeg (q90, as submitted pairs often are; "
                    + "default: ${DEFAULT-VALUE})")
    List<String> formats;

    @Option(names = "--reps", defaultValue = "60", description = "pairs timed on one thread (default: ${DEFAULT-VALUE})")
    int reps;

    @Option(names = "--items", defaultValue = "400",
            description = "items through the queue per row (default: ${DEFAULT-VALUE})")
    int items;

    @Option(names = "--concurrency", defaultValue = "1,2", split = ",",
            description = "worker job threads, one row each (default: ${DEFAULT-VALUE})")
    List<Integer> concurrency;

    @Option(names = "--soak", defaultValue = "0",
            description = "then run this many pairs on one thread per size and format and print resident memory "
                    + "(default: none)")
    int soak;

    @Option(names = "--store-latency-ms", defaultValue = "0",
            description = "add this much to every read of the queue rows, like a remote object store (default: none)")
    int storeLatencyMs;

    @Option(names = "--store-link-mbps", defaultValue = "0",
            description = "the queue rows' reads share one link of this many Mbit/s, like a node's network interface "
                    + "to a remote store (default: none)")
    int storeLinkMbps;

    @Option(names = "--prefetch-ahead", split = ",",
            description = "imgdiff.queue.prefetch-ahead values, a row each, e.g. 0,1 (default: the configured one)")
    List<Integer> prefetchAhead;

    @Inject
    io.imgdiff.config.ImgdiffConfig config;

    @Option(names = "--no-peer", description = "skip the odiff comparison")
    boolean noPeer;

    @Inject
    PipelineBenchmark benchmark;

    @Override
    public Integer call() throws Exception {
        if (reps < 1 || items < 1 || sizes.stream().anyMatch(s -> s < 64 || s > 8192)) {
            throw new IllegalArgumentException("--reps and --items must be at least 1 and --sizes 64-8192, got reps "
                    + reps + ", items " + items + ", sizes " + sizes);
        }
        List<PipelineBenchmark.Format> parsed = formats.stream().map(PipelineBenchmark.Format::of).toList();
        if (storeLatencyMs < 0 || storeLinkMbps < 0
                || (prefetchAhead != null && prefetchAhead.stream().anyMatch(p -> p < 0))) {
            throw new IllegalArgumentException("--store-latency-ms, --store-link-mbps and --prefetch-ahead must be at "
                    + "least 0, got " + storeLatencyMs + ", " + storeLinkMbps + " and " + prefetchAhead);
        }
        List<Integer> prefetch = prefetchAhead == null ? List.of(config.queue().prefetchAhead()) : prefetchAhead;
        benchmark.run(new PipelineBenchmark.Plan(sizes, parsed, reps, items, concurrency, !noPeer, soak,
                storeLatencyMs, storeLinkMbps, prefetch), System.out);
        return 0;
    }
}
