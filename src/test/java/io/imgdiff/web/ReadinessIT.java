package io.imgdiff.web;

import io.imgdiff.testing.DeadRedisProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Readiness is down while Redis is unreachable; liveness stays up (restarting would not help). */
@QuarkusTest
@TestProfile(DeadRedisProfile.class)
class ReadinessIT {

    @Test
    void readyIsDownLiveIsUp() {
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
