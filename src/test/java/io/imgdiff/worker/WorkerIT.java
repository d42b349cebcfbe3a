package io.imgdiff.worker;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.item.CaptionOutput;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.StageName;
import io.imgdiff.queue.DeadLetter;
import io.imgdiff.queue.Job;
import io.imgdiff.queue.JobQueue;
import io.imgdiff.queue.RunInfo;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.queue.StageCounts;
import io.imgdiff.queue.StreamKeys;
import io.imgdiff.stage.Stage;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import io.imgdiff.store.ObjectStoreUnavailableException;
import io.imgdiff.testing.RedisServerResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker loop against a real redis-server: reclaim, retries, dead letters, SIGTERM, burst, bad jobs, stopping
 * with buffered outcomes, and a Redis outage while outcomes wait to be written.
 */
@QuarkusTest
@QuarkusTestResource(RedisServerResource.class)
class WorkerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final CaptionOutput EMPTY = new CaptionOutput(List.of(), List.of());

    @Inject
    WorkerService workers;

    @Inject
    JobQueue queue;

    @Inject
    RunRepository runs;

    @Inject
    RedisDataSource redis;

    @Inject
    ImgdiffConfig config;

    @Inject
    io.imgdiff.store.ObjectStore store;

    private final List<WorkerLoop> started = new java.util.ArrayList<>();

    @BeforeEach
    void clean() {
        redis.flushall();
        queue.ensureGroups();
    }

    @AfterEach
    void stopLoops() {
        started.forEach(WorkerLoop::stop);
    }

    @Test
    void jobOfADeadWorkerIsReclaimedAndCompletedByAnother() {
        submit("reclaim", 1);
        Job taken = queue.read("dead-worker", List.of(StageName.CAPTION), 1, Duration.ofSeconds(1)).get(0);
        AtomicInteger runsOfStage = new AtomicInteger();
        start(stage(ctx -> {
            runsOfStage.incrementAndGet();
            return StageResult.pass(EMPTY);
        }), 1, false);
        await().atMost(WAIT).until(() -> status("reclaim", taken.item()) == ItemStatus.DONE);
        assertEquals(1, runsOfStage.get());
        assertEquals(1, runs.status("reclaim").orElseThrow().done());
    }

    @Test
    void failingJobIsDeadLetteredAfterMaxAttemptsAndRetriedOnceFixed() {
        submit("flaky", 1);
        AtomicBoolean fixed = new AtomicBoolean();
        AtomicInteger attempts = new AtomicInteger();
        start(stage(ctx -> {
            attempts.incrementAndGet();
            if (!fixed.get()) {
                throw new IllegalStateException("model server returned 503");
            }
            return StageResult.pass(EMPTY);
        }), 1, false);
        await().atMost(WAIT).until(() -> status("flaky", "i0000") == ItemStatus.FAILED);
        int max = config.queue().maxAttempts();
        assertEquals(max, attempts.get());
        DeadLetter letter = queue.deadLetters("flaky", 10).get(0);
        assertEquals(max, letter.attempts());
        assertTrue(letter.error().contains("model server returned 503"), letter.error());
        assertEquals(max, letter.history().size());

        fixed.set(true);
        assertEquals(1, queue.retryDeadLetters("flaky", List.of()));
        await().atMost(WAIT).until(() -> status("flaky", "i0000") == ItemStatus.DONE);
        StageCounts c = runs.status("flaky").orElseThrow().stages().get(StageName.CAPTION);
        assertEquals(1, c.passed());
        assertEquals(0, c.failed());
        assertTrue(queue.deadLetters("flaky", 10).isEmpty());
    }

    @Test
    void anObjectStoreOutageLongerThanEveryAttemptFailsNoItemAndSpendsNoAttempt() {
        submit("s3-down", 1);
        AtomicBoolean down = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        start(stage(ctx -> {
            if (down.get()) {
                refused.incrementAndGet();
                // as a stage sees it: the store's exception, maybe wrapped by the stage's own code
                throw new IllegalStateException("cannot read image A", new ObjectStoreUnavailableException("get",
                        "s3://imgdiff/", "runs/s3-down/a.png", new java.net.ConnectException("Connection refused")));
            }
            return StageResult.pass(EMPTY);
        }), 2, false);
        int max = config.queue().maxAttempts();
        await().atMost(WAIT).until(() -> refused.get() > max); // more outage meetings than the item has attempts
        assertEquals(0, runs.status("s3-down").orElseThrow().failed());
        down.set(false);
        await().atMost(WAIT).until(() -> runs.status("s3-down").orElseThrow().done() == 1);
        StageCounts c = runs.status("s3-down").orElseThrow().stages().get(StageName.CAPTION);
        assertEquals(0, c.failed());
        assertEquals(0, c.retries()); // no attempt was spent on the outage
        assertTrue(queue.deadLetters("s3-down", 10).isEmpty());
        String error = runs.item("s3-down", "i0000").orElseThrow().error();
        assertTrue(error == null || error.isEmpty(), error); // nothing was recorded against the item
    }

    @Test
    void sigtermDuringABatchLosesNoJob() throws Exception {
        submit("term", 6);
        CountDownLatch release = new CountDownLatch(1);
        Set<String> entered = ConcurrentHashMap.newKeySet();
        WorkerLoop blocked = workers.create(EnumSet.of(StageName.CAPTION), 2, false,
                Map.of(StageName.CAPTION, stage(ctx -> {
                    entered.add(ctx.itemId());
                    release.await();
                    return StageResult.pass(EMPTY);
                })), (j, v, r, d) -> { });
        Thread t = new Thread(() -> workers.runUntilSignalled(blocked));
        t.start();
        await().atMost(WAIT).until(() -> blocked.inFlight() == 2);
        Signal.raise(new Signal("TERM"));
        t.join(WAIT.toMillis()); // returns once the grace period ran out and the two jobs were released
        assertTrue(!t.isAlive(), "worker did not stop after SIGTERM");
        release.countDown(); // the abandoned threads now finish; their late acks must change nothing

        AtomicInteger processed = new AtomicInteger();
        start(stage(ctx -> {
            processed.incrementAndGet();
            return StageResult.pass(EMPTY);
        }), 2, false);
        await().atMost(WAIT).until(() -> runs.status("term").orElseThrow().done() == 6);
        assertEquals(2, entered.size());
        assertEquals(6, processed.get()); // the 2 released + the 4 never read
        assertEquals(6, runs.status("term").orElseThrow().stages().get(StageName.CAPTION).passed());
    }

    @Test
    void burstWorkerExitsZeroOnceStreamsStayEmpty() throws Exception {
        submit("burst", 3);
        WorkerLoop loop = workers.create(EnumSet.of(StageName.CAPTION), 2, true,
                Map.of(StageName.CAPTION, stage(ctx -> StageResult.pass(EMPTY))), (j, v, r, d) -> { });
        AtomicInteger exit = new AtomicInteger(-1);
        Thread t = new Thread(() -> exit.set(loop.run()));
        t.start();
        t.join(WAIT.toMillis());
        assertEquals(0, exit.get());
        assertEquals(3, runs.status("burst").orElseThrow().done());
    }

    @Test
    void malformedJobAndUnknownItemFailAloneWhileOthersComplete() {
        submit("mixed", 2);
        StreamKeys keys = new StreamKeys(config);
        redis.stream(String.class).xadd(keys.stream(StageName.CAPTION), Map.of("garbage", "1"));
        redis.stream(String.class).xadd(keys.stream(StageName.CAPTION),
                Map.of("run", "mixed", "item", "ghost", "attempt", "1"));
        start(stage(ctx -> StageResult.pass(EMPTY)), 2, false);
        await().atMost(WAIT).until(() -> runs.status("mixed").orElseThrow().done() == 2
                && queue.deadLetters(null, 10).size() == 2);
        List<String> errors = queue.deadLetters(null, 10).stream().map(DeadLetter::error).toList();
        assertTrue(errors.stream().anyMatch(e -> e.contains("ghost")), errors.toString());
    }

    @Test
    void workerSurvivesARedisOutageAndServesJobsAfterIt() {
        Thread t = passingCaptionWorker("test-worker");
        t.start();
        // while Redis is down, reads fail; the loop must keep retrying instead of exiting
        RedisServerResource.outage(() -> await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(t::isAlive));
        assertServesAfterTheOutage(t, "after-outage");
    }

    /** A worker that starts while Redis is down (a pod scheduled before Redis is back) waits, then serves. */
    @Test
    void workerStartedDuringARedisOutageServesJobsAfterIt() {
        Thread t = passingCaptionWorker("test-worker-started-in-outage");
        RedisServerResource.outage(() -> {
            t.start();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(t::isAlive);
        });
        assertServesAfterTheOutage(t, "started-in-outage");
    }

    /** A one-thread caption worker passing every job, on a thread not yet started. */
    private Thread passingCaptionWorker(String threadName) {
        WorkerLoop loop = workers.create(EnumSet.of(StageName.CAPTION), 1, false,
                Map.of(StageName.CAPTION, stage(ctx -> StageResult.pass(EMPTY))), (j, v, r, d) -> { });
        started.add(loop);
        return new Thread(loop::run, threadName);
    }

    /** The new server is empty: the worker recreates its streams and groups by itself and serves a new run. */
    private void assertServesAfterTheOutage(Thread worker, String run) {
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            submit(run, 2);
            return true;
        });
        await().atMost(WAIT).ignoreExceptions().until(() -> runs.status(run).orElseThrow().done() == 2);
        assertTrue(worker.isAlive());
    }

    @Test
    void stoppingWithOutcomesInTheLingerBufferWritesThemAndReleasesTheRunningJob() throws Exception {
        submit("drain", 5);
        CountDownLatch hold = new CountDownLatch(1);
        Map<String, AtomicInteger> ran = new ConcurrentHashMap<>();
        Map<String, JobRunner.Verdict> verdicts = new ConcurrentHashMap<>();
        // a linger of an hour and room for 100: only stopping can write the four quick outcomes while i0000 runs
        WorkerLoop loop = workers.create(options("drain-worker", 2, Duration.ofHours(1), 100),
                Map.of(StageName.CAPTION, stage(ctx -> {
                    ran.computeIfAbsent(ctx.itemId(), k -> new AtomicInteger()).incrementAndGet();
                    if (ctx.itemId().equals("i0000")) {
                        hold.await();
                    }
                    return StageResult.pass(EMPTY);
                })), (j, v, r, d) -> verdicts.put(j.item() + "#" + j.entryId(), v));
        Thread t = new Thread(loop::run, "drain-worker");
        t.start();
        await().atMost(WAIT).until(() -> loop.buffered() == 4);
        assertEquals(0, runs.status("drain").orElseThrow().done()); // buffered, not written

        loop.stop();
        t.join(WAIT.toMillis());
        assertTrue(!t.isAlive(), "worker did not stop");
        hold.countDown(); // i0000 was released; its late finish must be STALE

        assertEquals(4, runs.status("drain").orElseThrow().done());
        assertEquals(4, verdicts.values().stream().filter(v -> v == JobRunner.Verdict.PASSED).count());
        await().atMost(WAIT).until(() -> verdicts.values().contains(JobRunner.Verdict.STALE));
        AtomicInteger processed = new AtomicInteger();
        start(stage(ctx -> {
            processed.incrementAndGet();
            assertEquals("i0000", ctx.itemId());
            return StageResult.pass(EMPTY);
        }), 1, false);
        await().atMost(WAIT).until(() -> runs.status("drain").orElseThrow().done() == 5);
        assertEquals(1, processed.get());
        StageCounts c = runs.status("drain").orElseThrow().stages().get(StageName.CAPTION);
        assertEquals(5, c.passed());
        assertEquals(0, c.inStage());
        ran.forEach((item, n) -> assertEquals(1, n.get(), item + " ran " + n + " times in the stopped worker"));
    }

    @Test
    void outcomesBufferedDuringARedisOutageAreKeptAndWrittenWhenItReturns() {
        submit("outage", 4);
        CountDownLatch proceed = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        Map<String, JobRunner.Verdict> verdicts = new ConcurrentHashMap<>();
        WorkerLoop loop = workers.create(EnumSet.of(StageName.CAPTION), 4, false,
                Map.of(StageName.CAPTION, stage(ctx -> {
                    ran.incrementAndGet();
                    proceed.await();
                    return StageResult.pass(EMPTY);
                })), (j, v, r, d) -> verdicts.put(j.item(), v));
        started.add(loop);
        new Thread(loop::run, "outage-worker").start();
        await().atMost(WAIT).until(() -> loop.inFlight() == 4 && ran.get() == 4);

        // Redis goes down with the four jobs pending; they finish meanwhile, and writing their outcomes fails
        RedisServerResource.outageKeepingData(() -> {
            proceed.countDown();
            await().atMost(WAIT).until(() -> loop.buffered() == 4);
            await().pollDelay(Duration.ofMillis(500)).until(() -> true); // at least one failed write
            assertEquals(4, loop.buffered());
        });

        // the worker kept them and writes them once Redis is back: each item ends once, no job ran twice
        await().atMost(WAIT).ignoreExceptions().until(() -> runs.status("outage").orElseThrow().done() == 4);
        await().atMost(WAIT).until(() -> loop.held() == 0);
        assertEquals(4, ran.get());
        assertEquals(Map.of("i0000", JobRunner.Verdict.PASSED, "i0001", JobRunner.Verdict.PASSED,
                "i0002", JobRunner.Verdict.PASSED, "i0003", JobRunner.Verdict.PASSED), verdicts);
        assertEquals(4, runs.status("outage").orElseThrow().stages().get(StageName.CAPTION).passed());
    }

    @Test
    void readAheadFollowsStageSpeedSoSlowJobsStayInTheStreamForOtherWorkers() {
        submit("speed", 8);
        WorkerLoop slow = workers.create(EnumSet.of(StageName.CAPTION), 2, false,
                Map.of(StageName.CAPTION, stage(ctx -> {
                    Thread.sleep(50);
                    return StageResult.pass(EMPTY);
                })), (j, v, r, d) -> { });
        started.add(slow);
        assertEquals(0, slow.readAhead()); // nothing measured yet: read only for free threads
        new Thread(slow::run, "slow-worker").start();
        await().atMost(WAIT).until(() -> runs.status("speed").orElseThrow().done() >= 3);
        // 50 ms per job is far beyond the 2 ms horizon: still no read-ahead, so at most the two running jobs
        // (and outcomes being written) are held, and the rest waits in the stream for any worker
        assertEquals(0, slow.readAhead());
        long delivered = 8 - queue.streamStats().get(StageName.CAPTION).lag();
        long done = runs.status("speed").orElseThrow().done(); // read second: it can only have grown
        assertTrue(delivered <= done + 2 + 2, "delivered " + delivered + " with " + done + " done");
        slow.stop();

        submit("fast", 200);
        WorkerLoop fast = workers.create(EnumSet.of(StageName.CAPTION), 2, false,
                Map.of(StageName.CAPTION, stage(ctx -> StageResult.pass(EMPTY))), (j, v, r, d) -> { });
        started.add(fast);
        new Thread(fast::run, "fast-worker").start();
        await().atMost(WAIT).until(() -> runs.status("fast").orElseThrow().done() == 200);
        assertTrue(fast.readAhead() > 0, "a no-op stage should read ahead");
    }

    /**
     * A stage that reads stored objects gets read-ahead (prefetch-ahead 1 per thread) although it is slow, and the
     * objects of a waiting job are fetched while another computes: the job gets exactly the stored bytes.
     */
    @Test
    void objectsOfWaitingJobsAreFetchedWhileOthersComputeAndArriveIntact() {
        submit("prefetch", 12);
        for (int i = 0; i < 12; i++) {
            String id = String.format("i%04d", i);
            store.put("prefetch-test/" + id + "/a", (id + ":a").getBytes(), "text/plain");
            store.put("prefetch-test/" + id + "/b", (id + ":b").getBytes(), "text/plain");
        }
        Stage reading = new Stage() {
            @Override
            public StageName name() {
                return StageName.CAPTION;
            }

            @Override
            public List<String> reads(io.imgdiff.item.Item item) {
                return List.of("prefetch-test/" + item.id() + "/a", "prefetch-test/" + item.id() + "/b");
            }

            @Override
            public StageResult process(StageContext ctx) throws Exception {
                Thread.sleep(30); // slow: far beyond the 2 ms speed horizon of plain read-ahead
                for (String side : new String[] {"a", "b"}) {
                    String got = new String(ctx.store().require("prefetch-test/" + ctx.itemId() + "/" + side));
                    if (!got.equals(ctx.itemId() + ":" + side)) {
                        throw new io.imgdiff.item.BadInputException("got '" + got + "' for " + ctx.itemId());
                    }
                }
                return StageResult.pass(EMPTY);
            }
        };
        WorkerLoop loop = workers.create(EnumSet.of(StageName.CAPTION), 1, false,
                Map.of(StageName.CAPTION, reading), (j, v, r, d) -> { });
        started.add(loop);
        new Thread(loop::run, "prefetch-worker").start();
        await().atMost(WAIT).until(() -> runs.status("prefetch").orElseThrow().finished() == 12);
        assertEquals(12, runs.status("prefetch").orElseThrow().done());
        assertEquals(1, loop.readAhead(), "one job per thread read ahead for its objects");
        assertTrue(loop.prefetched() >= 2, "objects handed over by the prefetch: " + loop.prefetched());
    }

    private WorkerLoop.Options options(String consumer, int concurrency, Duration linger, int finishBatch) {
        ImgdiffConfig.QueueConfig q = config.queue();
        return new WorkerLoop.Options(consumer, EnumSet.of(StageName.CAPTION), concurrency, q.batchSize(),
                q.readAhead(), q.prefetchAhead(), linger, finishBatch, q.block(), q.heartbeat(), q.maintenanceInterval(),
                q.consumerIdleTimeout(), false, config.worker().burstIdle(), config.worker().shutdownGrace());
    }

    private void submit(String run, int n) {
        Map<String, ItemInput> items = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            items.put(String.format("i%04d", i), ItemInput.ofCaption("caption " + i));
        }
        runs.submit(new RunInfo(run, Instant.now(), StageName.CAPTION, n, Map.of()), items);
    }

    private ItemStatus status(String run, String item) {
        return runs.item(run, item).orElseThrow().status();
    }

    private void start(Stage stage, int concurrency, boolean burst) {
        WorkerLoop loop = workers.create(EnumSet.of(stage.name()), concurrency, burst, Map.of(stage.name(), stage),
                (j, v, r, d) -> { });
        started.add(loop);
        new Thread(loop::run, "test-worker").start();
    }

    interface Body {
        StageResult apply(StageContext ctx) throws Exception;
    }

    private static Stage stage(Body body) {
        return new Stage() {
            @Override
            public StageName name() {
                return StageName.CAPTION;
            }

            @Override
            public StageResult process(StageContext ctx) throws Exception {
                return body.apply(ctx);
            }
        };
    }
}
