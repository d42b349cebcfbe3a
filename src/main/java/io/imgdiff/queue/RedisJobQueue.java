package io.imgdiff.queue;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.item.StageName;
import io.imgdiff.queue.RedisScripts.Script;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.PendingMessage;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.redis.datasource.stream.XPendingArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * {@link JobQueue} on Redis Streams. Reading and claiming are plain stream commands; every state change is one Lua
 * script run through {@link RedisScripts}. Maintenance and dead letters live in {@link StreamMaintenance} and
 * {@link DeadLetters}.
 */
@ApplicationScoped
public class RedisJobQueue implements JobQueue {

    private static final Logger LOG = Logger.getLogger(RedisJobQueue.class);
    private static final String CRASHED = "delivered %d times without finishing; the worker running it probably"
            + " crashed (max attempts %d)";

    private final StreamCommands<String, String, String> streams;
    private final ImgdiffConfig.QueueConfig config;
    private final StreamKeys keys;
    private final RedisScripts scripts;
    private final StreamMaintenance maintenance;
    private final DeadLetters deadLetters;
    private final Backoff backoff;

    @Inject
    public RedisJobQueue(RedisDataSource ds, ImgdiffConfig config, StreamKeys keys, RedisScripts scripts,
                         StreamMaintenance maintenance, DeadLetters deadLetters) {
        this.streams = ds.stream(String.class);
        this.config = config.queue();
        this.keys = keys;
        this.scripts = scripts;
        this.maintenance = maintenance;
        this.deadLetters = deadLetters;
        this.backoff = new Backoff(this.config.backoffBase(), this.config.backoffMax(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    @Override
    public void ensureGroups() {
        maintenance.ensureGroups();
    }

    @Override
    public List<Job> read(String consumer, Collection<StageName> stages, int count, Duration block) {
        if (stages.isEmpty()) {
            return List.of();
        }
        Map<String, String> from = new LinkedHashMap<>();
        stages.forEach(s -> from.put(keys.stream(s), ">"));
        XReadGroupArgs args = new XReadGroupArgs().count(count);
        if (block != null && !block.isZero() && !block.isNegative()) {
            args.block(block);
        }
        List<StreamMessage<String, String, String>> got = streams.xreadgroup(config.group(), consumer, from, args);
        List<Job> jobs = new ArrayList<>(got.size());
        for (StreamMessage<String, String, String> m : got) {
            decodeOrBury(keys.stageOfStream(m.key()), m.id(), m.payload(), jobs);
        }
        return jobs;
    }

    @Override
    public List<Job> reclaim(String consumer, Collection<StageName> stages, int count) {
        List<Job> jobs = new ArrayList<>();
        for (StageName stage : stages) {
            String stream = keys.stream(stage);
            List<StreamMessage<String, String, String>> claimed = streams.xautoclaim(stream, config.group(),
                    consumer, config.visibilityTimeout(), "0-0", count).getMessages();
            if (claimed.isEmpty()) {
                continue;
            }
            Map<String, Integer> deliveries = deliveries(stream, consumer, claimed);
            for (StreamMessage<String, String, String> m : claimed) {
                int n = deliveries.getOrDefault(m.id(), 0);
                if (n > config.maxAttempts()) {
                    buryCrashed(stage, m, n);
                } else {
                    decodeOrBury(stage, m.id(), m.payload(), jobs);
                }
            }
        }
        return jobs;
    }

    /** Delivery counts (XPENDING) of the claimed entries, now owned by {@code consumer}. */
    private Map<String, Integer> deliveries(String stream, String consumer,
                                            List<StreamMessage<String, String, String>> claimed) {
        String first = claimed.get(0).id();
        String last = claimed.get(claimed.size() - 1).id();
        List<PendingMessage> pending = streams.xpending(stream, config.group(), StreamRange.of(first, last),
                claimed.size() * 2 + 16, new XPendingArgs().consumer(consumer));
        return pending.stream().collect(Collectors.toMap(PendingMessage::getMessageId,
                PendingMessage::getDeliveryCount, (a, b) -> a));
    }

    private void buryCrashed(StageName stage, StreamMessage<String, String, String> m, int deliveries) {
        JobDecoder.Decoded d = JobDecoder.decode(stage, keys.stream(stage), m.id(), m.payload());
        if (d.job() == null) {
            buryMalformed(stage, m.id(), m.payload(), d.error());
            return;
        }
        Job job = d.job();
        String error = String.format(CRASHED, deliveries, config.maxAttempts());
        LOG.warnf("dead-lettering %s job %s (run %s, item %s): %s", stage.key(), m.id(), job.run(), job.item(),
                error);
        scripts.callLong(Script.DEAD_LETTER, target(job),
                RedisScripts.list(keys.stream(stage), keys.item(job.run(), job.item()), keys.counters(job.run()),
                        keys.dead()),
                RedisScripts.list(config.group(), m.id(), stage.key(), job.run(), job.item(), deliveries, error));
    }

    private void decodeOrBury(StageName stage, String id, Map<String, String> payload, List<Job> into) {
        JobDecoder.Decoded d = JobDecoder.decode(stage, keys.stream(stage), id, payload);
        if (d.job() != null) {
            into.add(d.job());
        } else {
            buryMalformed(stage, id, payload, d.error());
        }
    }

    private void buryMalformed(StageName stage, String id, Map<String, String> payload, String error) {
        LOG.error("dead-lettering malformed entry: " + error);
        Map<String, String> fields = payload == null ? Map.of() : payload;
        scripts.callLong(Script.DEAD_LETTER_MALFORMED, ScriptTarget.ofStream(keys.stream(stage)),
                RedisScripts.list(keys.stream(stage), keys.dead()),
                RedisScripts.list(config.group(), id, stage.key(), fields.getOrDefault("run", ""),
                        fields.getOrDefault("item", ""), error));
    }

    @Override
    public void renew(String consumer, Collection<Job> jobs) {
        Map<StageName, List<Job>> byStage = jobs.stream().collect(Collectors.groupingBy(Job::stage));
        byStage.forEach((stage, list) -> {
            List<String> args = new ArrayList<>(List.of(config.group(), consumer));
            list.forEach(j -> args.add(j.entryId()));
            scripts.callLong(Script.RENEW, ScriptTarget.ofStream(keys.stream(stage)), List.of(keys.stream(stage)),
                    args);
        });
    }

    @Override
    public Outcome pass(Job job, String outputJson) {
        StageName stage = job.stage();
        StageName next = stage.next().orElse(null);
        String nextStream = next == null ? keys.stream(stage) : keys.stream(next);
        long rc = scripts.callLong(Script.PASS, target(job),
                RedisScripts.list(keys.stream(stage), keys.item(job.run(), job.item()), keys.counters(job.run()),
                        nextStream),
                RedisScripts.list(config.group(), job.entryId(), stage.key(), json(outputJson), job.run(), job.item(),
                        next == null ? "" : next.key(), next == null ? "" : next.name()));
        return outcome(rc);
    }

    @Override
    public Outcome drop(Job job, String reason, String outputJson) {
        Finish.Drop.checkReason(job, reason);
        long rc = scripts.callLong(Script.DROP, target(job),
                RedisScripts.list(keys.stream(job.stage()), keys.item(job.run(), job.item()),
                        keys.counters(job.run())),
                RedisScripts.list(config.group(), job.entryId(), job.stage().key(),
                        outputJson == null ? "" : outputJson, reason));
        return outcome(rc);
    }

    @Override
    public Outcome fail(Job job, String error, boolean permanent) {
        StageName stage = job.stage();
        String text = errorText(error);
        long rc = scripts.callLong(Script.FAIL, target(job),
                RedisScripts.list(keys.stream(stage), keys.item(job.run(), job.item()), keys.counters(job.run()),
                        keys.delayed(stage), keys.dead()),
                RedisScripts.list(config.group(), job.entryId(), stage.key(), job.run(), job.item(), job.attempt(),
                        text, permanent ? "1" : "0", config.maxAttempts(), backoff.delayMillis(job.attempt()),
                        job.run() + "|" + job.item() + "|" + (job.attempt() + 1)));
        return outcome(rc);
    }

    @Override
    public List<Finished> finish(List<? extends Finish> finishes) {
        List<Finished> out = new ArrayList<>(finishes.size());
        for (int from = 0; from < finishes.size(); from += FINISH_BATCH_MAX) {
            finishChunk(finishes.subList(from, Math.min(finishes.size(), from + FINISH_BATCH_MAX)), out);
        }
        return out;
    }

    /** One finishBatch-1 call: four keys and ten arguments per job, laid out as its header says. */
    private void finishChunk(List<? extends Finish> chunk, List<Finished> out) {
        List<String> k = new ArrayList<>(1 + 4 * chunk.size());
        List<String> a = new ArrayList<>(2 + 10 * chunk.size());
        k.add(keys.dead());
        a.add(config.group());
        a.add(Integer.toString(config.maxAttempts()));
        for (Finish f : chunk) {
            Job job = f.job();
            StageName stage = job.stage();
            k.add(keys.stream(stage));
            k.add(keys.item(job.run(), job.item()));
            k.add(keys.counters(job.run()));
            a.add(kind(f));
            a.add(job.entryId());
            a.add(stage.key());
            a.add(job.run());
            a.add(job.item());
            if (f instanceof Finish.Pass p) {
                StageName next = stage.next().orElse(null);
                k.add(keys.stream(next == null ? stage : next));
                a.addAll(List.of(json(p.outputJson()), next == null ? "" : next.key(), next == null ? "" : next.name(),
                        "", ""));
            } else if (f instanceof Finish.Drop d) {
                k.add(keys.stream(stage));
                a.addAll(List.of(d.outputJson() == null ? "" : d.outputJson(), d.reason(), "", "", ""));
            } else {
                Finish.Fail x = (Finish.Fail) f;
                k.add(keys.delayed(stage));
                a.addAll(RedisScripts.list(job.attempt(), errorText(x.error()), x.permanent() ? "1" : "0",
                        backoff.delayMillis(job.attempt()), job.run() + "|" + job.item() + "|" + (job.attempt() + 1)));
            }
        }
        Finish first = chunk.get(0);
        ScriptTarget batch = new ScriptTarget(keys.stream(first.job().stage()), first.job().run(),
                first.job().item() + (chunk.size() > 1 ? " and " + (chunk.size() - 1) + " more" : ""));
        Response reply = scripts.call(Script.FINISH_BATCH, batch, k, a);
        if (reply == null || reply.size() != chunk.size()) {
            throw new IllegalStateException(Script.FINISH_BATCH.file() + " answered " + reply + " for "
                    + chunk.size() + " jobs");
        }
        for (int i = 0; i < chunk.size(); i++) {
            Finish f = chunk.get(i);
            Response r = reply.get(i);
            String script = Script.FINISH_BATCH.file() + " (" + kind(f) + ")";
            if (r.type() == ResponseType.NUMBER && r.toLong() >= 0) {
                out.add(Finished.of(f, outcome(r.toLong())));
            } else if (r.type() == ResponseType.NUMBER) {
                long code = r.toLong();
                out.add(Finished.refused(f, new QueueException(QueueError.of(code), code, script, target(f.job()))));
            } else {
                out.add(Finished.refused(f, new QueueException(QueueError.SCRIPT_ERROR, QueueError.SCRIPT_ERROR.code(),
                        script, target(f.job()), r.toString())));
            }
        }
    }

    private static String kind(Finish f) {
        return f instanceof Finish.Pass ? "pass" : f instanceof Finish.Drop ? "drop" : "fail";
    }

    private static String errorText(String error) {
        return error == null || error.isBlank() ? "(no error message)" : error;
    }

    @Override
    public Outcome release(Job job) {
        long rc = scripts.callLong(Script.RELEASE, target(job), List.of(keys.stream(job.stage())),
                RedisScripts.list(config.group(), job.entryId(), job.run(), job.item(), job.attempt()));
        return outcome(rc);
    }

    @Override
    public int promoteDueRetries() {
        return maintenance.promoteDueRetries();
    }

    @Override
    public long trim(StageName stage) {
        return maintenance.trim(stage);
    }

    @Override
    public int cleanupConsumers(StageName stage, Duration idle) {
        return maintenance.cleanupConsumers(stage, idle);
    }

    @Override
    public Map<StageName, StreamStats> streamStats() {
        return maintenance.streamStats();
    }

    @Override
    public List<DeadLetter> deadLetters(String runOrNull, int max) {
        return deadLetters.list(runOrNull, max);
    }

    @Override
    public int retryDeadLetters(String runOrNull, Collection<String> idsOrEmpty) {
        return deadLetters.retry(runOrNull, idsOrEmpty);
    }

    private ScriptTarget target(Job job) {
        return ScriptTarget.of(job, keys.stream(job.stage()));
    }

    private static String json(String outputJson) {
        return outputJson == null ? "null" : outputJson;
    }

    private static Outcome outcome(long rc) {
        return rc == 0 ? Outcome.STALE : Outcome.APPLIED;
    }
}
