package io.imgdiff.worker;

import io.imgdiff.item.StageName;
import io.imgdiff.queue.Job;
import io.imgdiff.queue.JobQueue;
import io.imgdiff.queue.StreamStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus figures under {@code /q/metrics}: jobs by stage and outcome ({@code imgdiff_jobs_total}), stage latency
 * histogram ({@code imgdiff_stage_seconds}), and stream lag, pending and delayed-retry counts per stage. Stream figures
 * are read from Redis at most every two seconds, however often Prometheus scrapes.
 */
@Startup // gauges exist from start-up, so /q/metrics shows stream figures before the first job
@ApplicationScoped
public class WorkerMetrics implements WorkerLoop.Listener {

    private static final long STATS_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final MeterRegistry registry;
    private final JobQueue queue;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<StageName, Timer> timers = new ConcurrentHashMap<>();
    private volatile Map<StageName, StreamStats> stats = Map.of();
    private volatile long statsAt;

    WorkerMetrics(MeterRegistry registry, JobQueue queue) {
        this.registry = registry;
        this.queue = queue;
        for (StageName s : StageName.values()) {
            gauge("imgdiff.stream.lag", s, StreamStats::lag, "entries not yet delivered to any worker");
            gauge("imgdiff.stream.pending", s, StreamStats::pending, "entries delivered but not yet acknowledged");
            gauge("imgdiff.stream.delayed", s, StreamStats::delayedRetries, "failed jobs waiting for their retry");
        }
    }

    @Override
    public void finished(Job job, JobRunner.Verdict verdict, long readNanos, long doneNanos) {
        String outcome = verdict.name().toLowerCase(Locale.ROOT);
        counters.computeIfAbsent(job.stage().key() + "/" + outcome, k -> Counter.builder("imgdiff.jobs")
                .description("jobs finished, by stage and outcome")
                .tag("stage", job.stage().key()).tag("outcome", outcome).register(registry)).increment();
        timers.computeIfAbsent(job.stage(), s -> Timer.builder("imgdiff.stage")
                .description("time from reading a job to finishing it")
                .tag("stage", s.key()).publishPercentileHistogram().register(registry))
                .record(doneNanos - readNanos, TimeUnit.NANOSECONDS);
    }

    private void gauge(String name, StageName stage, ToDoubleFunction<StreamStats> f, String description) {
        Gauge.builder(name, this, m -> {
            StreamStats s = m.freshStats().get(stage);
            return s == null ? Double.NaN : f.applyAsDouble(s);
        }).description(description).tag("stage", stage.key()).register(registry);
    }

    private Map<StageName, StreamStats> freshStats() {
        long now = System.nanoTime();
        if (now - statsAt > STATS_MAX_AGE_NANOS) {
            try {
                stats = queue.streamStats();
            } catch (RuntimeException e) {
                stats = Map.of(); // Redis down: gauges read NaN, readiness reports the cause
            }
            statsAt = now;
        }
        return stats;
    }
}
