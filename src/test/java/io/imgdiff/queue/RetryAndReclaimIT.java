package io.imgdiff.queue;

import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.StageName;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.imgdiff.queue.JobQueueIT.assertContains;
import static io.imgdiff.queue.QueueTestSupport.readOne;
import static io.imgdiff.queue.QueueTestSupport.submit;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries with backoff, dead letters, and taking over jobs of silent consumers (visibility timeout). */
@QuarkusTest
class RetryAndReclaimIT extends QueueITBase {

    private static final List<StageName> DETECT = List.of(StageName.DETECT);

    @Test
    void aJobFailingEveryTimeIsDeadLetteredAfterMaxAttemptsThenRetriedToCompletion() {
        submit(runs, "r1", StageName.DETECT, 1);
        int max = config.queue().maxAttempts();
        Job job = readOne(queue, "w1", StageName.DETECT);
        for (int attempt = 1; attempt < max; attempt++) {
            assertEquals(attempt, job.attempt());
            assertEquals(Outcome.APPLIED, queue.fail(job, "model server down #" + attempt, false));
            assertEquals(ItemStatus.QUEUED, runs.item("r1", job.item()).orElseThrow().status());
            job = awaitRetry();
        }
        assertEquals(Outcome.APPLIED, queue.fail(job, "model server down #" + max, false));

        DeadLetter letter = queue.deadLetters("r1", 10).get(0);
        assertEquals(StageName.DETECT, letter.stage());
        assertEquals(max, letter.attempts());
        assertEquals("model server down #" + max, letter.error());
        assertEquals(max, letter.history().size());
        assertEquals("attempt 1: model server down #1", letter.history().get(0));
        Item failed = runs.item("r1", job.item()).orElseThrow();
        assertEquals(ItemStatus.FAILED, failed.status());
        assertEquals("model server down #" + max, failed.error());
        StageCounts counts = runs.status("r1").orElseThrow().stages().get(StageName.DETECT);
        assertEquals(1, counts.failed());
        assertEquals(max - 1, counts.retries());
        assertEquals(1, runs.status("r1").orElseThrow().failed());

        assertEquals(1, queue.retryDeadLetters("r1", List.of()));
        assertTrue(queue.deadLetters(null, 10).isEmpty());
        assertEquals(0, runs.status("r1").orElseThrow().failed());
        Job again = readOne(queue, "w2", StageName.DETECT);
        assertEquals(1, again.attempt());
        assertEquals(Outcome.APPLIED, queue.pass(again, "{\"boxes\":[],\"rejected\":[]}"));
        RunStatus status = runs.status("r1").orElseThrow();
        assertEquals(1, status.stages().get(StageName.DETECT).queued());
        assertEquals(1, status.stages().get(StageName.DETECT).passed());
        assertEquals(0, status.stages().get(StageName.DETECT).failed());
        assertEquals(0, status.stages().get(StageName.DETECT).inStage());
        assertNull(runs.item("r1", job.item()).orElseThrow().error());
    }

    @Test
    void aPermanentFailureDeadLettersAtOnce() {
        submit(runs, "r1", StageName.DETECT, 1);
        Job job = readOne(queue, "w1", StageName.DETECT);

        assertEquals(Outcome.APPLIED, queue.fail(job, "image A is truncated: 10 of 3000 bytes", true));

        List<DeadLetter> dead = queue.deadLetters(null, 10);
        assertEquals(1, dead.size());
        assertEquals(1, dead.get(0).attempts());
        assertEquals(0, runs.status("r1").orElseThrow().stages().get(StageName.DETECT).retries());
        assertEquals(0, queue.streamStats().get(StageName.DETECT).delayedRetries());
        assertEquals(0, queue.promoteDueRetries());
        assertEquals(ItemStatus.FAILED, runs.item("r1", job.item()).orElseThrow().status());
        assertEquals(1, queue.retryDeadLetters(null, List.of(dead.get(0).id())));
        assertEquals(0, queue.retryDeadLetters(null, List.of(dead.get(0).id())));
    }

    @Test
    void anUnackedJobIsReclaimedByAnotherConsumerAfterTheVisibilityTimeout() {
        submit(runs, "r1", StageName.DETECT, 1);
        Job lost = readOne(queue, "a", StageName.DETECT);
        assertTrue(queue.reclaim("b", DETECT, 10).isEmpty(), "reclaimed before the visibility timeout");

        List<Job> taken = await().atMost(config.queue().visibilityTimeout().multipliedBy(3))
                .until(() -> queue.reclaim("b", DETECT, 10), l -> !l.isEmpty());

        assertEquals(1, taken.size());
        assertEquals(lost.entryId(), taken.get(0).entryId());
        assertEquals(Outcome.APPLIED, queue.pass(taken.get(0), "{\"boxes\":[],\"rejected\":[]}"));
        assertEquals(Outcome.STALE, queue.pass(lost, "{\"boxes\":[],\"rejected\":[]}"));
        assertEquals(1, runs.status("r1").orElseThrow().stages().get(StageName.DETECT).passed());
    }

    @Test
    void renewKeepsARunningJobFromBeingReclaimed() {
        submit(runs, "r1", StageName.DETECT, 1);
        Job running = readOne(queue, "a", StageName.DETECT);
        Duration visibility = config.queue().visibilityTimeout();

        await().during(visibility.plusSeconds(1)).atMost(visibility.multipliedBy(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    queue.renew("a", List.of(running));
                    return queue.reclaim("b", DETECT, 10).isEmpty();
                });

        assertEquals(Outcome.APPLIED, queue.pass(running, "{\"boxes\":[],\"rejected\":[]}"));
    }

    @Test
    void aJobDeliveredTooOftenIsDeadLetteredAsProbablyCrashed() {
        submit(runs, "r1", StageName.DETECT, 1);
        Job job = readOne(queue, "a", StageName.DETECT);
        int max = config.queue().maxAttempts();
        // as if it had been reclaimed max-1 more times and sat idle well past the visibility timeout
        ds.execute("XCLAIM", keys.stream(StageName.DETECT), config.queue().group(), "a", "0", job.entryId(),
                "IDLE", "600000", "RETRYCOUNT", Integer.toString(max));

        assertTrue(queue.reclaim("b", DETECT, 10).isEmpty());

        DeadLetter letter = queue.deadLetters(null, 10).get(0);
        assertEquals(max + 1, letter.attempts());
        assertContains(letter.error(), "delivered " + (max + 1) + " times without finishing",
                "probably crashed");
        assertEquals(ItemStatus.FAILED, runs.item("r1", job.item()).orElseThrow().status());
        assertEquals(0, queue.streamStats().get(StageName.DETECT).pending());
        assertEquals(Outcome.STALE, queue.pass(job, "{}"));
    }

    private Job awaitRetry() {
        return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            queue.promoteDueRetries();
            List<Job> jobs = queue.read("w1", DETECT, 1, Duration.ZERO);
            return jobs.isEmpty() ? null : jobs.get(0);
        }, j -> j != null);
    }
}
