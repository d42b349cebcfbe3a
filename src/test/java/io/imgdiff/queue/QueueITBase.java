package io.imgdiff.queue;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.testing.RedisServerResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

/** Shared set-up of the queue ITs: a real redis-server, the beans they use, and an empty database per test. */
@QuarkusTestResource(RedisServerResource.class)
abstract class QueueITBase {

    @Inject
    JobQueue queue;
    @Inject
    RunRepository runs;
    @Inject
    RedisDataSource ds;
    @Inject
    StreamKeys keys;
    @Inject
    ImgdiffConfig config;

    @BeforeEach
    void flush() {
        ds.flushall();
        queue.ensureGroups();
    }
}
