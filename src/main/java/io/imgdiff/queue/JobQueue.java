package io.imgdiff.queue;

import io.imgdiff.item.StageName;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The job queue on Redis Streams: one stream and one consumer group per stage. Delivery is at least once;
 * every state change of a job (finish, retry, dead-letter, release) is one Lua script, so the ack of a job and the
 * enqueue of its next stage happen together or not at all. See {@code docs/queue.md}.
 */
public interface JobQueue {

    /** Creates every stage stream and its consumer group when missing; idempotent. */
    void ensureGroups();

    /** Reads up to {@code count} new jobs from the given stages' streams, blocking up to {@code block}. */
    List<Job> read(String consumer, Collection<StageName> stages, int count, Duration block);

    /**
     * Takes over jobs whose consumer has not acked or renewed them for the visibility timeout (XAUTOCLAIM).
     * A job delivered more than {@code maxAttempts} times without finishing goes to the dead-letter stream instead.
     */
    List<Job> reclaim(String consumer, Collection<StageName> stages, int count);

    /** Renews the claim on jobs this consumer is still running, so they are not reclaimed. */
    void renew(String consumer, Collection<Job> jobs);

    /**
     * Atomically: stores {@code outputJson} as the item's output of the job's stage, acks the job, and enqueues the
     * next stage (or marks the item done after the last). STALE when this delivery was already finished.
     */
    Outcome pass(Job job, String outputJson);

    /** Atomically: stores the output, acks the job, and marks the item dropped with {@code reason}. */
    Outcome drop(Job job, String reason, String outputJson);

    /**
     * Records a failed attempt. A permanent error, or the last allowed attempt, moves the job to the dead-letter
     * stream and marks the item failed; otherwise the job is acked and re-enqueued after an exponential backoff with
     * jitter.
     */
    Outcome fail(Job job, String error, boolean permanent);

    /**
     * Applies many finishes in one round trip (one script call per at most {@link #FINISH_BATCH_MAX} jobs). Each job
     * is applied exactly as its own {@link #pass}, {@link #drop} or {@link #fail} would be, guarded by its own ack:
     * a stale delivery changes nothing and reports STALE alone, a refused job does not stop the others. Returns one
     * {@link Finished} per finish, in order. Throws when the call itself fails (Redis unreachable); the jobs are
     * then still pending, or were finished by that call, and a repeat of the same finishes is safe (STALE where
     * they were applied).
     */
    List<Finished> finish(List<? extends Finish> finishes);

    /** Most jobs {@link #finish(List)} applies in one script call; longer lists take several calls. */
    int FINISH_BATCH_MAX = 256;

    /** Acks the job and puts it straight back on its stream, for another worker (used when shutting down). */
    Outcome release(Job job);

    /** Moves retries whose backoff has elapsed back onto their streams; returns how many. */
    int promoteDueRetries();

    /** Trims entries every group has acknowledged; returns how many were removed. Never removes an unacked entry. */
    long trim(StageName stage);

    /** Deletes consumers idle longer than {@code idle} that hold no pending entries; returns how many. */
    int cleanupConsumers(StageName stage, Duration idle);

    /** Per-stage stream figures for metrics and {@code status}. */
    Map<StageName, StreamStats> streamStats();

    /** Dead letters, oldest first, optionally only those of one run. */
    List<DeadLetter> deadLetters(String runOrNull, int max);

    /** Re-enqueues dead letters (all, or those of one run, or the given ids) with fresh attempts; returns how many. */
    int retryDeadLetters(String runOrNull, Collection<String> idsOrEmpty);
}
