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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.imgdiff.queue.QueueTestSupport.ALL;
import static io.imgdiff.queue.QueueTestSupport.submit;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Several consumer threads push 1,000 items through all five stages, with drops, transient and permanent failures
 * and a consumer that takes jobs and vanishes; every item must finish exactly once and the counters must add up.
 * Also prints how many pass() calls per second one thread achieves (not asserted).
 */
@QuarkusTest
class QueueConcurrencyIT extends QueueITBase {

    private static final int ITEMS = 1000;
    private static final int WORKERS = 4;

    private final Map<String, AtomicInteger> endings = new ConcurrentHashMap<>();

    @Test
    void everyItemEndsExactlyOnceAndCountersAddUp() throws Exception {
        runLoad(false);
    }

    @Test
    void everyItemEndsExactlyOnceWhenEachReadBatchIsFinishedWithOneScriptCall() throws Exception {
        runLoad(true);
    }

    private void runLoad(boolean batched) throws Exception {
        submit(runs, "load", StageName.EDIT, ITEMS);
        List<Job> abandoned = queue.read("crashed", List.of(StageName.EDIT), 5, Duration.ZERO);
        assertEquals(5, abandoned.size());

        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            String consumer = "w" + w;
            workers.add(pool.submit(() -> work(consumer, batched)));
        }
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> runs.status("load").orElseThrow().complete());
        pool.shutdown();
        assertEquals(true, pool.awaitTermination(30, TimeUnit.SECONDS));
        for (Future<?> f : workers) {
            f.get();
        }

        assertEquals(ITEMS, endings.size());
        endings.forEach((item, n) -> assertEquals(1, n.get(), "item " + item + " ended " + n + " times"));
        checkCounters(runs.status("load").orElseThrow());
        checkItems();
    }

    @Test
    void measurePassThroughputOfOneThread() {
        int n = 2000;
        submit(runs, "bench", StageName.EDIT, n);
        List<Job> jobs = new ArrayList<>(n);
        while (jobs.size() < n) {
            jobs.addAll(queue.read("bench", List.of(StageName.EDIT), 500, Duration.ZERO));
        }
        String output = "{\"captionA\":\"a cat on a sofa\",\"captionB\":\"a dog on a sofa\","
                + "\"changedA\":[\"cat\"],\"changedB\":[\"dog\"]}";
        long start = System.nanoTime();
        for (Job j : jobs) {
            queue.pass(j, output);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("pass() throughput, one thread: %d calls in %.2f s = %.0f calls/s%n", n, seconds,
                n / seconds);
        assertEquals(n, runs.status("bench").orElseThrow().stages().get(StageName.GENERATE).queued());
    }

    /**
     * One consumer: read, act by the item's number, until the run is complete; {@code batched} finishes all jobs of
     * a read with one {@link JobQueue#finish} call, otherwise each with its own call.
     */
    private void work(String consumer, boolean batched) {
        while (!runs.status("load").orElseThrow().complete()) {
            queue.promoteDueRetries();
            List<Job> jobs = new ArrayList<>(queue.reclaim(consumer, ALL, 16));
            jobs.addAll(queue.read(consumer, ALL, 16, Duration.ofMillis(100)));
            if (!batched) {
                jobs.forEach(this::act);
                continue;
            }
            List<Finish> finishes = jobs.stream().map(QueueConcurrencyIT::decide).toList();
            for (Finished f : queue.finish(finishes)) {
                assertEquals(null, f.refused());
                if (endsItem(f.finish())) {
                    end(f.finish().job(), f.outcome());
                }
            }
        }
    }

    /** The same verdicts as {@link #act}, as finishes. */
    private static Finish decide(Job job) {
        int i = Integer.parseInt(job.item().substring(1));
        if (job.stage() == StageName.GENERATE && i % 101 == 0) {
            return new Finish.Fail(job, "prompt rejected by the generator", true);
        } else if (job.stage() == StageName.FILTER && i % 10 == 3) {
            return new Finish.Drop(job, "similarity", "{\"cosine\":0.99,\"minCos\":0.9,\"maxCos\":0.98}");
        } else if (job.stage() == StageName.DETECT && i % 17 == 0 && job.attempt() == 1) {
            return new Finish.Fail(job, "model server timed out", false);
        }
        return new Finish.Pass(job, "{}");
    }

    private static boolean endsItem(Finish f) {
        return f instanceof Finish.Drop || (f instanceof Finish.Fail x && x.permanent())
                || (f instanceof Finish.Pass && f.job().stage() == StageName.CAPTION);
    }

    private void act(Job job) {
        int i = Integer.parseInt(job.item().substring(1));
        if (job.stage() == StageName.GENERATE && i % 101 == 0) {
            end(job, queue.fail(job, "prompt rejected by the generator", true));
        } else if (job.stage() == StageName.FILTER && i % 10 == 3) {
            end(job, queue.drop(job, "similarity", "{\"cosine\":0.99,\"minCos\":0.9,\"maxCos\":0.98}"));
        } else if (job.stage() == StageName.DETECT && i % 17 == 0 && job.attempt() == 1) {
            queue.fail(job, "model server timed out", false);
        } else {
            Outcome o = queue.pass(job, "{}");
            if (job.stage() == StageName.CAPTION) {
                end(job, o);
            }
        }
    }

    private void end(Job job, Outcome outcome) {
        if (outcome == Outcome.APPLIED) {
            endings.computeIfAbsent(job.item(), k -> new AtomicInteger()).incrementAndGet();
        }
    }

    private void checkCounters(RunStatus status) {
        long failed = count(i -> i % 101 == 0);
        long dropped = count(i -> i % 101 != 0 && i % 10 == 3);
        assertEquals(failed, status.failed());
        assertEquals(dropped, status.dropped());
        assertEquals(ITEMS - failed - dropped, status.done());
        long entering = ITEMS;
        for (StageName s : StageName.values()) {
            StageCounts c = status.stages().get(s);
            assertEquals(entering, c.queued(), s + " queued");
            assertEquals(0, c.inStage(), s + " still holds items");
            assertEquals(c.queued(), c.passed() + c.droppedTotal() + c.failed(), s + " does not add up");
            entering = c.passed();
        }
        assertEquals(count(i -> i % 101 != 0 && i % 10 != 3 && i % 17 == 0),
                status.stages().get(StageName.DETECT).retries());
        assertEquals(ITEMS - failed - dropped, status.stages().get(StageName.CAPTION).passed());
    }

    private void checkItems() {
        AtomicInteger seen = new AtomicInteger();
        runs.forEachItem("load", item -> {
            seen.incrementAndGet();
            assertEquals(expected(Integer.parseInt(item.id().substring(1))), item.status(), item.id());
        });
        assertEquals(ITEMS, seen.get());
        Item failed = runs.item("load", QueueTestSupport.itemId(0)).orElseThrow();
        assertEquals("prompt rejected by the generator", failed.error());
        assertEquals(count(i -> i % 101 == 0), queue.deadLetters("load", ITEMS).size());
    }

    private static ItemStatus expected(int i) {
        return i % 101 == 0 ? ItemStatus.FAILED : i % 10 == 3 ? ItemStatus.DROPPED : ItemStatus.DONE;
    }

    private static long count(java.util.function.IntPredicate p) {
        return java.util.stream.IntStream.range(0, ITEMS).filter(p).count();
    }
}
