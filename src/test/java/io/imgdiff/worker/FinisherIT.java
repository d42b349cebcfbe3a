package io.imgdiff.worker;

import io.imgdiff.item.ItemInput;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.StageName;
import io.imgdiff.queue.Finish;
import io.imgdiff.queue.Job;
import io.imgdiff.queue.JobQueue;
import io.imgdiff.queue.RunInfo;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.testing.RedisServerResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The finisher's flush rules against a real redis-server: a lone outcome waits for the linger and no longer (while
 * other jobs still run), a full batch goes at once, an idle worker's outcome goes at once, close() writes the rest.
 */
@QuarkusTest
@QuarkusTestResource(RedisServerResource.class)
class FinisherIT {

    private static final Duration HOUR = Duration.ofHours(1);

    @Inject
    JobQueue queue;

    @Inject
    RunRepository runs;

    @Inject
    RedisDataSource redis;

    /** Nanos at which each job's finish was reported written. */
    private final Map<String, Long> writtenAt = new ConcurrentHashMap<>();
    private final List<Finisher> finishers = new ArrayList<>();

    @BeforeEach
    void clean() {
        redis.flushall();
        queue.ensureGroups();
    }

    @AfterEach
    void close() {
        finishers.forEach(f -> f.close(Duration.ofSeconds(1)));
    }

    @Test
    void aLoneOutcomeWaitsForTheLingerWhileOtherJobsRunThenIsWritten() {
        List<Job> jobs = submitAndRead("linger", 1);
        Duration linger = Duration.ofMillis(400);
        Finisher f = finisher(linger, 100, () -> true);

        long offered = System.nanoTime();
        f.offer(new Finish.Pass(jobs.get(0), "{}"), offered);

        await().atMost(Duration.ofSeconds(10)).until(() -> writtenAt.containsKey(jobs.get(0).item()));
        long waited = writtenAt.get(jobs.get(0).item()) - offered;
        assertTrue(waited >= linger.toNanos(), "written after " + waited / 1e6 + " ms, before the linger");
        assertEquals(ItemStatus.DONE, status("linger", jobs.get(0)));
        assertEquals(0, f.buffered());
    }

    @Test
    void aOneMillisecondLingerKeepsLoneOutcomesMoving() {
        List<Job> jobs = submitAndRead("short", 100);
        Finisher f = finisher(Duration.ofMillis(1), 1000, () -> true);

        long[] waited = new long[jobs.size()];
        for (int i = 0; i < jobs.size(); i++) {
            Job j = jobs.get(i);
            long offered = System.nanoTime();
            f.offer(new Finish.Pass(j, "{}"), offered);
            await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> writtenAt.containsKey(j.item()));
            waited[i] = writtenAt.get(j.item()) - offered;
        }
        // Each outcome went alone: the batch never filled and other jobs were said to be running throughout, so only
        // the linger released it. Median, not maximum: this machine is shared and a stall is not the linger's fault.
        java.util.Arrays.sort(waited);
        assertTrue(waited[waited.length / 2] < Duration.ofMillis(50).toNanos(),
                "median wait " + waited[waited.length / 2] / 1e6 + " ms with a 1 ms linger");
        assertEquals(100, runs.status("short").orElseThrow().done());
    }

    @Test
    void aFullBatchIsWrittenWithoutWaitingForTheLinger() {
        List<Job> jobs = submitAndRead("full", 5);
        Finisher f = finisher(HOUR, 5, () -> true);

        for (int i = 0; i < 4; i++) {
            f.offer(new Finish.Pass(jobs.get(i), "{}"), System.nanoTime());
        }
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> f.buffered() == 4);
        assertTrue(writtenAt.isEmpty());
        f.offer(new Finish.Drop(jobs.get(4), "no-box", null), System.nanoTime());

        await().atMost(Duration.ofSeconds(10)).until(() -> writtenAt.size() == 5);
        assertEquals(4, runs.status("full").orElseThrow().done());
        assertEquals(1, runs.status("full").orElseThrow().dropped());
    }

    @Test
    void anOutcomeIsWrittenAtOnceWhenNoOtherJobIsInProgress() {
        List<Job> jobs = submitAndRead("idle", 2);
        AtomicBoolean othersRunning = new AtomicBoolean(true);
        Finisher f = finisher(HOUR, 100, othersRunning::get);

        f.offer(new Finish.Pass(jobs.get(0), "{}"), System.nanoTime());
        f.offer(new Finish.Pass(jobs.get(1), "{}"), System.nanoTime());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> f.buffered() == 2);
        othersRunning.set(false);
        f.poke();

        await().atMost(Duration.ofSeconds(10)).until(() -> writtenAt.size() == 2);
        assertEquals(2, runs.status("idle").orElseThrow().done());
    }

    @Test
    void closeWritesWhatIsBufferedAndLaterOffersAreAppliedByTheirCaller() {
        List<Job> jobs = submitAndRead("close", 3);
        Finisher f = finisher(HOUR, 100, () -> true);
        f.offer(new Finish.Pass(jobs.get(0), "{}"), System.nanoTime());
        f.offer(new Finish.Fail(jobs.get(1), "no model", true), System.nanoTime());
        assertEquals(2, f.buffered());

        f.close(Duration.ofSeconds(5));

        assertEquals(0, f.buffered());
        assertEquals(ItemStatus.DONE, status("close", jobs.get(0)));
        assertEquals(ItemStatus.FAILED, status("close", jobs.get(1)));
        f.offer(new Finish.Pass(jobs.get(2), "{}"), System.nanoTime());
        assertEquals(ItemStatus.DONE, status("close", jobs.get(2)));
        assertEquals(3, writtenAt.size());
    }

    private Finisher finisher(Duration linger, int maxBatch, java.util.function.BooleanSupplier others) {
        Finisher f = new Finisher(queue, linger, maxBatch, others, new Finisher.Sink() {
            @Override
            public void finished(Finish finish, JobRunner.Verdict verdict, long readNanos, long doneNanos) {
                writtenAt.put(finish.job().item(), doneNanos);
            }

            @Override
            public void abandoned(Job job, String why) {
                throw new AssertionError("abandoned " + job + ": " + why);
            }
        }, "finisher-test");
        finishers.add(f);
        f.start();
        return f;
    }

    private List<Job> submitAndRead(String run, int n) {
        Map<String, ItemInput> items = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            items.put(String.format("i%04d", i), ItemInput.ofCaption("caption " + i));
        }
        runs.submit(new RunInfo(run, Instant.now(), StageName.CAPTION, n, Map.of()), items);
        List<Job> jobs = new ArrayList<>();
        while (jobs.size() < n) {
            jobs.addAll(queue.read("finisher-test", List.of(StageName.CAPTION), n, Duration.ZERO));
        }
        return jobs;
    }

    private ItemStatus status(String run, Job job) {
        return runs.item(run, job.item()).orElseThrow().status();
    }
}
