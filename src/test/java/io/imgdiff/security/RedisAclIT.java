package io.imgdiff.security;

import io.imgdiff.testing.SecureRedisProfile;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The least-privilege ACL user of {@code docs/redis-users.acl} (the default user off) runs the whole pipeline,
 * the REST reads and the health check, and is refused everything else.
 */
@QuarkusTest
@TestProfile(SecureRedisProfile.Acl.class)
class RedisAclIT {

    @Inject
    RedisDataSource redis;

    @Test
    void aclUserSubmitsAndWorksEveryStage() {
        SecureRedisChecks.submitAndWork("acl-run");
        SecureRedisChecks.apiReadsAndReady("acl-run");
    }

    @Test
    void aclUserIsRefusedWhatTheWorkerDoesNotNeed() {
        assertNoPerm(() -> redis.execute("FLUSHALL"));
        assertNoPerm(() -> redis.execute("CONFIG", "GET", "requirepass"));
        assertNoPerm(() -> redis.execute("KEYS", "*"));
        assertNoPerm(() -> redis.execute("EVAL", "return 1", "0"));
        // keys outside the queue's prefix, even with a command it may run
        assertNoPerm(() -> redis.execute("HSET", "other:key", "f", "v"));
        assertNoPerm(() -> redis.execute("XADD", "sessions", "*", "f", "v"));
    }

    private static void assertNoPerm(Runnable command) {
        RuntimeException e = assertThrows(RuntimeException.class, command::run);
        String all = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            all += " " + t.getMessage();
        }
        assertTrue(all.contains("NOPERM"), "expected a NOPERM refusal, got:" + all);
    }
}
