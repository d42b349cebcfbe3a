package io.imgdiff.cli;

import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A throw-away redis-server (7.0.15, bundled by {@code org.signal:embedded-redis}) on a free loopback port, for
 * {@code imgdiff demo} and {@code imgdiff bench} when no Redis is configured. Nothing is persisted.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a server on a free 127.0.0.1 port. */
    public static EmbeddedRedis start() {
        int port = freePort();
        RedisServer server = RedisServer.builder().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").setting("protected-mode yes").build();
        server.start();
        return new EmbeddedRedis(server, port);
    }

    public int port() {
        return port;
    }

    /** The {@code quarkus.redis.hosts} value pointing at this server. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public synchronized void close() {
        if (server.isActive()) {
            server.stop();
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
