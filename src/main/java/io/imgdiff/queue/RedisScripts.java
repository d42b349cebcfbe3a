package io.imgdiff.queue;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The only class that runs Lua. Each {@link Script} is read from {@code queue/<verb>-<nkeys>.lua} on the class
 * path, its {@code --@include name} lines replaced by {@code queue/includes/name.lua} (fragments may include
 * others; each is inserted once), loaded once with SCRIPT LOAD
 * and called with EVALSHA; after a Redis restart or SCRIPT FLUSH (NOSCRIPT) it is loaded again and retried once.
 * Negative return codes become {@link QueueException}s.
 */
@ApplicationScoped
public class RedisScripts {

    /** The queue's scripts; the number in the file name is the count of fixed KEYS. */
    public enum Script {
        PASS("pass-4"), DROP("drop-3"), FAIL("fail-5"), DEAD_LETTER("deadLetter-4"),
        DEAD_LETTER_MALFORMED("deadLetterMalformed-2"), RELEASE("release-1"), RENEW("renew-1"),
        PROMOTE("promote-2"), TRIM("trim-1"), CLEANUP("cleanup-1"), CREATE_RUN("createRun-2"),
        ADD_ITEMS("addItems-3"), RETRY_DEAD("retryDead-4"), FINISH_BATCH("finishBatch-1");

        private final String file;
        private final int keys;

        Script(String file) {
            this.file = file;
            this.keys = Integer.parseInt(file.substring(file.lastIndexOf('-') + 1));
        }

        public String file() {
            return file;
        }
    }

    private static final Pattern INCLUDE = Pattern.compile("^--@include\\s+(\\S+)\\s*$", Pattern.MULTILINE);

    private final RedisDataSource ds;
    private final Map<Script, String> sources = new EnumMap<>(Script.class);
    private final Map<Script, String> shas = new EnumMap<>(Script.class);

    @Inject
    public RedisScripts(RedisDataSource ds) {
        this.ds = ds;
        for (Script s : Script.values()) {
            sources.put(s, expand(resource("queue/" + s.file + ".lua"), new HashSet<>()));
        }
    }

    /**
     * Runs {@code script} and returns its reply. Fails with {@link QueueException} when the script returns a
     * negative integer. {@code keys} must hold at least the script's fixed key count.
     */
    public Response call(Script script, ScriptTarget target, List<String> keys, List<String> args) {
        if (keys.size() < script.keys) {
            throw new IllegalArgumentException("script " + script.file + " needs at least " + script.keys
                    + " keys, got " + keys.size() + ": " + keys);
        }
        Response reply = evalSha(script, keys, args);
        if (reply != null && reply.type() == io.vertx.redis.client.ResponseType.NUMBER && reply.toLong() < 0) {
            long code = reply.toLong();
            throw new QueueException(QueueError.of(code), code, script.file, target);
        }
        return reply;
    }

    /** Like {@link #call} for scripts returning an integer. */
    public long callLong(Script script, ScriptTarget target, List<String> keys, List<String> args) {
        return call(script, target, keys, args).toLong();
    }

    private Response evalSha(Script script, List<String> keys, List<String> args) {
        String[] argv = new String[2 + keys.size() + args.size()];
        argv[1] = Integer.toString(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            argv[2 + i] = keys.get(i);
        }
        for (int i = 0; i < args.size(); i++) {
            argv[2 + keys.size() + i] = args.get(i);
        }
        argv[0] = sha(script);
        try {
            return ds.execute("EVALSHA", argv);
        } catch (RuntimeException e) {
            if (!isNoScript(e)) {
                throw e;
            }
            synchronized (this) {
                shas.remove(script);
            }
            argv[0] = sha(script);
            return ds.execute("EVALSHA", argv);
        }
    }

    private synchronized String sha(Script script) {
        return shas.computeIfAbsent(script, s -> ds.execute("SCRIPT", "LOAD", sources.get(s)).toString());
    }

    private static boolean isNoScript(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    /** Source text of a script after include expansion, for tests and docs. */
    public String source(Script script) {
        return sources.get(script);
    }

    /** Replaces include lines, also inside included fragments; a fragment already included is not repeated. */
    private static String expand(String source, Set<String> included) {
        Matcher m = INCLUDE.matcher(source);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String text = included.add(name) ? expand(resource("queue/includes/" + name + ".lua"), included) : "";
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String resource(String path) {
        try (InputStream in = RedisScripts.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Lua script '" + path + "' is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Lua script '" + path + "'", e);
        }
    }

    static List<String> list(Object... values) {
        List<String> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add(String.valueOf(v));
        }
        return out;
    }
}
