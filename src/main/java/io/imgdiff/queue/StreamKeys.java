package io.imgdiff.queue;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.item.StageName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The only place that builds Redis key names; Lua scripts receive every key they touch from here. Layout
 * (with {@code p} the configured key prefix):
 * <pre>
 * p:stream:{stage}                  stream of jobs of a stage (fields run, item, attempt)
 * p:delayed:{stage}                 zset of retries waiting for their backoff, scored by due time (ms)
 * p:dead                            dead-letter stream
 * p:runs                            zset of run ids scored by creation time (ms)
 * p:run:{run}                       hash: created, entry, items, settings (JSON)
 * p:run:{run}:counters              hash of per-stage and per-run counters
 * p:run:{run}:items                 zset of item ids, all scored 0, for id-order (lexicographic) paging
 * p:run:{run}:item:{item}           hash: entry, input, one JSON field per stage output, status, stage, reason, error
 * </pre>
 */
@ApplicationScoped
public class StreamKeys {

    private final String prefix;

    @Inject
    public StreamKeys(ImgdiffConfig config) {
        this(config.queue().keyPrefix());
    }

    /** For code that has no config at hand, such as tests inspecting raw keys. */
    public StreamKeys(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public String stream(StageName stage) {
        return prefix + ":stream:" + stage.key();
    }

    public String delayed(StageName stage) {
        return prefix + ":delayed:" + stage.key();
    }

    public String dead() {
        return prefix + ":dead";
    }

    public String runs() {
        return prefix + ":runs";
    }

    public String run(String run) {
        return prefix + ":run:" + run;
    }

    public String counters(String run) {
        return run(run) + ":counters";
    }

    public String items(String run) {
        return run(run) + ":items";
    }

    public String item(String run, String item) {
        return run(run) + ":item:" + item;
    }

    /** The stage whose stream is {@code key}, for decoding XREADGROUP replies. */
    public StageName stageOfStream(String key) {
        String head = prefix + ":stream:";
        if (!key.startsWith(head)) {
            throw new IllegalArgumentException("key '" + key + "' is not a stage stream: expected '" + head
                    + "{stage}'");
        }
        return StageName.of(key.substring(head.length()));
    }
}
