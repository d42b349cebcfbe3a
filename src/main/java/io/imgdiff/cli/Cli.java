package io.imgdiff.cli;

import io.vertx.core.impl.NoStackTraceThrowable;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;

/** Builds the picocli command line and turns any failure into one clear line on stderr, never a stack trace. */
final class Cli {

    /** Exit code for bad input or usage; 1 is any other failure. */
    static final int USAGE = 2;

    private Cli() {
    }

    static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cl = new CommandLine(ImgdiffCommand.class, factory);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(e)); // e.g. "imgdiff bench pipeline"
            return e instanceof IllegalArgumentException ? USAGE : 1;
        });
        return cl;
    }

    /** One line describing {@code e}, with the Redis address when Redis could not be reached. */
    static String oneLine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || isConnectionFailure(t)) {
                return "cannot reach Redis at " + redisHosts() + " (" + message(t) + "); start redis-server or set"
                        + " QUARKUS_REDIS_HOSTS / --redis";
            }
            if (isAuthFailure(t)) {
                return "Redis at " + redisHosts() + " refused the credentials (" + message(t) + "); check"
                        + " QUARKUS_REDIS_PASSWORD and the user (?user= in QUARKUS_REDIS_HOSTS), docs/security.md";
            }
        }
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof UncheckedIOException
                || t instanceof CommandLine.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return message(t);
    }

    private static boolean isConnectionFailure(Throwable t) {
        String m = t.getMessage();
        return (t instanceof NoStackTraceThrowable || t.getClass().getName().contains("redis"))
                && m != null && (m.contains("Connection refused") || m.contains("Failed to connect"));
    }

    /** Redis' own refusals of a login (WRONGPASS, NOAUTH) or of a command the ACL user may not run (NOPERM). */
    private static boolean isAuthFailure(Throwable t) {
        String m = t.getMessage();
        return m != null && (m.startsWith("WRONGPASS") || m.startsWith("NOAUTH") || m.startsWith("NOPERM"));
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return (m == null || m.isBlank() ? t.getClass().getSimpleName() : m).replaceAll("\\s+", " ").trim();
    }

    /** The configured Redis address, for messages, without a password a URL may carry. */
    static String redisHosts() {
        try {
            return RedisUrls.redact(ConfigProvider.getConfig().getOptionalValue("quarkus.redis.hosts", String.class)
                    .orElse("?"));
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
