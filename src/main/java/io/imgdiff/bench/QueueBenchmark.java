package io.imgdiff.bench;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.StageName;
import io.imgdiff.queue.Finish;
import io.imgdiff.queue.Job;
import io.imgdiff.queue.JobQueue;
import io.imgdiff.queue.RunInfo;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.stage.Stage;
import io.imgdiff.stage.StageResult;
import io.imgdiff.worker.WorkerLoop;
import io.imgdiff.worker.WorkerService;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code imgdiff bench queue}: for each worker concurrency, submits N items straight into the last stage, runs one
 * worker whose stage does nothing, and reports jobs/s from first read to last finish plus each job's overhead
 * (read → finished on Redis), as one table row. Beside it, the rate of a plain pipelined XADD loop on the same server:
 * the ceiling for any stream queue; the rate of one thread reading, loading and finishing batches with no worker
 * threads; and the latency of a bare round trip (PING), which every job pays at least twice (items, finish) between
 * read and finished. The load average is printed before and after, since these machines are shared.
 */
@ApplicationScoped
public class QueueBenchmark {

    /** One row of the table. */
    public record Row(int concurrency, int jobs, double seconds, double p50Millis, double p99Millis, long gcPauses,
                      long gcMillis) {
        public double jobsPerSecond() {
            return jobs / seconds;
        }
    }

    private final RunRepository runs;
    private final WorkerService workers;
    private final Redis redis;
    private final ImgdiffConfig config;
    private final JobQueue queue;
    private static final int SERIAL_BATCH = 64;

    QueueBenchmark(RunRepository runs, WorkerService workers, Redis redis, ImgdiffConfig config, JobQueue queue) {
        this.queue = queue;
        this.runs = runs;
        this.workers = workers;
        this.redis = redis;
        this.config = config;
    }

    public void run(int jobs, int warmup, List<Integer> concurrencies, PrintStream out) {
        ImgdiffConfig.QueueConfig q = config.queue();
        out.println("bench queue: " + jobs + " no-op jobs per row, one worker; batch-size " + q.batchSize()
                + ", read-ahead " + q.readAhead() + ", finish-batch " + q.finishBatch() + ", finish-linger "
                + q.finishLinger().toNanos() / 1e6 + " ms");
        out.println("machine: " + Machine.describe());
        if (warmup > 0) {
            Row w = measure(warmup, concurrencies.get(0));
            out.printf("warm-up (not in the table): %d jobs at concurrency %d, %,.0f jobs/s%n", warmup,
                    w.concurrency(), w.jobsPerSecond());
        }
        out.println("load average before: " + Machine.loadAverage());
        out.println();
        out.println("| worker concurrency | jobs/s end to end | p50 overhead | p99 overhead |");
        out.println("|---|---|---|---|");
        List<Row> rows = new ArrayList<>();
        for (int c : concurrencies) {
            Row r = measure(jobs, c);
            rows.add(r);
            out.printf("| %d | %,.0f | %.2f ms | %.2f ms |%n", r.concurrency(), r.jobsPerSecond(), r.p50Millis(),
                    r.p99Millis());
        }
        out.printf("| no worker: one thread reads %d, their items, one finishBatch | %,.0f jobs/s | | |%n", SERIAL_BATCH,
                serialRate(jobs));
        out.printf("| ceiling: pipelined XADD | %,.0f XADD/s | | |%n", xaddRate(jobs));
        double[] ping = pingMillis(2000);
        out.printf("| one round trip: PING, one thread | %,.0f PING/s | %.2f ms | %.2f ms |%n", 1000 / ping[2], ping[0],
                ping[1]);
        out.println();
        for (Row r : rows) {
            out.printf("GC during the concurrency %d row: %d pauses, %d ms in all (each stalls every job in flight)%n",
                    r.concurrency(), r.gcPauses(), r.gcMillis());
        }
        out.println("load average after: " + Machine.loadAverage());
    }

