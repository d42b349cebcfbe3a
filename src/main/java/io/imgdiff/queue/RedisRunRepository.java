package io.imgdiff.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.item.Ids;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.StageName;
import io.imgdiff.queue.RedisScripts.Script;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** {@link RunRepository} on Redis hashes and sorted sets; keys from {@link StreamKeys}. */
@ApplicationScoped
public class RedisRunRepository implements RunRepository {

    /** Items per addItems script call: large enough to be fast, small enough not to stall Redis. */
    static final int SUBMIT_BATCH = 500;
    private static final int PAGE = 200;

    private final RedisDataSource ds;
    private final HashCommands<String, String, String> hashes;
    private final StreamKeys keys;
    private final RedisScripts scripts;
    private final StreamMaintenance maintenance;
    private final ItemCodec codec;
    private final ObjectMapper json;

    @Inject
    public RedisRunRepository(RedisDataSource ds, StreamKeys keys, RedisScripts scripts,
                              StreamMaintenance maintenance, ObjectMapper json) {
        this.ds = ds;
        this.hashes = ds.hash(String.class, String.class, String.class);
        this.keys = keys;
        this.scripts = scripts;
        this.maintenance = maintenance;
        this.codec = new ItemCodec(json);
        this.json = json;
    }

    @Override
    public void submit(RunInfo run, Map<String, ItemInput> items) {
        Ids.check("run", run.id());
        items.keySet().forEach(id -> Ids.check("item", id));
        if (run.entry() == null) {
            throw new IllegalArgumentException("run '" + run.id() + "' has no entry stage: expected one of edit,"
                    + " generate, filter, detect, caption");
        }
        maintenance.ensureGroups();
        ScriptTarget target = new ScriptTarget(keys.stream(run.entry()), run.id(), "-");
        scripts.callLong(Script.CREATE_RUN, target, List.of(keys.run(run.id()), keys.runs()),
                RedisScripts.list(run.id(), run.created().toEpochMilli(), run.entry().name(), items.size(),
                        write(run.settings() == null ? Map.of() : run.settings())));
        List<Map.Entry<String, ItemInput>> batch = new ArrayList<>(SUBMIT_BATCH);
        for (Map.Entry<String, ItemInput> e : items.entrySet()) {
            batch.add(e);
            if (batch.size() == SUBMIT_BATCH) {
                addBatch(run, batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            addBatch(run, batch);
        }
    }

    private void addBatch(RunInfo run, List<Map.Entry<String, ItemInput>> batch) {
        List<String> k = new ArrayList<>(List.of(keys.items(run.id()), keys.counters(run.id()),
                keys.stream(run.entry())));
        List<String> a = new ArrayList<>(List.of(run.id(), run.entry().key(), run.entry().name()));
        for (Map.Entry<String, ItemInput> e : batch) {
            k.add(keys.item(run.id(), e.getKey()));
            a.add(e.getKey());
            a.add(write(e.getValue()));
        }
        ScriptTarget target = new ScriptTarget(keys.stream(run.entry()), run.id(), batch.get(0).getKey() + "..");
        scripts.callLong(Script.ADD_ITEMS, target, k, a);
    }

    @Override
    public Optional<RunInfo> run(String run) {
        Map<String, String> h = hashes.hgetall(keys.run(run));
        if (h == null || h.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RunInfo(run, Instant.ofEpochMilli(Long.parseLong(h.get("created"))),
                StageName.of(h.get("entry")), Long.parseLong(h.get("items")), read(h.get("settings"))));
    }

    @Override
    public List<RunInfo> runs(long offset, int limit) {
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset " + offset + " must be at least 0 and limit " + limit
                    + " at least 1");
        }
        long last = limit == Integer.MAX_VALUE ? -1 : offset + limit - 1;
        List<RunInfo> out = new ArrayList<>();
        for (var r : ds.execute("ZREVRANGE", keys.runs(), Long.toString(offset), Long.toString(last))) {
            run(r.toString()).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public long runCount() {
        return ds.execute("ZCARD", keys.runs()).toLong();
    }

    @Override
    public Optional<RunStatus> status(String run) {
        return run(run).map(info -> RunCounters.status(info, hashes.hgetall(keys.counters(run))));
    }

    @Override
    public Optional<Item> item(String run, String item) {
        Map<String, String> h = hashes.hgetall(keys.item(run, item));
        return h == null || h.isEmpty() ? Optional.empty() : Optional.of(codec.decode(run, item, h));
    }

    @Override
    public List<Supplier<Optional<Item>>> items(List<Job> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        List<Request> reads = new ArrayList<>(jobs.size());
        for (Job job : jobs) {
            reads.add(Request.cmd(Command.HGETALL).arg(keys.item(job.run(), job.item())));
        }
        List<Response> replies = ds.getReactive().getRedis().batchAndAwait(reads);
        List<Supplier<Optional<Item>>> out = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            Map<String, String> h = fields(replies.get(i));
            out.add(() -> h.isEmpty() ? Optional.empty() : Optional.of(codec.decode(job.run(), job.item(), h)));
        }
        return out;
    }

    /** An HGETALL reply (a RESP3 map or a RESP2 flat array) as a map; empty for a missing key. */
    private static Map<String, String> fields(Response reply) {
        if (reply == null || reply.size() == 0) {
            return Map.of();
        }
        Map<String, String> h = new HashMap<>();
        for (String field : reply.getKeys()) {
            Response value = reply.get(field);
            h.put(field, value == null ? null : value.toString());
        }
        return h;
    }

    @Override
    public void forEachItem(String run, Consumer<Item> visitor) {
        String from = "-";
        while (true) {
            List<String> ids = ids(run, from, PAGE);
            for (String id : ids) {
                item(run, id).ifPresent(visitor);
            }
            if (ids.size() < PAGE) {
                return;
            }
            from = "(" + ids.get(ids.size() - 1);
        }
    }

    @Override
    public List<Item> page(String run, String after, int count) {
        List<String> ids = ids(run, after == null || after.isEmpty() ? "-" : "(" + after, count);
        List<Job> reads = ids.stream().map(id -> new Job(StageName.EDIT, "-", run, id, 0)).toList();
        List<Item> out = new ArrayList<>(ids.size());
        items(reads).forEach(s -> s.get().ifPresent(out::add)); // the stage of these reads is never looked at
        return out;
    }

    private List<String> ids(String run, String from, int count) {
        List<String> ids = new ArrayList<>(count);
        for (var r : ds.execute("ZRANGEBYLEX", keys.items(run), from, "+", "LIMIT", "0", Integer.toString(count))) {
            ids.add(r.toString());
        }
        return ids;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private Map<String, String> read(String settings) {
        if (settings == null || settings.isBlank()) {
            return Map.of();
        }
        try {
            return json.readValue(settings, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("run settings are not a JSON object of strings: " + settings, e);
        }
    }
}
