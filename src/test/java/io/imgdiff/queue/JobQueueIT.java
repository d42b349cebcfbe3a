package io.imgdiff.queue;

import io.imgdiff.item.FilterOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.StageName;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.imgdiff.queue.QueueTestSupport.ALL;
import static io.imgdiff.queue.QueueTestSupport.readOne;
import static io.imgdiff.queue.QueueTestSupport.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Job life cycle on a real redis-server: pass, drop, stale deliveries, release, malformed entries. */
@QuarkusTest
class JobQueueIT extends QueueITBase {

    @Test
    void passChainsTheItemToTheNextStageAndCountsOnce() {
        submit(runs, "r1", StageName.FILTER, 1);
        Job job = readOne(queue, "w1", StageName.FILTER);

        assertEquals(Outcome.APPLIED, queue.pass(job, "{\"cosine\":0.95,\"minCos\":0.9,\"maxCos\":0.98}"));

        Item item = runs.item("r1", job.item()).orElseThrow();
        assertEquals(new FilterOutput(0.95, 0.9, 0.98), item.filter());
        assertEquals(StageName.DETECT, item.stage());
        assertEquals(ItemStatus.QUEUED, item.status());
        Job next = readOne(queue, "w1", StageName.DETECT);
        assertEquals(job.item(), next.item());
        assertEquals(1, next.attempt());
        RunStatus status = runs.status("r1").orElseThrow();
        assertEquals(1, status.stages().get(StageName.FILTER).queued());
        assertEquals(1, status.stages().get(StageName.FILTER).passed());
        assertEquals(0, status.stages().get(StageName.FILTER).inStage());
        assertEquals(1, status.stages().get(StageName.DETECT).queued());
        assertEquals(0, status.finished());
        assertEquals(0, pendingOf(StageName.FILTER));
    }

    @Test
    void secondPassOfTheSameDeliveryIsStaleAndChangesNothing() {
        submit(runs, "r1", StageName.CAPTION, 1);
        Job job = readOne(queue, "w1", StageName.CAPTION);
        assertEquals(Outcome.APPLIED, queue.pass(job, "{\"regions\":[],\"rejected\":[]}"));
        Map<String, String> counters = ds.hash(String.class).hgetall(keys.counters("r1"));
        Map<String, String> item = ds.hash(String.class).hgetall(keys.item("r1", job.item()));

        assertEquals(Outcome.STALE, queue.pass(job, "{\"regions\":[{}],\"rejected\":[]}"));
        assertEquals(Outcome.STALE, queue.drop(job, "late", null));
        assertEquals(Outcome.STALE, queue.fail(job, "late", true));
        assertEquals(Outcome.STALE, queue.release(job));

        assertEquals(counters, ds.hash(String.class).hgetall(keys.counters("r1")));
        assertEquals(item, ds.hash(String.class).hgetall(keys.item("r1", job.item())));
        assertEquals(ItemStatus.DONE, runs.item("r1", job.item()).orElseThrow().status());
        assertEquals(1, runs.status("r1").orElseThrow().done());
        assertTrue(queue.deadLetters(null, 10).isEmpty());
        assertTrue(queue.read("w2", ALL, 10, Duration.ZERO).isEmpty());
    }

    @Test
    void dropEndsTheItemWithItsReasonAndCountsIt() {
        submit(runs, "r1", StageName.FILTER, 1);
        Job job = readOne(queue, "w1", StageName.FILTER);

        assertEquals(Outcome.APPLIED, queue.drop(job, "similarity", "{\"cosine\":0.995,\"minCos\":0.9,\"maxCos\":0.98}"));

        Item item = runs.item("r1", job.item()).orElseThrow();
        assertEquals(ItemStatus.DROPPED, item.status());
        assertEquals("similarity", item.reason());
        assertEquals(0.995, item.filter().cosine());
        RunStatus status = runs.status("r1").orElseThrow();
        assertEquals(Map.of("similarity", 1L), status.stages().get(StageName.FILTER).dropped());
        assertEquals(1, status.dropped());
        assertTrue(status.complete());
        assertTrue(queue.read("w1", ALL, 10, Duration.ZERO).isEmpty());
    }