    /** One worker with {@code concurrency} job threads runs {@code jobs} no-op jobs of a fresh run. */
    public Row measure(int jobs, int concurrency) {
        String run = "bench-queue-" + System.currentTimeMillis() + "-c" + concurrency;
        Map<String, ItemInput> items = new LinkedHashMap<>();
        for (int i = 0; i < jobs; i++) {
            items.put(String.format("%07d", i), ItemInput.ofCaption("bench"));
        }
        runs.submit(new RunInfo(run, Instant.now(), StageName.CAPTION, jobs, Map.of()), items);

        long[] overheadNanos = new long[jobs];
        AtomicInteger done = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(jobs);
        Stage noop = new Stage() {
            @Override
            public StageName name() {
                return StageName.CAPTION;
            }

            @Override
            public StageResult process(io.imgdiff.stage.StageContext ctx) {
                return StageResult.pass(null);
            }
        };
        WorkerLoop loop = workers.create(EnumSet.of(StageName.CAPTION), concurrency, false,
                Map.of(StageName.CAPTION, noop), (job, v, readAt, doneAt) -> {
                    int i = done.getAndIncrement();
                    if (i < jobs) {
                        overheadNanos[i] = doneAt - readAt;
                    }
                    all.countDown();
                });
        long[] gcBefore = gc();
        long start = System.nanoTime();
        Thread t = new Thread(loop::run, "bench-worker");
        t.start();
        try {
            all.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] gcAfter = gc();
        loop.stop();
        Arrays.sort(overheadNanos);
        return new Row(concurrency, jobs, seconds, overheadNanos[jobs / 2] / 1e6,
                overheadNanos[(int) (jobs * 0.99)] / 1e6, gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1]);
    }

    /** Collections so far and the milliseconds they took, over all collectors. */
    private static long[] gc() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, b.getCollectionCount());
            millis += Math.max(0, b.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /**
     * The queue's own cost without the worker's threads: one thread repeatedly reads a batch, reads its items and
     * finishes it with one finishBatch call, three round trips per batch and no hand-offs between threads.
     */
    private double serialRate(int jobs) {
        String run = "bench-serial-" + System.currentTimeMillis();
        Map<String, ItemInput> items = new LinkedHashMap<>();
        for (int i = 0; i < jobs; i++) {
            items.put(String.format("%07d", i), ItemInput.ofCaption("bench"));
        }
        runs.submit(new RunInfo(run, Instant.now(), StageName.CAPTION, jobs, Map.of()), items);
        List<StageName> caption = List.of(StageName.CAPTION);
        long start = System.nanoTime();
        int done = 0;
        while (done < jobs) {
            List<Job> batch = queue.read("bench-serial", caption, SERIAL_BATCH, Duration.ofSeconds(1));
            List<Finish> finishes = new ArrayList<>(batch.size());
            List<Supplier<Optional<Item>>> loaded = runs.items(batch);
            for (int i = 0; i < batch.size(); i++) {
                loaded.get(i).get();
                finishes.add(new Finish.Pass(batch.get(i), "null"));
            }
            queue.finish(finishes);
            done += batch.size();
        }
        return jobs / ((System.nanoTime() - start) / 1e9);
    }

    /** p50, p99 and mean of {@code n} sequential PING round trips through the application's Redis client, in ms. */
    private double[] pingMillis(int n) {
        long[] nanos = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            redis.sendAndAwait(Request.cmd(Command.PING));
            nanos[i] = System.nanoTime() - t;
            total += nanos[i];
        }
        Arrays.sort(nanos);
        return new double[] {nanos[n / 2] / 1e6, nanos[(int) (n * 0.99)] / 1e6, total / 1e6 / n};
    }

    /** Pipelined XADDs in batches of 1,000 to a scratch stream, deleted afterwards. */
    private double xaddRate(int n) {
        String key = "bench:xadd:" + System.nanoTime();
        long start = System.nanoTime();
        for (int sent = 0; sent < n; sent += 1000) {
            List<Request> batch = new ArrayList<>();
            for (int i = sent; i < Math.min(n, sent + 1000); i++) {
                batch.add(Request.cmd(Command.XADD).arg(key).arg("*").arg("run").arg("bench").arg("item")
                        .arg(Integer.toString(i)).arg("attempt").arg("1"));
            }
            redis.batchAndAwait(batch);
        }
        double rate = n / ((System.nanoTime() - start) / 1e9);
        redis.sendAndAwait(Request.cmd(Command.DEL).arg(key));
        return rate;
    }
}
