package io.imgdiff.queue;

import io.imgdiff.item.Item;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.StageName;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.imgdiff.queue.JobQueueIT.assertContains;
import static io.imgdiff.queue.QueueTestSupport.itemId;
import static io.imgdiff.queue.QueueTestSupport.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs and items: submit, records, counters, paging. */
@QuarkusTest
class RunRepositoryIT extends QueueITBase {

    @Test
    void submitWritesRunItemsCountersAndEnqueuesInBatches() {
        int n = RedisRunRepository.SUBMIT_BATCH + 7;
        RunInfo info = submit(runs, "big", StageName.EDIT, n);

        assertEquals(info, runs.run("big").orElseThrow());
        RunStatus status = runs.status("big").orElseThrow();
        assertEquals(n, status.stages().get(StageName.EDIT).queued());
        assertEquals(n, status.stages().get(StageName.EDIT).inStage());
        assertEquals(n, queue.streamStats().get(StageName.EDIT).lag());
        Item first = runs.item("big", itemId(0)).orElseThrow();
        assertEquals(new Item("big", itemId(0), StageName.EDIT, ItemInput.ofCaption("a cat on a sofa 0"),
                null, null, null, null, null, ItemStatus.QUEUED, StageName.EDIT, null, null), first);
    }

    @Test
    void submitRejectsAnExistingRunAndLeavesItUntouched() {
        submit(runs, "r1", StageName.EDIT, 2);

        QueueException e = assertThrows(QueueException.class, () -> submit(runs, "r1", StageName.FILTER, 3));

        assertEquals(QueueError.RUN_EXISTS, e.error());
        assertContains(e.getMessage(), "'r1'", "already exists");
        assertEquals(2, runs.run("r1").orElseThrow().items());
        assertEquals(2, queue.streamStats().get(StageName.EDIT).length());
        assertEquals(0, queue.streamStats().get(StageName.FILTER).length());
    }

    @Test
    void submitRejectsABadItemIdBeforeWritingAnything() {
        RunInfo info = new RunInfo("r2", Instant.now(), StageName.EDIT, 1, Map.of());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> runs.submit(info, Map.of("a b", ItemInput.ofCaption("x"))));

        assertContains(e.getMessage(), "item 'a b' is invalid");
        assertTrue(runs.run("r2").isEmpty());
    }

    @Test
    void forEachItemPagesInIdOrder() {
        submit(runs, "r1", StageName.EDIT, 450);
        List<String> seen = new ArrayList<>();

        runs.forEachItem("r1", item -> seen.add(item.id()));

        assertEquals(450, seen.size());
        List<String> sorted = new ArrayList<>(seen);
        sorted.sort(String::compareTo);
        assertEquals(sorted, seen);
        assertEquals(itemId(449), seen.get(449));
    }

    @Test
    void runsAreListedNewestFirstAndUnknownRunsAreEmpty() {
        runs.submit(new RunInfo("old", Instant.ofEpochMilli(1_000), StageName.EDIT, 0, Map.of()), Map.of());
        runs.submit(new RunInfo("new", Instant.ofEpochMilli(2_000), StageName.FILTER, 0, Map.of("k", "v")), Map.of());

        assertEquals(List.of("new", "old"), runs.runs().stream().map(RunInfo::id).toList());
        assertEquals(Map.of("k", "v"), runs.run("new").orElseThrow().settings());
        assertTrue(runs.status("nope").isEmpty());
        assertTrue(runs.item("old", "nope").isEmpty());
        assertTrue(runs.status("old").orElseThrow().complete());
        assertTrue(queue.read("w", List.of(StageName.values()), 10, Duration.ZERO).isEmpty());
    }
}
