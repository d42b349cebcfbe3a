package io.imgdiff.queue;

import io.imgdiff.item.StageName;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.imgdiff.queue.QueueTestSupport.submit;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Trimming, consumer clean-up and stream figures. */
@QuarkusTest
class StreamMaintenanceIT extends QueueITBase {

    private static final StageName EDIT = StageName.EDIT;

    @Test
    void trimRemovesOnlyEntriesEveryGroupAcknowledged() {
        submit(runs, "r1", EDIT, 5);
        List<Job> read = queue.read("a", List.of(EDIT), 3, Duration.ZERO);
        queue.pass(read.get(0), "{}");
        queue.pass(read.get(2), "{}");

        assertEquals(1, queue.trim(EDIT), "only the first entry is acked below the lowest pending one");
        assertEquals(List.of(read.get(1).entryId(), read.get(2).entryId()), ids().subList(0, 2));
        assertEquals(4, ids().size());

        queue.pass(read.get(1), "{}");
        assertEquals(2, queue.trim(EDIT));
        assertEquals(2, ids().size(), "the two undelivered entries stay");
        assertEquals(0, queue.trim(EDIT));
        assertEquals(2, queue.read("b", List.of(EDIT), 10, Duration.ZERO).size());
    }

    @Test
    void trimWaitsForEveryGroup() {
        submit(runs, "r1", EDIT, 3);
        ds.execute("XGROUP", "CREATE", keys.stream(EDIT), "audit", "0");
        queue.read("a", List.of(EDIT), 3, Duration.ZERO).forEach(j -> queue.pass(j, "{}"));

        assertEquals(0, queue.trim(EDIT), "group 'audit' has not read anything yet");
        assertEquals(3, ids().size());

        ds.execute("XREADGROUP", "GROUP", "audit", "x", "COUNT", "2", "STREAMS", keys.stream(EDIT), ">");
        assertEquals(0, queue.trim(EDIT), "group 'audit' holds two pending entries");
        List<String> ids = ids();
        ds.execute("XACK", keys.stream(EDIT), "audit", ids.get(0));
        assertEquals(1, queue.trim(EDIT));
    }

    @Test
    void cleanupSparesConsumersWithPendingEntries() {
        submit(runs, "r1", EDIT, 1);
        assertEquals(1, queue.read("busy", List.of(EDIT), 1, Duration.ZERO).size());
        // a worker that once read and has nothing pending; an empty non-blocking read creates no consumer
        ds.execute("XGROUP", "CREATECONSUMER", keys.stream(EDIT), config.queue().group(), "idle");
        assertEquals(List.of("busy", "idle"), consumers());

        int deleted = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> queue.cleanupConsumers(EDIT, Duration.ofMillis(100)), n -> n > 0);

        assertEquals(1, deleted);
        assertEquals(List.of("busy"), consumers());
        assertEquals(1, queue.streamStats().get(EDIT).pending());
    }

    @Test
    void statsReportLengthLagPendingAndDelayedRetries() {
        submit(runs, "r1", EDIT, 5);
        List<Job> read = queue.read("a", List.of(EDIT), 2, Duration.ZERO);
        queue.fail(read.get(0), "flaky", false);

        StreamStats edit = queue.streamStats().get(EDIT);

        assertEquals(new StreamStats(5, 3, 1, 1), edit);
        assertEquals(new StreamStats(0, 0, 0, 0), queue.streamStats().get(StageName.CAPTION));
    }

    private List<String> ids() {
        List<String> out = new ArrayList<>();
        for (Response e : ds.execute("XRANGE", keys.stream(EDIT), "-", "+")) {
            out.add(e.get(0).toString());
        }
        return out;
    }

    private List<String> consumers() {
        List<String> out = new ArrayList<>();
        for (Response c : ds.execute("XINFO", "CONSUMERS", keys.stream(EDIT), config.queue().group())) {
            out.add(StreamMaintenance.fields(c).get("name").toString());
        }
        out.sort(String::compareTo);
        return out;
    }
}
