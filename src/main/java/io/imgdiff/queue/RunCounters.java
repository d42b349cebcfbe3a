package io.imgdiff.queue;

import io.imgdiff.item.StageName;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Reads a run's counters hash ({@code {stage}:queued}, {@code {stage}:dropped:{reason}}, {@code done}...). */
final class RunCounters {

    private RunCounters() {
    }

    static RunStatus status(RunInfo run, Map<String, String> counters) {
        Map<String, Long> c = new HashMap<>();
        if (counters != null) {
            counters.forEach((k, v) -> c.put(k, Long.parseLong(v)));
        }
        Map<StageName, StageCounts> stages = new EnumMap<>(StageName.class);
        for (StageName s : StageName.values()) {
            String p = s.key() + ":";
            Map<String, Long> dropped = new TreeMap<>();
            c.forEach((k, v) -> {
                if (k.startsWith(p + "dropped:")) {
                    dropped.put(k.substring((p + "dropped:").length()), v);
                }
            });
            stages.put(s, new StageCounts(c.getOrDefault(p + "queued", 0L), c.getOrDefault(p + "passed", 0L),
                    dropped, c.getOrDefault(p + "failed", 0L), c.getOrDefault(p + "retries", 0L)));
        }
        return new RunStatus(run, stages, c.getOrDefault("done", 0L), c.getOrDefault("dropped", 0L),
                c.getOrDefault("failed", 0L));
    }
}
