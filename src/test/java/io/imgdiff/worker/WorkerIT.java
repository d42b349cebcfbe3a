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

/** The worker loop against a real redis-server: reclaim, retries, dead letters, SIGTERM, burst, bad jobs. */
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
        WorkerLoop loop = workers.create(EnumSet.of(StageName.CAPTION), 1, false,
                Map.of(StageName.CAPTION, stage(ctx -> StageResult.pass(EMPTY))), (j, v, r, d) -> { });
        started.add(loop);
        Thread t = new Thread(loop::run, "test-worker");
        t.start();
        // while Redis is down, reads fail; the loop must keep retrying instead of exiting
        RedisServerResource.outage(() -> await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(t::isAlive));
        // the new server is empty; the worker recreates its streams and groups by itself
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            submit("after-outage", 2);
            return true;
        });
        await().atMost(WAIT).ignoreExceptions()
                .until(() -> runs.status("after-outage").orElseThrow().done() == 2);
        assertTrue(t.isAlive());
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
