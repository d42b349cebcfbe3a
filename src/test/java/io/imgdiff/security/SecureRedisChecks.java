package io.imgdiff.security;

import io.imgdiff.config.RunSettings;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.StageName;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.queue.RunStatus;
import io.imgdiff.submit.RunSubmitter;
import io.imgdiff.submit.SubmitInput;
import io.imgdiff.submit.SubmitItem;
import io.imgdiff.worker.WorkerLoop;
import io.imgdiff.worker.WorkerService;
import io.quarkus.arc.Arc;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every secured-Redis test shows: submit, a worker pass through every stage, readiness up, the REST reads. */
final class SecureRedisChecks {

    private SecureRedisChecks() {
    }

    private static <T> T bean(Class<T> type) {
        return Arc.container().instance(type).get();
    }

    /** Submits three captions as {@code run}, runs one worker over every stage until the run is complete. */
    static RunStatus submitAndWork(String run) {
        List<SubmitItem> items = List.of(
                new SubmitItem("a", ItemInput.ofCaption("a cat next to a dog in a park"), null, null),
                new SubmitItem("b", ItemInput.ofCaption("a red car next to a bus on a street"), null, null),
                new SubmitItem("c", ItemInput.ofCaption("a cup next to a bowl on a table"), null, null));
        bean(RunSubmitter.class).submit(run, new SubmitInput(StageName.EDIT, items), RunSettings.parseOverrides(
                List.of("generate.width=128", "generate.height=128", "seed=5")));
        WorkerLoop loop = bean(WorkerService.class).create(EnumSet.allOf(StageName.class), 2, false);
        Thread t = new Thread(loop::run, "secure-redis-worker");
        t.start();
        try {
            RunRepository runs = bean(RunRepository.class);
            RunStatus status = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> runs.status(run).orElseThrow(), RunStatus::complete);
            assertEquals(3, status.finished(), "every item should end: " + status);
            // a command the user may not run fails its job, which ends FAILED after its retries
            assertEquals(0, status.failed(), "no item may fail (a NOPERM would): " + status);
            assertTrue(status.done() >= 1, "at least one item should pass every stage: " + status);
            return status;
        } finally {
            loop.stop();
        }
    }

    /** Readiness is up and the REST API reads the run through the same client. */
    static void apiReadsAndReady(String run) {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/api/runs/" + run).then().statusCode(200);
        given().get("/api/runs").then().statusCode(200);
    }
}
