package io.imgdiff.security;

import io.imgdiff.testing.RedisSecurity;
import io.imgdiff.testing.SecureRedisProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** A wrong Redis password takes readiness down (liveness stays up) and no password shows in the health body. */
@QuarkusTest
@TestProfile(SecureRedisProfile.WrongPassword.class)
class RedisWrongPasswordIT {

    @Test
    void readinessDownWithoutLeakingPasswords() {
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body(not(containsString(SecureRedisProfile.WrongPassword.WRONG)))
                .body(not(containsString(RedisSecurity.PASSWORD)));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
