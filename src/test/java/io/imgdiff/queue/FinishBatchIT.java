package io.imgdiff.queue;

import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.StageName;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static io.imgdiff.queue.JobQueueIT.assertContains;
import static io.imgdiff.queue.QueueTestSupport.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** finishBatch-1: many jobs finished in one script call, each guarded by its own XACK; pipelined item reads. */
@QuarkusTest
class FinishBatchIT extends QueueITBase {

    private static final List<StageName> FILTER = List.of(StageName.FILTER);

    @Test
    void aBatchMixingPassDropFailAndAStaleEntryFinishesEachAndReportsTheStaleOne() {
        submit(runs, "r1", StageName.FILTER, 5);
        List<Job> jobs = read(5);
        Job stale = jobs.get(4);
        assertEquals(Outcome.APPLIED, queue.pass(stale, "{\"cosine\":0.95,\"minCos\":0.9,\"maxCos\":0.98}"));
        Map<String, String> staleItem = hash(keys.item("r1", stale.item()));

        List<Finished> results = queue.finish(List.of(
                new Finish.Pass(jobs.get(0), "{\"cosine\":0.93,\"minCos\":0.9,\"maxCos\":0.98}"),
                new Finish.Drop(jobs.get(1), "too-similar", "{\"cosine\":0.99,\"minCos\":0.9,\"maxCos\":0.98}"),
                new Finish.Fail(jobs.get(2), "model server returned 503", false),
                new Finish.Fail(jobs.get(3), "image B is truncated", true),
                new Finish.Pass(stale, "{\"cosine\":0.5,\"minCos\":0.9,\"maxCos\":0.98}")));

        assertEquals(List.of(Outcome.APPLIED, Outcome.APPLIED, Outcome.APPLIED, Outcome.APPLIED, Outcome.STALE),
                results.stream().map(Finished::outcome).toList());
        results.forEach(r -> assertNull(r.refused()));
        Item passed = item(jobs.get(0));
        assertEquals(0.93, passed.filter().cosine());
        assertEquals(StageName.DETECT, passed.stage());
        assertEquals(ItemStatus.QUEUED, passed.status());
        Item dropped = item(jobs.get(1));
        assertEquals(ItemStatus.DROPPED, dropped.status());
        assertEquals("too-similar", dropped.reason());
        assertEquals(ItemStatus.QUEUED, item(jobs.get(2)).status()); // waiting for its retry
        assertEquals(1, queue.streamStats().get(StageName.FILTER).delayedRetries());
        Item failed = item(jobs.get(3));
        assertEquals(ItemStatus.FAILED, failed.status());
        assertEquals("image B is truncated", failed.error());
        assertEquals(staleItem, hash(keys.item("r1", stale.item()))); // the stale finish changed nothing

        RunStatus status = runs.status("r1").orElseThrow();
        StageCounts filter = status.stages().get(StageName.FILTER);
        assertEquals(5, filter.queued());
        assertEquals(2, filter.passed());
        assertEquals(Map.of("too-similar", 1L), filter.dropped());
        assertEquals(1, filter.failed());
        assertEquals(1, filter.retries());
        assertEquals(2, status.stages().get(StageName.DETECT).queued());
        assertEquals(1, status.failed());
        assertEquals(1, status.dropped());
        List<DeadLetter> dead = queue.deadLetters("r1", 10);
        assertEquals(1, dead.size());
        assertEquals(jobs.get(3).item(), dead.get(0).item());
        assertEquals(0, queue.streamStats().get(StageName.FILTER).pending());
        assertEquals(2, queue.read("w2", List.of(StageName.DETECT), 10, Duration.ZERO).size());
    }

    @Test
    void repeatingABatchIsStaleForEveryJobAndChangesNothing() {
        submit(runs, "r1", StageName.CAPTION, 3);
        List<Job> jobs = queue.read("w1", List.of(StageName.CAPTION), 3, Duration.ZERO);
        List<Finish> batch = List.of(new Finish.Pass(jobs.get(0), "{}"), new Finish.Drop(jobs.get(1), "no-box", null),
                new Finish.Fail(jobs.get(2), "boom", true));
        assertTrue(queue.finish(batch).stream().allMatch(r -> r.outcome() == Outcome.APPLIED));
        Map<String, String> counters = hash(keys.counters("r1"));
        long deadLetters = queue.deadLetters(null, 10).size();

        List<Finished> again = queue.finish(batch);

        assertTrue(again.stream().allMatch(r -> r.outcome() == Outcome.STALE), again.toString());
        assertEquals(counters, hash(keys.counters("r1")));
        assertEquals(deadLetters, queue.deadLetters(null, 10).size());
        assertTrue(runs.status("r1").orElseThrow().complete());
    }

