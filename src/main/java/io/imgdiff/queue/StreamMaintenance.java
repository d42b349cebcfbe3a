package io.imgdiff.queue;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.item.StageName;
import io.imgdiff.queue.RedisScripts.Script;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Housekeeping of the stage streams: groups, delayed retries, trimming, idle consumers and figures. */
@ApplicationScoped
public class StreamMaintenance {

    /** Retries moved per script call, so one call never blocks Redis for long. */
    private static final int PROMOTE_BATCH = 500;

    private final RedisDataSource ds;
    private final StreamCommands<String, String, String> streams;
    private final ImgdiffConfig.QueueConfig config;
    private final StreamKeys keys;
    private final RedisScripts scripts;

    @Inject
    public StreamMaintenance(RedisDataSource ds, ImgdiffConfig config, StreamKeys keys, RedisScripts scripts) {
        this.ds = ds;
        this.streams = ds.stream(String.class);
        this.config = config.queue();
        this.keys = keys;
        this.scripts = scripts;
    }

    /** Creates every stage stream and the group, reading from the start so jobs submitted earlier are seen. */
    public void ensureGroups() {
        for (StageName stage : StageName.values()) {
            try {
                streams.xgroupCreate(keys.stream(stage), config.group(), "0", new XGroupCreateArgs().mkstream());
            } catch (RuntimeException e) {
                if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                    throw e;
                }
            }
        }
    }

    /** Moves due retries of every stage onto their streams; returns how many. */
    public int promoteDueRetries() {
        int moved = 0;
        for (StageName stage : StageName.values()) {
            long n;
            do {
                n = scripts.callLong(Script.PROMOTE, ScriptTarget.ofStream(keys.stream(stage)),
                        List.of(keys.delayed(stage), keys.stream(stage)), List.of(Integer.toString(PROMOTE_BATCH)));
                moved += (int) n;
            } while (n == PROMOTE_BATCH);
        }
        return moved;
    }

    /** Trims acknowledged entries of one stage stream (see trim-1.lua). */
    public long trim(StageName stage) {
        return scripts.callLong(Script.TRIM, ScriptTarget.ofStream(keys.stream(stage)),
                List.of(keys.stream(stage)), List.of());
    }

    /** Deletes consumers with no pending entries idle longer than {@code idle}. */
    public int cleanupConsumers(StageName stage, Duration idle) {
        return (int) scripts.callLong(Script.CLEANUP, ScriptTarget.ofStream(keys.stream(stage)),
                List.of(keys.stream(stage)), List.of(config.group(), Long.toString(idle.toMillis())));
    }

    /** Length, lag, pending and delayed retries per stage. Lag is -1 when Redis cannot tell (after XDEL). */
    public Map<StageName, StreamStats> streamStats() {
        Map<StageName, StreamStats> out = new EnumMap<>(StageName.class);
        for (StageName stage : StageName.values()) {
            String stream = keys.stream(stage);
            long length = ds.execute("XLEN", stream).toLong();
            long lag = 0;
            long pending = 0;
            if (length > 0 || ds.execute("EXISTS", stream).toLong() == 1) {
                Map<String, Response> group = group(stream);
                pending = number(group.get("pending"), 0);
                lag = number(group.get("lag"), -1);
            }
            long delayed = ds.execute("ZCARD", keys.delayed(stage)).toLong();
            out.put(stage, new StreamStats(length, lag, pending, delayed));
        }
        return out;
    }

    /** XINFO GROUPS entry of the configured group as field → value; empty when the group does not exist. */
    private Map<String, Response> group(String stream) {
        for (Response g : ds.execute("XINFO", "GROUPS", stream)) {
            Map<String, Response> fields = fields(g);
            Response name = fields.get("name");
            if (name != null && config.group().equals(name.toString())) {
                return fields;
            }
        }
        return Map.of();
    }

    /** A RESP3 map or a RESP2 flat key/value array as a map. */
    static Map<String, Response> fields(Response r) {
        Map<String, Response> out = new HashMap<>();
        if (r.getKeys() != null && !r.getKeys().isEmpty()) {
            r.getKeys().forEach(k -> out.put(k, r.get(k)));
            return out;
        }
        for (int i = 0; i + 1 < r.size(); i += 2) {
            out.put(r.get(i).toString(), r.get(i + 1));
        }
        return out;
    }

    private static long number(Response r, long ifNull) {
        return r == null || r.toString() == null ? ifNull : r.toLong();
    }
}
