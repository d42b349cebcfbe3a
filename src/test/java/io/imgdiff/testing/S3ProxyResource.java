package io.imgdiff.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real S3-compatible server for tests: S3Proxy 2.6.0 with its filesystem backend, in a separate JVM (its ~130
 * jars clash with Quarkus on one class path), on a free 127.0.0.1 port, storing into a fresh temporary directory.
 * <p>
 * In a {@code @QuarkusTest}: {@code @QuarkusTestResource(S3ProxyResource.class)} sets {@code imgdiff.store.type=s3}
 * and the {@code imgdiff.store.s3.*} keys. Elsewhere: {@code new S3ProxyResource()}, {@link #start()} (returns the
 * same keys), {@link #endpoint()}, {@link #stop()}. The jars come from {@code target/s3proxy-lib}, filled by the
 * build (profile {@code fetch-s3proxy}); surefire passes the folder as {@code testing.s3proxy.lib}.
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {

    /** Credentials the server accepts (any value works; AWS signature v4 is checked against them). */
    public static final String ACCESS_KEY = "imgdiff-test";
    public static final String SECRET_KEY = "imgdiff-test-secret";

    private Process process;
    private Path dir;
    private String endpoint;
    private String bucket;
    private Thread shutdownHook;

    @Override
    public synchronized Map<String, String> start() {
        if (process != null) {
            return config();
        }
        Path lib = libDir();
        try {
            dir = Files.createTempDirectory("s3proxy-");
            Files.createDirectories(dir.resolve("data"));
            int port = freePort();
            endpoint = "http://127.0.0.1:" + port;
            bucket = "imgdiff-" + UUID.randomUUID().toString().substring(0, 8);
            Files.writeString(dir.resolve("s3proxy.conf"), properties());
            Files.writeString(dir.resolve("logback.xml"), LOGBACK);
            process = new ProcessBuilder(command(lib))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("s3proxy.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy from " + lib, e);
        }
        shutdownHook = new Thread(this::kill, "s3proxy-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        awaitReady();
        return config();
    }

    @Override
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook runs anyway, harmlessly
        }
        deleteTree(dir);
        process = null;
    }

    /** The {@code imgdiff.store.*} configuration pointing at this server, with a bucket unique to this start. */
    public Map<String, String> config() {
        return Map.of(
                "imgdiff.store.type", "s3",
                "imgdiff.store.s3.endpoint", endpoint,
                "imgdiff.store.s3.region", "us-east-1",
                "imgdiff.store.s3.access-key", ACCESS_KEY,
                "imgdiff.store.s3.secret-key", SECRET_KEY,
                "imgdiff.store.s3.bucket", bucket,
                "imgdiff.store.s3.create-bucket", "true");
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return endpoint;
    }

    /** The bucket name {@link #config()} hands out (created by the store, not by this server). */
    public String bucket() {
        return bucket;
    }

    /** The server's data directory (one sub-directory per bucket), to look at what was really stored. */
    public Path dataDir() {
        return dir.resolve("data");
    }

    private static Path libDir() {
        Path lib = Paths.get(System.getProperty("testing.s3proxy.lib", "target/s3proxy-lib"));
        if (!Files.isRegularFile(lib.resolve("s3proxy-2.6.0.jar"))) {
            throw new IllegalStateException("S3Proxy jars not found in " + lib.toAbsolutePath()
                    + ": expected s3proxy-2.6.0.jar and its dependencies there; run 'mvn generate-test-resources'"
                    + " once with network access (profile fetch-s3proxy, src/test/s3proxy/pom.xml)");
        }
        return lib;
    }

    private List<String> command(Path lib) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        // A short-lived test server: the C1 compiler and serial GC start faster and use less of a shared machine.
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xss512k"));
        cmd.add("-Dlogback.configurationFile=" + dir.resolve("logback.xml"));
        cmd.addAll(List.of("-cp", lib.toAbsolutePath() + "/*", "org.gaul.s3proxy.Main"));
        cmd.addAll(List.of("--properties", dir.resolve("s3proxy.conf").toString()));
        return cmd;
    }

    private String properties() {
        return String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + dir.resolve("data"),
                "jclouds.identity=unused",
                "jclouds.credential=unused", "");
    }

    private void awaitReady() {
        try {
            Awaitility.await("S3Proxy at " + endpoint)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(this::answers);
        } catch (RuntimeException e) {
            String log = logTail();
            kill();
            throw new IllegalStateException("S3Proxy did not answer at " + endpoint + "; its log:\n" + log, e);
        }
    }

    /** True once any HTTP answer comes back (an anonymous request gets 403, which is fine). */
    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("S3Proxy exited with status " + process.exitValue());
        }
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(endpoint + "/").toURL().openConnection();
            c.setConnectTimeout(200);
            c.setReadTimeout(1000);
            int status = c.getResponseCode();
            c.disconnect();
            return status > 0;
        } catch (IOException notYet) {
            return false;
        }
    }

    private void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("s3proxy.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is not worth failing a test run for
        }
    }

    private static final String LOGBACK = """
            <configuration>
              <statusListener class="ch.qos.logback.core.status.NopStatusListener"/>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{24} %msg%n</pattern></encoder>
              </appender>
              <root level="WARN"><appender-ref ref="OUT"/></root>
            </configuration>
            """;
}
