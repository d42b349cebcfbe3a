package io.imgdiff.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import redis.embedded.RedisExecProvider;
import redis.embedded.RedisServer;
import redis.embedded.RedisServerBuilder;
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
 * <p>
 * The init argument {@code mode} secures the server ({@link RedisSecurity}): {@code password} (requirepass),
 * {@code acl} (the default user off, only the least-privilege worker user of {@code docs/security.md}) or
 * {@code tls} (TLS only, with certificates made for the test, plus requirepass); {@code client-password} makes the
 * returned config use another password than the server's (wrong-password tests).
 */
public class RedisServerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile int port = -1;
    private static volatile RedisServerResource active;
    private RedisServer server;
    private Path dataDir;
    private RedisSecurity security = RedisSecurity.plain();
    private int fixedPort = -1;
    private Path fixedDir;

    /** Init arguments: {@code mode}, {@code client-password}, and {@code port} / {@code dir} chosen by a profile. */
    @Override
    public void init(Map<String, String> args) {
        security = RedisSecurity.of(args);
        fixedPort = Integer.parseInt(args.getOrDefault("port", "-1"));
        fixedDir = args.containsKey("dir") ? Path.of(args.get("dir")) : null;
    }

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
        int p = fixedPort > 0 ? fixedPort : freePort();
        try {
            dataDir = fixedDir != null ? Files.createDirectories(fixedDir) : Files.createTempDirectory("imgdiff-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for redis-server", e);
        }
        security.prepare(dataDir);
        server = serve(p, dataDir, security);
        port = p;
        active = this;
        return security.clientConfig(p);
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
            r.server = serve(port, r.dataDir, r.security);
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
            r.server = serve(port, r.dataDir, r.security);
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

    private static RedisServer serve(int p, Path dir, RedisSecurity security) {
        RedisServer s;
        try {
            RedisServerBuilder b = RedisServer.builder().redisExecProvider(provider()).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").setting("protected-mode yes")
                    .setting("dir " + dir).setting("dbfilename dump.rdb");
            s = security.configure(b, p).build();
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
            deleteDir(dataDir);
        }
    }

    /**
     * Starts and stops a server secured by {@code mode} on a free port, touching nothing of the running test's
     * server; throws what the start threw (for probes such as "can this redis-server serve TLS?").
     */
    static void tryStart(String mode) {
        RedisSecurity security = RedisSecurity.of(Map.of("mode", mode));
        Path dir;
        try {
            dir = Files.createTempDirectory("imgdiff-redis-probe-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for redis-server", e);
        }
        try {
            security.prepare(dir);
            serve(freePort(), dir, security).stop();
        } finally {
            deleteDir(dir);
        }
    }

    /** Deletes the flat data directory (snapshot, certificates); a leftover temporary directory is harmless. */
    private static void deleteDir(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // left for the OS to clean up with the rest of the temporary directory
        }
    }

    static RedisExecProvider provider() throws IOException {
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

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for redis-server", e);
        }
    }
}
