package io.imgdiff.security;

import io.imgdiff.item.StageName;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.queue.RunStatus;
import io.imgdiff.testing.RedisSecurity;
import io.imgdiff.testing.S3ProxyResource;
import io.imgdiff.worker.WorkerLoop;
import io.imgdiff.worker.WorkerService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker and the API configured with every kind of secret, driven through failures (refused tokens, a model
 * server that answers 401 echoing the key, dead letters, missing objects): no secret appears in any error body, item
 * record, dead letter or log line.
 */
@QuarkusTest
@TestProfile(SecretsProfile.class)
class SecretLeakIT {

    private static final List<String> SECRETS = List.of(RedisSecurity.PASSWORD, SecretsProfile.API_TOKEN,
            SecretsProfile.OPENAI_KEY, S3ProxyResource.SECRET_KEY);

    @Inject
    WorkerService workers;

    @Inject
    RunRepository runs;

    @Test
    void noSecretInErrorsRecordsOrLogs() throws IOException {
        StringBuilder seen = new StringBuilder();
        String submit = "{\"run\":\"leak\",\"captions\":[\"a cat next to a dog\",\"a cup on a table\"],"
                + "\"settings\":{\"edit.backend\":\"openai\"}}";
        seen.append(given().contentType(ContentType.JSON).body(submit).post("/api/runs")
                .then().statusCode(401).extract().asString());
        seen.append(given().contentType(ContentType.JSON).header("Authorization", "Bearer x" + SecretsProfile.API_TOKEN)
                .body(submit).post("/api/runs").then().statusCode(401).extract().asString());
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + SecretsProfile.API_TOKEN)
                .body(submit).post("/api/runs").then().statusCode(201);

        WorkerLoop loop = workers.create(EnumSet.allOf(StageName.class), 2, false);
        new Thread(loop::run, "leak-worker").start();
        try {
            RunStatus status = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> runs.status("leak").orElseThrow(), RunStatus::complete);
            assertEquals(2, status.failed(), "the 401ing model server fails every item: " + status);
        } finally {
            loop.stop();
        }
        String letters = given().get("/api/dead-letters?run=leak").then().statusCode(200).extract().asString();
        assertTrue(letters.contains("401"), "dead letters should say what went wrong: " + letters);
        seen.append(letters);
        seen.append(given().get("/api/runs/leak/items/000001").then().statusCode(200).extract().asString());
        seen.append(given().get("/api/runs/leak/items/000001/files/nothing.png").then().statusCode(404)
                .extract().asString());
        seen.append(given().get("/api/runs/leak/items/bad%20id").then().statusCode(400).extract().asString());

        String log = Files.readString(Path.of(SecretsProfile.LOG));
        assertTrue(log.contains("refused POST /api/runs"), "the log file should hold this run's lines");
        for (String secret : SECRETS) {
            assertFalse(seen.toString().contains(secret), "secret in an API answer: " + secret + "\n" + seen);
            int at = log.indexOf(secret);
            assertTrue(at < 0, "secret in the log: " + (at < 0 ? "" : log.substring(Math.max(0, at - 300), at)));
        }
    }
}
