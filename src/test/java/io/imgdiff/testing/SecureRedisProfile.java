package io.imgdiff.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Profiles whose only Redis is a secured {@link RedisServerResource} (global test resources off, so no plain server
 * starts beside it). One nested class per {@link RedisSecurity} mode under test.
 * <p>
 * The profile, not the resource, picks the port and data directory, so the client settings can be config overrides
 * as well: {@code @QuarkusMainTest} keeps an earlier profile's overrides (say {@link DeadRedisProfile}'s
 * {@code quarkus.redis.hosts}) as system properties, which outrank what a test resource returns.
 */
public abstract class SecureRedisProfile implements QuarkusTestProfile {

    /** Port and data directory per profile class, fixed once per JVM (Quarkus instantiates a profile many times). */
    private record Setup(int port, Path dir) {
    }

    private static final Map<Class<?>, Setup> SETUPS = new ConcurrentHashMap<>();

    private final Map<String, String> args;
    private final Setup setup;

    protected SecureRedisProfile(Map<String, String> args) {
        this.args = args;
        this.setup = SETUPS.computeIfAbsent(getClass(), c -> new Setup(RedisServerResource.freePort(), tempDir()));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("imgdiff-secure-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for redis-server", e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> c = new HashMap<>(RedisSecurity.of(args).clientConfig(setup.port(), setup.dir()));
        c.putAll(extraOverrides());
        return c;
    }

    /** Further overrides of a subclass. */
    protected Map<String, String> extraOverrides() {
        return Map.of();
    }

    @Override
    public List<TestResourceEntry> testResources() {
        Map<String, String> a = new HashMap<>(args);
        a.put("port", Integer.toString(setup.port()));
        a.put("dir", setup.dir().toString());
        return List.of(new TestResourceEntry(RedisServerResource.class, a));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    /** The ACL users of {@code docs/redis-users.acl}; the client logs in as the least-privilege {@code imgdiff}. */
    public static class Acl extends SecureRedisProfile {
        public Acl() {
            super(Map.of("mode", "acl"));
        }
    }

    /** TLS only ({@code rediss://}, the test CA as trust store) plus {@code requirepass}. */
    public static class Tls extends SecureRedisProfile {
        public Tls() {
            super(Map.of("mode", "tls"));
        }
    }

    /** A {@code requirepass} server; the client sends a wrong password. */
    public static class WrongPassword extends SecureRedisProfile {
        /** The wrong password the client sends; must never appear in an error. */
        public static final String WRONG = "wrong-redis-password-77f2";

        public WrongPassword() {
            super(Map.of("mode", "password", "client-password", WRONG));
        }

        @Override
        protected Map<String, String> extraOverrides() {
            return Map.of("quarkus.redis.timeout", "2s");
        }
    }
}