    @Test
    void aRefusedOrFailingJobDoesNotStopTheOthers() {
        submit(runs, "r1", StageName.FILTER, 3);
        List<Job> jobs = read(3);
        Job ghost = new Job(StageName.FILTER, jobs.get(0).entryId(), "r1", "ghost", 1);
        // a history that is not JSON makes the fail's cjson.decode raise inside the script
        ds.hash(String.class).hset(keys.item("r1", jobs.get(1).item()), "history:filter", "not json");

        List<Finished> results = queue.finish(List.of(new Finish.Pass(ghost, "{}"),
                new Finish.Fail(jobs.get(1), "flaky", false), new Finish.Pass(jobs.get(2), "{}")));

        assertEquals(QueueError.ITEM_NOT_FOUND, results.get(0).refused().error());
        assertContains(results.get(0).refused().getMessage(), "finishBatch-1", "'ghost'");
        assertEquals(QueueError.SCRIPT_ERROR, results.get(1).refused().error());
        assertContains(results.get(1).refused().getMessage(), jobs.get(1).item());
        assertEquals(Outcome.APPLIED, results.get(2).outcome());
        assertEquals(StageName.DETECT, item(jobs.get(2)).stage());
        // the refused job is still pending and can be finished normally
        assertEquals(Outcome.APPLIED, queue.pass(jobs.get(0), "{}"));
    }

    @Test
    void aFailAtTheLastAttemptDeadLettersInsideABatch() {
        submit(runs, "r1", StageName.FILTER, 1);
        Job first = read(1).get(0);
        int max = config.queue().maxAttempts();
        Job last = new Job(first.stage(), first.entryId(), first.run(), first.item(), max);

        List<Finished> results = queue.finish(List.of(new Finish.Fail(last, "still down", false)));

        assertEquals(Outcome.APPLIED, results.get(0).outcome());
        assertEquals(ItemStatus.FAILED, item(first).status());
        assertEquals(max, queue.deadLetters("r1", 10).get(0).attempts());
        assertEquals(0, queue.streamStats().get(StageName.FILTER).delayedRetries());
    }

    @Test
    void moreJobsThanOneScriptCallTakesAreAllFinishedInOrder() {
        int n = JobQueue.FINISH_BATCH_MAX + 10;
        submit(runs, "r1", StageName.CAPTION, n);
        List<Job> jobs = new ArrayList<>();
        while (jobs.size() < n) {
            jobs.addAll(queue.read("w1", List.of(StageName.CAPTION), 500, Duration.ZERO));
        }

        List<Finished> results = queue.finish(jobs.stream().map(j -> (Finish) new Finish.Pass(j, "{}")).toList());

        assertEquals(n, results.size());
        for (int i = 0; i < n; i++) {
            assertEquals(jobs.get(i), results.get(i).finish().job());
            assertEquals(Outcome.APPLIED, results.get(i).outcome());
        }
        assertEquals(n, runs.status("r1").orElseThrow().done());
    }

    @Test
    void aBatchOfItemsIsReadInOrderAndAMissingOneIsEmpty() {
        submit(runs, "r1", StageName.FILTER, 3);
        List<Job> jobs = new ArrayList<>(read(3));
        jobs.add(1, new Job(StageName.FILTER, "1-0", "r1", "ghost", 1));
        ds.hash(String.class).hset(keys.item("r1", jobs.get(3).item()), "filter", "{broken");

        List<Supplier<Optional<Item>>> items = runs.items(jobs);

        assertEquals(4, items.size());
        assertEquals(runs.item("r1", jobs.get(0).item()), items.get(0).get());
        assertTrue(items.get(1).get().isEmpty());
        assertEquals(runs.item("r1", jobs.get(2).item()), items.get(2).get());
        RuntimeException e = assertThrows(RuntimeException.class, () -> items.get(3).get());
        assertContains(e.getMessage(), "field 'filter'", jobs.get(3).item());
    }

    private List<Job> read(int n) {
        List<Job> jobs = queue.read("w1", FILTER, n, Duration.ZERO);
        assertEquals(n, jobs.size());
        return jobs;
    }

    private Item item(Job job) {
        return runs.item(job.run(), job.item()).orElseThrow();
    }

    private Map<String, String> hash(String key) {
        return ds.hash(String.class).hgetall(key);
    }
}
