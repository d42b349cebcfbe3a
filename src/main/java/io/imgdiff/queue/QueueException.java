package io.imgdiff.queue;

/**
 * A queue script refused a state change. The message names the script, the stream, the run and the item, so a
 * log line alone says what was refused and where.
 */
public class QueueException extends RuntimeException {

    private final QueueError error;

    public QueueException(QueueError error, long code, String script, ScriptTarget target) {
        super(script + " refused (" + error.name() + ", code " + code + ": " + error.meaning() + ") on stream '"
                + target.stream() + "', run '" + target.run() + "', item '" + target.item() + "'");
        this.error = error;
    }

    /** A refusal with the script's own error text (a per-job error of a batch script). */
    public QueueException(QueueError error, long code, String script, ScriptTarget target, String detail) {
        super(script + " refused (" + error.name() + ", code " + code + ": " + error.meaning() + ": " + detail
                + ") on stream '" + target.stream() + "', run '" + target.run() + "', item '" + target.item() + "'");
        this.error = error;
    }

    public QueueError error() {
        return error;
    }
}