    @Test
    void dropRejectsAReasonThatWouldBreakTheCounterKey() {
        submit(runs, "r1", StageName.FILTER, 1);
        Job job = readOne(queue, "w1", StageName.FILTER);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> queue.drop(job, "a:b", null));

        assertTrue(e.getMessage().contains("'a:b'"), e.getMessage());
        assertEquals(1, pendingOf(StageName.FILTER));
    }

    @Test
    void releasePutsTheSameAttemptBackForAnotherWorker() {
        submit(runs, "r1", StageName.EDIT, 1);
        Job job = readOne(queue, "w1", StageName.EDIT);

        assertEquals(Outcome.APPLIED, queue.release(job));
        assertEquals(Outcome.STALE, queue.release(job));

        Job again = readOne(queue, "w2", StageName.EDIT);
        assertEquals(job.item(), again.item());
        assertEquals(job.attempt(), again.attempt());
        assertNotEquals(job.entryId(), again.entryId());
        assertEquals(Outcome.STALE, queue.pass(job, "{}"));
        assertEquals(Outcome.APPLIED, queue.pass(again, "{\"captionA\":\"a\",\"captionB\":\"b\"}"));
        assertEquals(1, runs.status("r1").orElseThrow().stages().get(StageName.EDIT).passed());
    }

    @Test
    void malformedEntriesAreDeadLetteredWithoutStoppingTheReader() {
        submit(runs, "r1", StageName.EDIT, 1);
        String stream = keys.stream(StageName.EDIT);
        ds.stream(String.class).xadd(stream, Map.of("run", "r1", "attempt", "1"));
        ds.stream(String.class).xadd(stream, Map.of("run", "r1", "item", "x", "attempt", "zero"));
        ds.stream(String.class).xadd(stream, Map.of("run", "../etc", "item", "x", "attempt", "1"));

        List<Job> jobs = queue.read("w1", ALL, 10, Duration.ZERO);

        assertEquals(List.of("i0000"), jobs.stream().map(Job::item).toList());
        List<DeadLetter> dead = queue.deadLetters(null, 10);
        assertEquals(3, dead.size());
        assertContains(dead.get(0).error(), "missing field 'item'", stream);
        assertContains(dead.get(1).error(), "attempt 'zero' is not an integer >= 1");
        assertContains(dead.get(2).error(), "run '../etc' is invalid");
        assertEquals(1, pendingOf(StageName.EDIT));
        assertEquals(0, queue.retryDeadLetters(null, List.of()));
    }

    @Test
    void passOfAnUnknownItemNamesScriptStreamRunAndItem() {
        Job ghost = new Job(StageName.DETECT, "1-0", "nope", "ghost", 1);

        QueueException e = assertThrows(QueueException.class, () -> queue.pass(ghost, "{}"));

        assertEquals(QueueError.ITEM_NOT_FOUND, e.error());
        assertContains(e.getMessage(), "pass-4", keys.stream(StageName.DETECT), "'nope'", "'ghost'");
    }

    @Test
    void scriptsAreReloadedAfterScriptFlush() {
        submit(runs, "r1", StageName.CAPTION, 2);
        List<Job> jobs = queue.read("w1", ALL, 10, Duration.ZERO);
        assertEquals(Outcome.APPLIED, queue.pass(jobs.get(0), "{}"));

        ds.execute("SCRIPT", "FLUSH");

        assertEquals(Outcome.APPLIED, queue.pass(jobs.get(1), "{}"));
        assertEquals(2, runs.status("r1").orElseThrow().done());
    }

    static void assertContains(String text, String... parts) {
        for (String p : parts) {
            assertTrue(text.contains(p), "expected '" + p + "' in: " + text);
        }
    }

    private long pendingOf(StageName stage) {
        return queue.streamStats().get(stage).pending();
    }
}
