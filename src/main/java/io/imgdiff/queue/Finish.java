package io.imgdiff.queue;

/**
 * How a stage ended one job, to be applied by {@link JobQueue#finish(java.util.List)} (many at once) or by the
 * single-job calls {@link JobQueue#pass}, {@link JobQueue#drop} and {@link JobQueue#fail}, which do the same.
 */
public sealed interface Finish permits Finish.Pass, Finish.Drop, Finish.Fail {

    Job job();

    /** The stage passed: store {@code outputJson} and hand the item to the next stage (or mark it done). */
    record Pass(Job job, String outputJson) implements Finish {
    }

    /** The stage dropped the item for {@code reason} (a token without ':'), storing {@code outputJson} if not null. */
    record Drop(Job job, String reason, String outputJson) implements Finish {
        public Drop {
            checkReason(job, reason);
        }

        /** Refuses a reason that is empty or holds ':' (it becomes part of a counter name). */
        static void checkReason(Job job, String reason) {
            if (reason == null || reason.isBlank() || reason.contains(":")) {
                throw new IllegalArgumentException("drop reason '" + reason + "' for run " + job.run() + ", item "
                        + job.item() + " is invalid: expected a non-empty token without ':'");
            }
        }
    }

    /** The attempt failed: retry after a backoff, or dead-letter when {@code permanent} or out of attempts. */
    record Fail(Job job, String error, boolean permanent) implements Finish {
    }
}
