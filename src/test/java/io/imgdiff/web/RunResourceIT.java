package io.imgdiff.web;

import io.imgdiff.testing.RedisServerResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The REST API with REST Assured against a real redis-server. No worker runs: items stay queued. */
@QuarkusTest
@QuarkusTestResource(RedisServerResource.class)
class RunResourceIT {

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void clean() {
        redis.flushall();
    }

    @Test
    void submitCaptionsThenReadStatusAndItem() {
        given().contentType(ContentType.JSON)
                .body("{\"run\":\"api-1\",\"captions\":[\"a cat on a sofa\",\"a dog in a park\"],"
                        + "\"settings\":{\"filter.min-cos\":\"0.8\"}}")
                .post("/api/runs")
                .then().statusCode(201).header("Location", containsString("/api/runs/api-1"))
                .body("run", equalTo("api-1")).body("entry", equalTo("edit")).body("items", equalTo(2));

        given().get("/api/runs/api-1").then().statusCode(200)
                .body("run.items", equalTo(2))
                .body("run.settings.'imgdiff.stages.filter.min-cos'", equalTo("0.8"))
                .body("stages.EDIT.queued", equalTo(2));
        given().get("/api/runs/api-1/items/000002").then().statusCode(200)
                .body("input.caption", equalTo("a dog in a park")).body("status", equalTo("QUEUED"));
        given().get("/api/runs").then().statusCode(200).body("id", hasItem("api-1"));
    }

    @Test
    void runsComeAPageAtATimeNewestFirstWithTheTotalAndTheNextPage() throws InterruptedException {
        for (String run : new String[] {"page-1", "page-2", "page-3"}) {
            given().contentType(ContentType.JSON).body("{\"run\":\"" + run + "\",\"captions\":[\"a cat\"]}")
                    .post("/api/runs").then().statusCode(201);
            Thread.sleep(5); // runs are ordered by creation time in milliseconds
        }
        given().queryParam("limit", 2).get("/api/runs").then().statusCode(200)
                .header("X-Total-Count", "3")
                .header("Link", "</api/runs?offset=2&limit=2>; rel=\"next\"")
                .body("id", org.hamcrest.Matchers.contains("page-3", "page-2"));
        given().queryParam("offset", 2).queryParam("limit", 2).get("/api/runs").then().statusCode(200)
                .header("Link", org.hamcrest.Matchers.nullValue())
                .body("id", org.hamcrest.Matchers.contains("page-1"));
        given().queryParam("limit", 1001).get("/api/runs").then().statusCode(400).body("field", equalTo("limit"));
        given().queryParam("limit", 0).get("/api/runs").then().statusCode(400).body("field", equalTo("limit"));
        given().queryParam("offset", -1).get("/api/runs").then().statusCode(400).body("field", equalTo("offset"));
    }

    @Test
    void submitJsonlBodyOfCaptionPairs() {
        given().contentType("application/x-ndjson").queryParam("run", "api-2").queryParam("set", "detect.max-boxes=10")
                .body("{\"captionA\":\"a cat\",\"captionB\":\"a dog\"}\n{\"id\":\"x\",\"captionA\":\"a cup\",\"captionB\":\"a bowl\"}\n"
                        .getBytes(StandardCharsets.UTF_8))
                .post("/api/runs")
                .then().statusCode(201).body("entry", equalTo("generate")).body("items", equalTo(2));
        given().get("/api/runs/api-2/items/x").then().statusCode(200).body("input.captionB", equalTo("a bowl"));
    }

    @Test
    void submitBase64ImagePairsStoresThemForFilter() {
        String png = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        given().contentType(ContentType.JSON)
                .body("{\"run\":\"api-3\",\"images\":[{\"id\":\"p1\",\"imageA\":\"" + png + "\",\"imageB\":\"" + png + "\"}]}")
                .post("/api/runs")
                .then().statusCode(201).body("entry", equalTo("filter"));
        given().get("/api/runs/api-3/items/p1").then().statusCode(200)
                .body("input.imageA", equalTo("runs/api-3/items/p1/input_a.png"));
        given().get("/api/runs/api-3/items/p1/files/input_a.png").then().statusCode(200)
                .contentType("image/png");
    }

    @Test
    void validationErrorsAre400NamingTheField() {
        given().contentType(ContentType.JSON).body("{\"run\":\"../etc\",\"captions\":[\"a cat\"]}").post("/api/runs")
                .then().statusCode(400).body("field", equalTo("run")).body("error", containsString("invalid"));
        given().contentType(ContentType.JSON).body("{\"captions\":[\"a cat\"],\"settings\":{\"filter.min-cos\":\"high\"}}")
                .post("/api/runs")
                .then().statusCode(400).body("field", equalTo("settings")).body("error", containsString("min-cos"));
        given().contentType(ContentType.JSON).body("{\"captions\":[\"a cat\"],\"pairs\":[]}").post("/api/runs")
                .then().statusCode(400).body("error", containsString("exactly one"));
        given().contentType(ContentType.JSON).body("{\"captions\":[\"ok\",\" \"]}").post("/api/runs")
                .then().statusCode(400).body("field", equalTo("captions[1]"));
        given().contentType(ContentType.JSON).body("{\"images\":[{\"imageA\":\"%%%\",\"imageB\":\"AAAA\"}]}")
                .post("/api/runs")
                .then().statusCode(400).body("field", equalTo("images[0].imageA"));
        given().contentType("application/x-ndjson").body("{not json\n".getBytes(StandardCharsets.UTF_8)).post("/api/runs")
                .then().statusCode(400).body("field", equalTo("body")).body("error", containsString("line 1"));
        given().get("/api/dead-letters?max=0").then().statusCode(400).body("field", equalTo("max"));
    }

    @Test
    void existingRunIsRefused() {
        given().contentType(ContentType.JSON).body("{\"run\":\"twice\",\"captions\":[\"a cat\"]}").post("/api/runs")
                .then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"run\":\"twice\",\"captions\":[\"a cat\"]}").post("/api/runs")
                .then().statusCode(400).body("error", containsString("already exists"));
    }

    @Test
    void unknownRunOrItemIs404() {
        given().get("/api/runs/nope").then().statusCode(404).body("field", equalTo("run"));
        given().contentType(ContentType.JSON).body("{\"run\":\"r404\",\"captions\":[\"a cat\"]}").post("/api/runs")
                .then().statusCode(201);
        given().get("/api/runs/r404/items/none").then().statusCode(404).body("field", equalTo("item"));
        given().get("/api/runs/r404/items/000001/files/missing.png").then().statusCode(404);
    }

    @Test
    void healthAndMetricsAreServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("imgdiff_stream_lag"));
    }
}
