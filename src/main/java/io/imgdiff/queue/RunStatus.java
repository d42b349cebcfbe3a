package io.imgdiff.queue;

import io.imgdiff.item.StageName;

import java.util.Map;

/** A run with its per-stage counters and how many items finished as done, dropped or failed. */
public record RunStatus(RunInfo run, Map<StageName, StageCounts> stages, long done, long dropped, long failed) {

    public long finished() {
        return done + dropped + failed;
    }

    public boolean complete() {
        return finished() >= run.items();
    }
}
