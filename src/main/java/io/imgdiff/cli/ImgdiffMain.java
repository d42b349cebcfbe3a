package io.imgdiff.cli;

import io.imgdiff.worker.StopSignals;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
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
        Map<String, String> previous = new HashMap<>();
        EmbeddedRedis redis = null;
        try {
            if (!SERVERS.contains(command)) {
                set(previous, "quarkus.http.host-enabled", "false");
                setIfAbsent(previous, "quarkus.log.level", "WARN");
                setIfAbsent(previous, "quarkus.log.category.\"io.imgdiff\".level", "WARN");
            }
            Optional<String> url = redisOption(args);
            if (url.isPresent()) {
                set(previous, "quarkus.redis.hosts", url.get());
            } else if (EMBEDDED_REDIS.contains(command) && !redisConfigured()) {
                redis = EmbeddedRedis.start();
                set(previous, "quarkus.redis.hosts", redis.url());
                Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "embedded-redis-stop"));
            }
            if (command.equals("demo") && System.getProperty("imgdiff.store.local.root") == null
                    && System.getenv("IMGDIFF_STORE_LOCAL_ROOT") == null) {
                // keep the demo's images with its export instead of in the working directory
                set(previous, "imgdiff.store.local.root", option(args, "--out").orElse("demo-out") + "/store");
            }
            if (command.equals("worker")) {
                StopSignals.install(); // before Quarkus starts: a SIGTERM during start-up must end the worker too
            }
            Quarkus.run(ImgdiffMain.class, args); // exits the JVM with the command's code, except under test
        } finally {
            // Under @QuarkusMainTest, run() returns: leave no property behind for the next application.
            previous.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
            if (redis != null) {
                redis.close();
            }
        }
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
        return option(args, "--redis");
    }

    /** The value of option {@code name} given as {@code name VALUE} or {@code name=VALUE}. */
    private static Optional<String> option(String[] args, String name) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return Optional.of(args[i + 1]);
            }
            if (args[i].startsWith(name + "=")) {
                return Optional.of(args[i].substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    private static void set(Map<String, String> previous, String key, String value) {
        previous.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    private static void setIfAbsent(Map<String, String> previous, String key, String value) {
        if (System.getProperty(key) == null) {
            set(previous, key, value);
        }
    }
}
