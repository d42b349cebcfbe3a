package io.imgdiff.bench;

import io.imgdiff.item.ItemInput;
import io.imgdiff.item.StageName;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code imgdiff bench queue}: submits N items straight into the last stage, runs one worker whose stage does
 * nothing, and reports jobs/s from first read to last ack plus each job's overhead (read → finished on Redis).
 * Beside it, the rate of a plain pipelined XADD loop on the same server: the ceiling for any stream queue.
 */
@ApplicationScoped
public class QueueBenchmark {

    private final RunRepository runs;
    private final WorkerService workers;
    private final Redis redis;

    QueueBenchmark(RunRepository runs, WorkerService workers, Redis redis) {
        this.runs = runs;
        this.workers = workers;
        this.redis = redis;
    }

    public void run(int jobs, int concurrency, PrintStream out) {
        out.println("bench queue: " + jobs + " no-op jobs, one worker, concurrency " + concurrency);
        out.println("machine: " + Machine.describe());
        String run = "bench-queue-" + System.currentTimeMillis();
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
        long start = System.nanoTime();
        Thread t = new Thread(loop::run, "bench-worker");
        t.start();
        try {
            all.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        loop.stop();
        Arrays.sort(overheadNanos);
        out.printf("worker:  %,.0f jobs/s end to end (%d jobs in %.2f s); per-job overhead p50 %.2f ms, p99 %.2f ms%n",
                jobs / seconds, jobs, seconds, overheadNanos[jobs / 2] / 1e6, overheadNanos[(int) (jobs * 0.99)] / 1e6);
        out.printf("ceiling: %,.0f XADD/s, plain pipelined XADD loop on the same server%n", xaddRate(jobs));
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
