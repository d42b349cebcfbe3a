package io.imgdiff.queue;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.item.FilterOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.StageName;
import io.imgdiff.testing.RedisServerResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.imgdiff.queue.QueueTestSupport.ALL;
import static io.imgdiff.queue.QueueTestSupport.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Job life cycle on a real redis-server: pass, drop, stale deliveries, release, malformed entries. */
@QuarkusTest
@QuarkusTestResource(RedisServerResource.class)
class JobQueueIT {

    @Inject
    JobQueue queue;
    @Inject
    RunRepository runs;
    @Inject
    RedisDataSource ds;
    @Inject
    StreamKeys keys;
    @Inject
    ImgdiffConfig config;

    @BeforeEach
    void flush() {
        ds.flushall();
        queue.ensureGroups();
    }

    @Test
    void passChainsTheItemToTheNextStageAndCountsOnce() {
        submit(runs, "r1", StageName.FILTER, 1);
        Job job = readOne("w1", StageName.FILTER);

        assertThat(queue.pass(job, "{\"cosine\":0.95,\"minCos\":0.9,\"maxCos\":0.98}")).isEqualTo(Outcome.APPLIED);

        Item item = runs.item("r1", job.item()).orElseThrow();
        assertThat(item.filter()).isEqualTo(new FilterOutput(0.95, 0.9, 0.98));
        assertThat(item.stage()).isEqualTo(StageName.DETECT);
        assertThat(item.status()).isEqualTo(ItemStatus.QUEUED);
        Job next = readOne("w1", StageName.DETECT);
        assertThat(next.item()).isEqualTo(job.item());
        assertThat(next.attempt()).isEqualTo(1);
        RunStatus status = runs.status("r1").orElseThrow();
        assertThat(status.stages().get(StageName.FILTER).passed()).isEqualTo(1);
        assertThat(status.stages().get(StageName.FILTER).inStage()).isZero();
        assertThat(status.stages().get(StageName.DETECT).queued()).isEqualTo(1);
        assertThat(pendingOf(StageName.FILTER)).isZero();
    }

    @Test
    void secondPassOfTheSameDeliveryIsStaleAndChangesNothing() {
        submit(runs, "r1", StageName.CAPTION, 1);
        Job job = readOne("w1", StageName.CAPTION);
        assertThat(queue.pass(job, "{\"regions\":[],\"rejected\":[]}")).isEqualTo(Outcome.APPLIED);
        Map<String, String> before = ds.hash(String.class).hgetall(keys.counters("r1"));

        assertThat(queue.pass(job, "{\"regions\":[],\"rejected\":[]}")).isEqualTo(Outcome.STALE);
        assertThat(queue.drop(job, "late", null)).isEqualTo(Outcome.STALE);
        assertThat(queue.fail(job, "late", true)).isEqualTo(Outcome.STALE);

        assertThat(ds.hash(String.class).hgetall(keys.counters("r1"))).isEqualTo(before);
        assertThat(runs.item("r1", job.item()).orElseThrow().status()).isEqualTo(ItemStatus.DONE);
        assertThat(runs.status("r1").orElseThrow().done()).isEqualTo(1);
        assertThat(queue.deadLetters(null, 10)).isEmpty();
    }

    @Test
    void dropEndsTheItemWithItsReasonAndCountsIt() {
        submit(runs, "r1", StageName.FILTER, 1);
        Job job = readOne("w1", StageName.FILTER);

        assertThat(queue.drop(job, "similarity", "{\"cosine\":0.995,\"minCos\":0.9,\"maxCos\":0.98}"))
                .isEqualTo(Outcome.APPLIED);

        Item item = runs.item("r1", job.item()).orElseThrow();
        assertThat(item.status()).isEqualTo(ItemStatus.DROPPED);
        assertThat(item.reason()).isEqualTo("similarity");
        assertThat(item.filter().cosine()).isEqualTo(0.995);
        RunStatus status = runs.status("r1").orElseThrow();
        assertThat(status.stages().get(StageName.FILTER).dropped()).containsExactly(Map.entry("similarity", 1L));
        assertThat(status.dropped()).isEqualTo(1);
        assertThat(status.complete()).isTrue();
        assertThat(queue.read("w1", ALL, 10, Duration.ZERO)).isEmpty();
    }

