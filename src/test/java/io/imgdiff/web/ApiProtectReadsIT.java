package io.imgdiff.web;

import io.imgdiff.testing.RedisServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** {@code imgdiff.api.protect-reads=true}: reads need the token as well; health probes never do. */
@QuarkusTest
@QuarkusTestResource(RedisServerResource.class)
@TestProfile(ApiTokenProfile.ProtectReads.class)
class ApiProtectReadsIT {

    @Test
    void readsNeedTheTokenHealthDoesNot() {
        given().get("/api/runs").then().statusCode(401).body("field", equalTo("Authorization"));
        given().get("/api/dead-letters").then().statusCode(401);
        given().get("/runs/x/gallery").then().statusCode(401);
        given().header("Authorization", "Bearer " + ApiTokenProfile.TOKEN).get("/api/runs").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
    }
}
