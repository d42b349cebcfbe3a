package io.imgdiff.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import redis.embedded.RedisExecProvider;
import redis.embedded.RedisServer;
import redis.embedded.util.Architecture;
import redis.embedded.util.OS;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a real redis-server on a free 127.0.0.1 port for a Quarkus test and points {@code quarkus.redis.hosts} at
 * it. Uses a {@code redis-server} found on PATH when there is one, else the 7.0.15 binary bundled with
 * {@code org.signal:embedded-redis}. No persistence: every start is an empty server, except after
 * {@link #outageKeepingData}, which restarts from a snapshot taken just before the outage.
 */
public class RedisServerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile int port = -1;
    private static volatile RedisServerResource active;
    private RedisServer server;
    private Path dataDir;

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
        try {
            dataDir = Files.createTempDirectory("imgdiff-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for redis-server", e);
        }
        server = serve(p, dataDir);
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
            deleteSnapshot(r.dataDir);
            r.server = serve(port, r.dataDir);
        }
    }

    /**
     * Like {@link #outage}, but the server comes back with the data it held when it went down (a SAVE snapshot
     * taken just before stopping it): what a client sees when a persistent Redis restarts.
     */
    public static void outageKeepingData(Runnable down) {
        RedisServerResource r = active;
        command("SAVE");
        r.server.stop();
        try {
            down.run();
        } finally {
            r.server = serve(port, r.dataDir);
            deleteSnapshot(r.dataDir);
        }
    }

    /** Sends one argument-less command over a plain socket and returns its one-line reply. */
    private static String command(String name) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
            socket.getOutputStream().write(("*1\r\n$" + name.length() + "\r\n" + name + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            if (reply == null || !reply.startsWith("+")) {
                throw new IllegalStateException("redis-server answered " + name + " with " + reply);
            }
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send " + name + " to redis-server", e);
        }
    }

    private static void deleteSnapshot(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve("dump.rdb"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the redis-server snapshot in " + dir, e);
        }
    }

    private static RedisServer serve(int p, Path dir) {
        RedisServer s;
        try {
            s = RedisServer.builder().redisExecProvider(provider()).bind("127.0.0.1").port(p)
                    .setting("save \"\"").setting("appendonly no").setting("protected-mode yes")
                    .setting("dir " + dir).setting("dbfilename dump.rdb")
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
            try {
                Files.deleteIfExists(dataDir.resolve("dump.rdb"));
                Files.deleteIfExists(dataDir);
            } catch (IOException e) {
                // a leftover temporary directory is harmless
            }
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
