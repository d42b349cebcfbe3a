package io.imgdiff.queue;

import java.util.Map;

/**
 * Counters of one stage in one run. {@code queued} counts items that entered the stage; an item finishes a stage
 * once as passed, dropped (by reason) or failed; {@code retries} counts failed attempts that were retried.
 */
public record StageCounts(long queued, long passed, Map<String, Long> dropped, long failed, long retries) {

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Items in the stage now: waiting, running or waiting for a retry. */
    public long inStage() {
        return Math.max(0, queued - passed - droppedTotal() - failed);
    }
}
