package io.imgdiff.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.item.StageName;
import io.imgdiff.queue.RedisScripts.Script;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reading and re-enqueuing the dead-letter stream. */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final int PAGE = 500;

    private final StreamCommands<String, String, String> streams;
    private final StreamKeys keys;
    private final RedisScripts scripts;
    private final ObjectMapper json;

    @Inject
    public DeadLetters(RedisDataSource ds, StreamKeys keys, RedisScripts scripts, ObjectMapper json) {
        this.streams = ds.stream(String.class);
        this.keys = keys;
        this.scripts = scripts;
        this.json = json;
    }

    /** Up to {@code max} dead letters, oldest first, of one run or of all. */
    public List<DeadLetter> list(String runOrNull, int max) {
        List<DeadLetter> out = new ArrayList<>();
        scan(l -> runOrNull == null || runOrNull.equals(l.run()), l -> out.add(l), max);
        return out;
    }

    /** Re-enqueues the given letters, or every letter (of one run) when {@code ids} is empty. */
    public int retry(String runOrNull, Collection<String> idsOrEmpty) {
        List<DeadLetter> chosen = new ArrayList<>();
        Predicate<DeadLetter> ofRun = l -> runOrNull == null || runOrNull.equals(l.run());
        if (idsOrEmpty == null || idsOrEmpty.isEmpty()) {
            scan(ofRun, chosen::add, Integer.MAX_VALUE);
        } else {
            for (String id : idsOrEmpty) {
                streams.xrange(keys.dead(), StreamRange.of(id, id), 1).stream().map(this::letter)
                        .filter(ofRun).forEach(chosen::add);
            }
        }
        int retried = 0;
        for (DeadLetter l : chosen) {
            retried += retryOne(l) ? 1 : 0;
        }
        return retried;
    }

    private boolean retryOne(DeadLetter l) {
        if (l.run().isEmpty() || l.item().isEmpty()) {
            LOG.warnf("dead letter %s names no run or item (a malformed entry); it cannot be retried: %s", l.id(),
                    l.error());
            return false;
        }
        long rc = scripts.callLong(Script.RETRY_DEAD,
                new ScriptTarget(keys.stream(l.stage()), l.run(), l.item()),
                List.of(keys.dead(), keys.stream(l.stage()), keys.item(l.run(), l.item()), keys.counters(l.run())),
                List.of(l.id(), l.stage().key(), l.stage().name(), l.run(), l.item()));
        return rc == 1;
    }

    /** Walks the dead-letter stream in pages, oldest first, until {@code max} letters were accepted. */
    private void scan(Predicate<DeadLetter> filter, java.util.function.Consumer<DeadLetter> sink, int max) {
        String from = "-";
        int accepted = 0;
        while (accepted < max) {
            List<StreamMessage<String, String, String>> page = streams.xrange(keys.dead(), StreamRange.of(from, "+"),
                    PAGE);
            for (StreamMessage<String, String, String> m : page) {
                DeadLetter l = letter(m);
                if (accepted < max && filter.test(l)) {
                    sink.accept(l);
                    accepted++;
                }
            }
            if (page.size() < PAGE) {
                return;
            }
            from = "(" + page.get(page.size() - 1).id();
        }
    }

    private DeadLetter letter(StreamMessage<String, String, String> m) {
        Map<String, String> f = m.payload();
        String at = f.getOrDefault("at", m.id().substring(0, m.id().indexOf('-')));
        return new DeadLetter(m.id(), StageName.of(f.getOrDefault("stage", "edit")), f.getOrDefault("run", ""),
                f.getOrDefault("item", ""), Integer.parseInt(f.getOrDefault("attempts", "0")),
                f.getOrDefault("error", ""), history(f.get("history")), Instant.ofEpochMilli(Long.parseLong(at)));
    }

    private List<String> history(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        try {
            return json.readValue(text, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            return List.of(text);
        }
    }
}
