package io.imgdiff.queue;

import io.imgdiff.item.ItemInput;
import io.imgdiff.item.StageName;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Small builders shared by the queue tests. */
final class QueueTestSupport {

    static final List<StageName> ALL = List.of(StageName.values());

    private QueueTestSupport() {
    }

    /** Submits a run of {@code n} items {@code i0000, i0001, ...} entering at {@code entry}. */
    static RunInfo submit(RunRepository runs, String run, StageName entry, int n) {
        RunInfo info = new RunInfo(run, Instant.ofEpochMilli(System.currentTimeMillis()), entry, n,
                Map.of("filter.min-cos", "0.9"));
        Map<String, ItemInput> items = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            items.put(itemId(i), ItemInput.ofCaption("a cat on a sofa " + i));
        }
        runs.submit(info, items);
        return info;
    }

    static String itemId(int i) {
        return String.format("i%04d", i);
    }

    /** Reads exactly one job of {@code stage}, waiting for it to arrive. */
    static Job readOne(JobQueue queue, String consumer, StageName stage) {
        List<Job> jobs = await().atMost(Duration.ofSeconds(5))
                .until(() -> queue.read(consumer, List.of(stage), 1, Duration.ofMillis(100)), l -> !l.isEmpty());
        assertEquals(1, jobs.size());
        assertEquals(stage, jobs.get(0).stage());
        return jobs.get(0);
    }
}
