package io.imgdiff.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import redis.embedded.RedisExecProvider;
import redis.embedded.RedisServer;
import redis.embedded.util.Architecture;
import redis.embedded.util.OS;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a real redis-server on a free 127.0.0.1 port for a Quarkus test and points {@code quarkus.redis.hosts} at
 * it. Uses a {@code redis-server} found on PATH when there is one, else the 7.0.15 binary bundled with
 * {@code org.signal:embedded-redis}. No persistence: every start is an empty server.
 */
public class RedisServerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile int port = -1;
    private static volatile RedisServerResource active;
    private RedisServer server;

    /** Port of the server started for the running test class; for tests that need a raw client. */
    public static int port() {
        if (port < 0) {
            throw new IllegalStateException("no redis-server started: annotate the test with"
                    + " @QuarkusTestResource(RedisServerResource.class)");
        }
        return port;
    }

    /** {@code redis://127.0.0.1:port} of the running server. */
    public static String url() {
        return "redis://127.0.0.1:" + port();
    }

    @Override
    public Map<String, String> start() {
        int p = freePort();
        server = serve(p);
        port = p;
        active = this;
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + p);
    }

    /**
     * Kills the running server and starts an empty one on the same port after {@code down} has run: an outage,
     * as clients see it, for tests of what survives one.
     */
    public static void outage(Runnable down) {
        RedisServerResource r = active;
        r.server.stop();
        try {
            down.run();
        } finally {
            r.server = serve(port);
        }
    }

    private static RedisServer serve(int p) {
        RedisServer s;
        try {
            s = RedisServer.builder().redisExecProvider(provider()).bind("127.0.0.1").port(p)
                    .setting("save \"\"").setting("appendonly no").setting("protected-mode yes")
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare redis-server", e);
        }
        s.start();
        return s;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
            port = -1;
        }
    }

    private static RedisExecProvider provider() throws IOException {
        RedisExecProvider provider = RedisExecProvider.defaultProvider();
        Path onPath = redisOnPath();
        if (onPath != null) {
            String exe = onPath.toString();
            for (Architecture a : Architecture.values()) {
                provider = provider.override(OS.UNIX, a, exe);
            }
        }
        return provider;
    }

    private static Path redisOnPath() {
        String path = System.getProperty("testing.redis-path", System.getenv().getOrDefault("PATH", ""));
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for redis-server", e);
        }
    }
}
