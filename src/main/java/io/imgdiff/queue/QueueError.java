package io.imgdiff.queue;

import java.util.Arrays;

/** Negative return codes of the queue's Lua scripts, each with what it means. */
public enum QueueError {
    RUN_EXISTS(-1, "the run already exists"),
    ITEM_NOT_FOUND(-2, "the item has no record in Redis"),
    ITEM_EXISTS(-3, "an item of the batch already exists"),
    SCRIPT_ERROR(-4, "applying the job raised an error inside the script (reported per job by finishBatch)"),
    UNKNOWN(Long.MIN_VALUE, "unknown script error code");

    private final long code;
    private final String meaning;

    QueueError(long code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public long code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The error for a script's negative return code; {@link #UNKNOWN} for a code no script defines. */
    public static QueueError of(long code) {
        return Arrays.stream(values()).filter(e -> e.code == code).findFirst().orElse(UNKNOWN);
    }
}
