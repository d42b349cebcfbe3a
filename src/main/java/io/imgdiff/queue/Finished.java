package io.imgdiff.queue;

/**
 * What {@link JobQueue#finish(java.util.List)} did with one {@link Finish}: its {@code outcome} (APPLIED, or STALE
 * when another delivery of the job had already finished it), or, when the queue refused it (for example the item
 * hash is gone), {@code refused} with the reason and {@code outcome} null. A refused job changed nothing and stays
 * pending.
 */
public record Finished(Finish finish, Outcome outcome, QueueException refused) {

    public static Finished of(Finish finish, Outcome outcome) {
        return new Finished(finish, outcome, null);
    }

    public static Finished refused(Finish finish, QueueException why) {
        return new Finished(finish, null, why);
    }
}
