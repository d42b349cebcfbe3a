package io.imgdiff.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.item.StageName;
import io.imgdiff.queue.JobQueue;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.stage.Stage;
import io.imgdiff.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.net.InetAddress;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Builds worker loops from configuration and the stage beans, and runs them until SIGTERM/SIGINT. */
@ApplicationScoped
public class WorkerService {

    private final ImgdiffConfig config;
    private final JobQueue queue;
    private final RunRepository runs;
    private final ObjectStore store;
    private final ObjectMapper json;
    private final Instance<Stage> stageBeans;
    private final WorkerMetrics metrics;

    WorkerService(ImgdiffConfig config, JobQueue queue, RunRepository runs, ObjectStore store, ObjectMapper json,
                  Instance<Stage> stageBeans, WorkerMetrics metrics) {
        this.config = config;
        this.queue = queue;
        this.runs = runs;
        this.store = store;
        this.json = json;
        this.stageBeans = stageBeans;
        this.metrics = metrics;
    }

    /** Parses a comma-separated stage list ("detect,caption"); an empty list means every stage. */
    public static Set<StageName> parseStages(Collection<String> names) {
        Set<StageName> out = EnumSet.noneOf(StageName.class);
        for (String n : names) {
            for (String part : n.split(",")) {
                if (!part.isBlank()) {
                    out.add(StageName.of(part));
                }
            }
        }
        return out.isEmpty() ? EnumSet.allOf(StageName.class) : out;
    }

    /** A loop serving {@code stages} with the stage beans of this application. */
    public WorkerLoop create(Set<StageName> stages, int concurrency, boolean burst) {
        return create(stages, concurrency, burst, stageBeans(), metrics);
    }

    /** A loop with explicit stage implementations (benchmarks, tests) and listener. */
    public WorkerLoop create(Set<StageName> stages, int concurrency, boolean burst, Map<StageName, Stage> impls,
                             WorkerLoop.Listener listener) {
        return create(options(stages, concurrency, burst), impls, listener);
    }

    /** The loop options the configuration gives for {@code stages} at {@code concurrency}. */
    public WorkerLoop.Options options(Set<StageName> stages, int concurrency, boolean burst) {
        ImgdiffConfig.QueueConfig q = config.queue();
        ImgdiffConfig.WorkerConfig w = config.worker();
        return new WorkerLoop.Options(consumerName(), stages, concurrency, q.batchSize(),
                q.readAhead(), q.prefetchAhead(), q.finishLinger(), q.finishBatch(), q.block(), q.heartbeat(),
                q.maintenanceInterval(), q.consumerIdleTimeout(), burst, w.burstIdle(), w.shutdownGrace());
    }

    /** A loop with explicit options (tests that need another linger or read-ahead than configured). */
    public WorkerLoop create(WorkerLoop.Options options, Map<StageName, Stage> impls, WorkerLoop.Listener listener) {
        return create(options, impls, listener, store);
    }

    /** As above, the stages reading and writing {@code objects} (benchmarks: a store with added latency). */
    public WorkerLoop create(WorkerLoop.Options options, Map<StageName, Stage> impls, WorkerLoop.Listener listener,
                             ObjectStore objects) {
        for (StageName s : options.stages()) {
            if (!impls.containsKey(s)) {
                throw new IllegalStateException("no implementation of stage '" + s.key() + "' in this build");
            }
        }
        if (options.concurrency() < 1) {
            throw new IllegalArgumentException("concurrency " + options.concurrency() + " must be at least 1");
        }
        if (options.readAhead() < 0 || options.prefetchAhead() < 0 || options.finishBatch() < 1
                || options.batchSize() < 1) {
            throw new IllegalArgumentException("imgdiff.queue.read-ahead " + options.readAhead() + " and prefetch-ahead "
                    + options.prefetchAhead() + " must be at least 0, finish-batch " + options.finishBatch()
                    + " and batch-size " + options.batchSize() + " at least 1");
        }
        JobRunner runner = new JobRunner(runs, objects, json, impls);
        WorkerLoop.Listener both = listener == metrics ? metrics : (job, v, r, d) -> {
            metrics.finished(job, v, r, d);
            listener.finished(job, v, r, d);
        };
        return new WorkerLoop(queue, runner, options, both);
    }

    /**
     * Runs {@code loop} on this thread; SIGTERM or SIGINT stop it gracefully, also one that came while the process
     * was starting ({@link StopSignals}). Returns its exit code.
     */
    public int runUntilSignalled(WorkerLoop loop) {
        StopSignals.install(); // done earlier by the worker command; here too for other callers
        Runnable stop = loop::stop;
        StopSignals.onStop(stop);
        try {
            return loop.run();
        } finally {
            StopSignals.clear(stop);
        }
    }

    Map<StageName, Stage> stageBeans() {
        Map<StageName, Stage> out = new EnumMap<>(StageName.class);
        for (Stage s : stageBeans) {
            out.put(s.name(), s);
        }
        return out;
    }

    private String consumerName() {
        return config.worker().name().orElseGet(() -> host() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "worker";
        }
    }
}