    @Test
    void releasePutsTheSameAttemptBackForAnotherWorker() {
        submit(runs, "r1", StageName.EDIT, 1);
        Job job = readOne("w1", StageName.EDIT);

        assertThat(queue.release(job)).isEqualTo(Outcome.APPLIED);
        assertThat(queue.release(job)).isEqualTo(Outcome.STALE);

        Job again = readOne("w2", StageName.EDIT);
        assertThat(again.item()).isEqualTo(job.item());
        assertThat(again.attempt()).isEqualTo(job.attempt());
        assertThat(again.entryId()).isNotEqualTo(job.entryId());
        assertThat(queue.pass(job, "{}")).isEqualTo(Outcome.STALE);
        assertThat(queue.pass(again, "{\"captionA\":\"a\",\"captionB\":\"b\",\"changedA\":[],\"changedB\":[]}"))
                .isEqualTo(Outcome.APPLIED);
    }

    @Test
    void malformedEntriesAreDeadLetteredWithoutStoppingTheReader() {
        submit(runs, "r1", StageName.EDIT, 1);
        String stream = keys.stream(StageName.EDIT);
        ds.stream(String.class).xadd(stream, Map.of("run", "r1", "attempt", "1"));
        ds.stream(String.class).xadd(stream, Map.of("run", "r1", "item", "x", "attempt", "zero"));
        ds.stream(String.class).xadd(stream, Map.of("run", "../etc", "item", "x", "attempt", "1"));

        List<Job> jobs = queue.read("w1", ALL, 10, Duration.ZERO);

        assertThat(jobs).extracting(Job::item).containsExactly("i0000");
        List<DeadLetter> dead = queue.deadLetters(null, 10);
        assertThat(dead).hasSize(3);
        assertThat(dead.get(0).error()).contains("missing field 'item'").contains(stream);
        assertThat(dead.get(1).error()).contains("attempt 'zero' is not an integer >= 1");
        assertThat(dead.get(2).error()).contains("run '../etc' is invalid");
        assertThat(pendingOf(StageName.EDIT)).isEqualTo(1);
        assertThat(queue.retryDeadLetters(null, List.of())).isZero();
    }

    @Test
    void passOfAnUnknownItemNamesScriptStreamRunAndItem() {
        Job ghost = new Job(StageName.DETECT, "1-0", "nope", "ghost", 1);

        QueueException e = org.junit.jupiter.api.Assertions.assertThrows(QueueException.class,
                () -> queue.pass(ghost, "{}"));

        assertThat(e.error()).isEqualTo(QueueError.ITEM_NOT_FOUND);
        assertThat(e.getMessage()).contains("pass-4", keys.stream(StageName.DETECT), "'nope'", "'ghost'");
    }

    @Test
    void scriptsAreReloadedAfterScriptFlush() {
        submit(runs, "r1", StageName.CAPTION, 2);
        List<Job> jobs = queue.read("w1", ALL, 10, Duration.ZERO);
        assertThat(queue.pass(jobs.get(0), "{}")).isEqualTo(Outcome.APPLIED);

        ds.execute("SCRIPT", "FLUSH");

        assertThat(queue.pass(jobs.get(1), "{}")).isEqualTo(Outcome.APPLIED);
        assertThat(runs.status("r1").orElseThrow().done()).isEqualTo(2);
    }

    private Job readOne(String consumer, StageName stage) {
        List<Job> jobs = await().atMost(Duration.ofSeconds(5))
                .until(() -> queue.read(consumer, List.of(stage), 1, Duration.ofMillis(100)), l -> !l.isEmpty());
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).stage()).isEqualTo(stage);
        return jobs.get(0);
    }

    private long pendingOf(StageName stage) {
        return queue.streamStats().get(stage).pending();
    }
}
