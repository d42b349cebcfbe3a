package io.imgdiff.testing;

import redis.embedded.RedisServerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@link RedisServerResource} secures its redis-server, and the client config that matches: no security,
 * {@code requirepass}, the ACL users of {@code docs/redis-users.acl} (the very file the docs ship, so the documented
 * least-privilege user is the tested one), or TLS only (certificates made per test) with {@code requirepass}.
 */
public final class RedisSecurity {

    /** The password the secured modes give redis-server (and, unless overridden, the client). */
    public static final String PASSWORD = "redis-test-secret-4d1c0e";
    /** The ACL file shipped in the docs; its {@code CHANGE-ME} password is replaced by {@link #PASSWORD}. */
    static final Path ACL_FILE = Path.of("docs", "redis-users.acl");
    /** Name of the TLS registry configuration the client uses in {@code tls} mode. */
    static final String TLS_NAME = "redis";

    enum Mode { PLAIN, PASSWORD, ACL, TLS }

    private final Mode mode;
    private final String clientPassword;
    private TestCertificates.Files3 certs;

    private RedisSecurity(Mode mode, String clientPassword) {
        this.mode = mode;
        this.clientPassword = clientPassword;
    }

    static RedisSecurity plain() {
        return new RedisSecurity(Mode.PLAIN, null);
    }

    /** From the resource's init arguments {@code mode} and {@code client-password}. */
    static RedisSecurity of(Map<String, String> args) {
        Mode mode = Mode.valueOf(args.getOrDefault("mode", "plain").toUpperCase(java.util.Locale.ROOT));
        return new RedisSecurity(mode, args.getOrDefault("client-password", PASSWORD));
    }

    /** Writes what the server needs into its data directory (certificates). */
    void prepare(Path dir) {
        certs = TestCertificates.paths(dir);
        if (mode == Mode.TLS && !Files.exists(certs.serverKey())) {
            TestCertificates.create(dir);
        }
    }

    /** Adds the port and security settings to a server being built. */
    RedisServerBuilder configure(RedisServerBuilder b, int port) {
        switch (mode) {
            case PLAIN -> b.port(port);
            case PASSWORD -> b.port(port).setting("requirepass " + PASSWORD);
            case ACL -> {
                b.port(port);
                aclUsers().forEach(b::setting);
            }
            case TLS -> b.port(0).tlsPort(port).setting("requirepass " + PASSWORD)
                    .setting("tls-cert-file " + certs.serverCert()).setting("tls-key-file " + certs.serverKey())
                    .setting("tls-ca-cert-file " + certs.caCert()).setting("tls-auth-clients no");
            default -> throw new IllegalStateException("unknown mode " + mode);
        }
        return b;
    }

    /** {@link #clientConfig(int)} of a server whose data directory will be {@code dir}. */
    Map<String, String> clientConfig(int port, Path dir) {
        certs = TestCertificates.paths(dir);
        return clientConfig(port);
    }

    /** The Quarkus config a client needs to reach the server on {@code port} in this mode (after prepare). */
    Map<String, String> clientConfig(int port) {
        Map<String, String> c = new HashMap<>();
        switch (mode) {
            case PLAIN -> c.put("quarkus.redis.hosts", "redis://127.0.0.1:" + port);
            case PASSWORD -> {
                c.put("quarkus.redis.hosts", "redis://127.0.0.1:" + port);
                c.put("quarkus.redis.password", clientPassword);
            }
            case ACL -> {
                c.put("quarkus.redis.hosts", "redis://127.0.0.1:" + port + "?user=imgdiff");
                c.put("quarkus.redis.password", clientPassword);
            }
            case TLS -> {
                c.put("quarkus.redis.hosts", "rediss://127.0.0.1:" + port);
                c.put("quarkus.redis.password", clientPassword);
                c.put("quarkus.redis.tls-configuration-name", TLS_NAME);
                c.put("quarkus.tls." + TLS_NAME + ".trust-store.pem.certs", certs.caCert().toString());
                c.put("quarkus.tls." + TLS_NAME + ".hostname-verification-algorithm", "HTTPS");
            }
            default -> throw new IllegalStateException("unknown mode " + mode);
        }
        return c;
    }

    /** The {@code user} lines of the shipped ACL file, with the test password. */
    static List<String> aclUsers() {
        try {
            return Files.readAllLines(ACL_FILE).stream().filter(l -> l.startsWith("user "))
                    .map(l -> l.replace(">CHANGE-ME", ">" + PASSWORD)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ACL users of " + ACL_FILE.toAbsolutePath(), e);
        }
    }
}
