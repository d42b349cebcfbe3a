package io.imgdiff.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Entry point of the {@code imgdiff} command. A few decisions must be made before Quarkus starts, because they
 * are start-up configuration: only {@code worker} and {@code api} bind an HTTP port; other commands log warnings
 * only; {@code demo} and {@code bench} start an embedded redis-server when no Redis is configured.
 */
@QuarkusMain
public class ImgdiffMain implements QuarkusApplication {

    private static final Set<String> SERVERS = Set.of("worker", "api");
    private static final Set<String> EMBEDDED_REDIS = Set.of("demo", "bench");

    @Inject
    CommandLine.IFactory factory;

    public static void main(String... args) {
        String command = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
        if (!SERVERS.contains(command)) {
            System.setProperty("quarkus.http.host-enabled", "false");
            setIfAbsent("quarkus.log.level", "WARN");
            setIfAbsent("quarkus.log.category.\"io.imgdiff\".level", "WARN");
        }
        redisOption(args).ifPresent(url -> System.setProperty("quarkus.redis.hosts", url));
        if (EMBEDDED_REDIS.contains(command) && !redisConfigured()) {
            EmbeddedRedis redis = EmbeddedRedis.start();
            System.setProperty("quarkus.redis.hosts", redis.url());
            Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "embedded-redis-stop"));
        }
        Quarkus.run(ImgdiffMain.class, ImgdiffMain::exit, args);
    }

    @Override
    public int run(String... args) {
        return Cli.commandLine(factory).execute(args);
    }

    /** Redis counts as configured when given by -D (or --redis) or by the environment. */
    private static boolean redisConfigured() {
        // Read before Quarkus (and its config) exists; these are the two ways a launcher sets it.
        return System.getProperty("quarkus.redis.hosts") != null || System.getenv("QUARKUS_REDIS_HOSTS") != null;
    }

    /** The value of {@code --redis URL} / {@code --redis=URL}, which any command accepts. */
    static Optional<String> redisOption(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--redis") && i + 1 < args.length) {
                return Optional.of(args[i + 1]);
            }
            if (args[i].startsWith("--redis=")) {
                return Optional.of(args[i].substring("--redis=".length()));
            }
        }
        return Optional.empty();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static void exit(int code, Throwable e) {
        if (e != null) {
            System.err.println("imgdiff: " + Cli.oneLine(e));
            code = code == 0 ? 1 : code;
        }
        System.exit(code);
    }
}
