package io.imgdiff.cli;

import io.imgdiff.testing.RedisSecurity;
import io.imgdiff.testing.SecureRedisProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A wrong Redis password is one line naming the address and the settings to fix, never the password. */
@QuarkusMainTest
@TestProfile(SecureRedisProfile.WrongPassword.class)
class RedisWrongPasswordCliIT {

    @Test
    void wrongPasswordIsOneLine(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("runs");
        assertEquals(1, r.exitCode());
        CliIT.assertOneLine(r, "imgdiff runs: Redis at redis://127.0.0.1:");
        CliIT.assertOneLine(r, "refused the credentials");
        String all = r.getErrorOutput() + r.getOutput();
        assertFalse(all.contains(SecureRedisProfile.WrongPassword.WRONG), all);
        assertFalse(all.contains(RedisSecurity.PASSWORD), all);
    }
}
