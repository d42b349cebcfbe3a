package io.imgdiff.web;

import io.imgdiff.testing.RedisServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** With {@code imgdiff.api.token} set: mutations need the bearer token, reads stay open, bodies are limited. */
@QuarkusTest
@QuarkusTestResource(RedisServerResource.class)
@TestProfile(ApiTokenProfile.class)
class ApiTokenIT {

    private static final String SUBMIT = "{\"run\":\"tok-1\",\"captions\":[\"a cat next to a dog\"]}";

    @Test
    void submitNeedsTheToken() {
        given().contentType(ContentType.JSON).body(SUBMIT).post("/api/runs").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401)).body("field", equalTo("Authorization"))
                .body("error", containsString("missing bearer token"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer not-" + ApiTokenProfile.TOKEN)
                .body(SUBMIT).post("/api/runs").then().statusCode(401)
                .body("error", equalTo("bearer token not accepted"))
                .body(not(containsString(ApiTokenProfile.TOKEN)));
        given().contentType(ContentType.JSON).header("Authorization", "Basic dXNlcjpwYXNz")
                .body(SUBMIT).post("/api/runs").then().statusCode(401).body("field", equalTo("Authorization"));
        // the JSONL submit is a mutation too
        given().contentType("application/x-ndjson").body("{\"caption\":\"a cup\"}".getBytes(StandardCharsets.UTF_8))
                .post("/api/runs").then().statusCode(401);
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + ApiTokenProfile.TOKEN)
                .body(SUBMIT).post("/api/runs").then().statusCode(201).body("run", equalTo("tok-1"));
    }

    @Test
    void readsStayOpenByDefaultAndHealthAlways() {
        given().get("/api/runs").then().statusCode(200);
        given().get("/api/dead-letters").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void oversizedBodyIs413WithTheJsonErrorBody() {
        String big = "{\"captions\":[\"" + "a".repeat(ApiTokenProfile.MAX_BODY + 1) + "\"]}";
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + ApiTokenProfile.TOKEN)
                .body(big).post("/api/runs").then().statusCode(413)
                .body("status", equalTo(413)).body("field", equalTo("body"))
                .body("error", containsString("over the limit of " + ApiTokenProfile.MAX_BODY + " bytes"));
    }

    @Test
    void malformedIdsInThePathAre400() {
        given().get("/api/runs/bad%20id").then().statusCode(400).body("field", equalTo("run"));
        given().get("/runs/bad%20id/gallery").then().statusCode(400).body("field", equalTo("run"));
    }
}
