package io.imgdiff.worker;

import io.imgdiff.testing.Packaged;
import io.imgdiff.testing.RedisServerResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged worker process gets SIGTERM at three moments: while the JVM starts, while Quarkus starts (its start-up
 * beans are logging; before the fix such a worker ran on forever), and while serving. Each time it must exit within
 * {@link #BOUND}. Skipped when {@code mvn package} has not run (see {@link Packaged}).
 */
class WorkerSigtermIT {

    /** Start-up on a busy 2-core machine took up to 16 s; a worker that ignores the signal never ends. */
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final RedisServerResource REDIS = new RedisServerResource();

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() {
        Packaged.require(Packaged.APP);
        REDIS.start();
    }

    @AfterAll
    static void stopRedis() {
        REDIS.stop();
    }

    @Test
    void sigtermWhileTheJvmStartsEndsTheWorker() throws Exception {
        Path log = dir.resolve("jvm.log");
        Process p = worker(log);
        Thread.sleep(300);
        assertEndsAfterSigterm(p, log);
    }

    @Test
    void sigtermWhileQuarkusStartsEndsTheWorker() throws Exception {
        Path log = dir.resolve("quarkus.log");
        Process p = worker(log);
        // the object store is a start-up bean: it logs while Quarkus starts, before the worker command runs
        awaitLog(p, log, "object store:");
        assertEndsAfterSigterm(p, log);
    }

    @Test
    void sigtermWhileServingDrainsAndEnds() throws Exception {
        Path log = dir.resolve("serving.log");
        Process p = worker(log);
        awaitLog(p, log, "serving [");
        assertEndsAfterSigterm(p, log);
        assertTrue(Files.readString(log).contains(" stopped"), Files.readString(log));
    }

    private Process worker(Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir",
                        "target/javacpp-cache"),
                "-jar", Packaged.APP.toString(), "worker", "--concurrency", "1"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(Map.of("QUARKUS_REDIS_HOSTS", RedisServerResource.url(),
                "IMGDIFF_STORE_LOCAL_ROOT", dir.resolve("store").toString(), "QUARKUS_HTTP_PORT", "0"));
        return pb.start();
    }

    private static void awaitLog(Process p, Path log, String line) throws Exception {
        long end = System.nanoTime() + BOUND.toNanos();
        while (!Files.readString(log).contains(line)) {
            assertTrue(p.isAlive(), "the worker exited before logging '" + line + "':\n" + Files.readString(log));
            assertTrue(System.nanoTime() < end, "no '" + line + "' within " + BOUND + ":\n" + Files.readString(log));
            Thread.sleep(5);
        }
    }

    private static void assertEndsAfterSigterm(Process p, Path log) throws Exception {
        p.destroy(); // SIGTERM, as a kubelet sends it
        boolean ended = p.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "the worker ignored SIGTERM for " + BOUND + ":\n" + Files.readString(log));
    }
}
