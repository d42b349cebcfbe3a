package io.imgdiff.cli;

import io.imgdiff.testing.DeadRedisProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With Redis unreachable, CLI commands fail with one line naming the address. */
@QuarkusMainTest
@TestProfile(DeadRedisProfile.class)
class RedisDownIT {

    @Test
    void runsFailsWithOneLine(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("runs");
        assertEquals(1, r.exitCode());
        CliIT.assertOneLine(r, "imgdiff runs: cannot reach Redis at redis://127.0.0.1:");
    }
}
