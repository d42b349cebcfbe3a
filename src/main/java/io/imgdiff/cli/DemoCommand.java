package io.imgdiff.cli;

import io.imgdiff.bench.Machine;
import io.imgdiff.config.RunSettings;
import io.imgdiff.export.RunExporter;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.StageName;
import io.imgdiff.queue.JobQueue;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.queue.RunStatus;
import io.imgdiff.store.ObjectStore;
import io.imgdiff.submit.RunSubmitter;
import io.imgdiff.submit.SubmitInput;
import io.imgdiff.submit.SubmitItem;
import io.imgdiff.worker.WorkerLoop;
import io.imgdiff.worker.WorkerService;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code imgdiff demo}: the whole pipeline on built-in backends with an in-process worker. Uses the configured
 * Redis and store when there are any; otherwise an embedded redis-server (started by {@link ImgdiffMain}) and the
 * local directory store.
 */
@Command(name = "demo", description = "Run N generated captions through every stage and export the dataset.")
class DemoCommand implements Callable<Integer> {

    @Option(names = "--items", defaultValue = "100", description = "captions to run (default: ${DEFAULT-VALUE})")
    int items;

    @Option(names = "--out", defaultValue = "demo-out", description = "export directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "seed; same seed, same dataset (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--concurrency", description = "worker job threads (default: number of cores)")
    Integer concurrency;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "stage setting for the run, e.g. variant=removal")
    List<String> settings = new ArrayList<>();

    @Inject
    RunSubmitter submitter;

    @Inject
    RunRepository runs;

    @Inject
    JobQueue queue;

    @Inject
    WorkerService workers;

    @Inject
    RunExporter exporter;

    @Inject
    ObjectStore store;

    @Override
    public Integer call() throws InterruptedException {
        if (items < 1) {
            throw new IllegalArgumentException("--items " + items + " must be at least 1");
        }
        long start = System.nanoTime();
        String run = "demo-s" + seed + "-" + System.currentTimeMillis();
        List<SubmitItem> list = new ArrayList<>();
        List<String> captions = DemoCaptions.generate(items, seed);
        for (int i = 0; i < captions.size(); i++) {
            list.add(new SubmitItem(String.format("%06d", i + 1), ItemInput.ofCaption(captions.get(i)), null, null));
        }
        Map<String, String> overrides = new TreeMap<>(Map.of("imgdiff.stages.seed", Long.toString(seed)));
        overrides.putAll(RunSettings.parseOverrides(settings));
        submitter.submit(run, new SubmitInput(StageName.EDIT, list), overrides);
        System.out.printf("imgdiff demo: %d items, seed %d, run %s%n  redis %s, store %s%n  machine: %s%n", items, seed,
                run, Cli.redisHosts(), store.describe(), Machine.describe());

        int threads = concurrency != null ? concurrency : Runtime.getRuntime().availableProcessors();
        WorkerLoop loop = workers.create(EnumSet.allOf(StageName.class), threads, false);
        Thread worker = new Thread(loop::run, "demo-worker");
        worker.start();
        RunStatus status = watch(run, worker);
        long processed = System.nanoTime();
        // The run is complete, so the worker has nothing left to do but notice it should stop (up to one blocking
        // read, imgdiff.queue.block): let it do that while the export runs.
        Thread stopper = new Thread(loop::stop, "demo-worker-stop");
        stopper.start();

        RunExporter.Summary s = exporter.export(run, out);
        long end = System.nanoTime();
        stopper.join();
        double seconds = (end - start) / 1e9;
        StatusView.render(status, queue.deadLetters(run, 5)).forEach(System.out::println);
        System.out.printf("exported %d conversation entries (%d removal questions) to %s (conversations.json,"
                + " items.jsonl, images/, README.md)%n", s.entries(), s.removalQuestions(), out.toAbsolutePath());
        System.out.printf("wall time %.1f s (%.1f items/s; stages %.1f s, export %.1f s)%n", seconds, items / seconds,
                (processed - start) / 1e9, (end - processed) / 1e9);
        return 0;
    }

    /**
     * Prints progress until the run completes: rewritten in place every 250 ms on a terminal, one line per 2 s when
     * piped (a log). Polls every 50 ms either way, so the demo's wall time is the run's, not the print interval's.
     */
    private RunStatus watch(String run, Thread worker) throws InterruptedException {
        boolean tty = System.console() != null;
        long printEvery = tty ? 250_000_000L : 2_000_000_000L;
        long lastPrint = 0;
        while (true) {
            RunStatus s = runs.status(run).orElseThrow();
            long now = System.nanoTime();
            if (lastPrint == 0 || now - lastPrint >= printEvery || s.complete()) {
                String line = String.format("  progress: %d/%d finished (done %d, dropped %d, failed %d)",
                        s.finished(), s.run().items(), s.done(), s.dropped(), s.failed());
                System.out.print(tty ? "\r" + line : line + "\n");
                lastPrint = now;
            }
            if (s.complete()) {
                if (tty) {
                    System.out.println();
                }
                return s;
            }
            if (!worker.isAlive()) {
                throw new IllegalStateException("the demo worker stopped before the run completed (see the log above)");
            }
            Thread.sleep(50);
        }
    }
}
