package io.imgdiff.worker;

import io.imgdiff.queue.Finish;
import io.imgdiff.queue.Finished;
import io.imgdiff.queue.Job;
import io.imgdiff.queue.JobQueue;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Writes the worker's job outcomes to Redis in batches: job threads {@link #offer} a {@link Finish}, and one flusher
 * thread applies the buffered ones with a single {@link JobQueue#finish} call as soon as the buffer holds
 * {@code maxBatch} of them, the oldest has waited {@code linger}, or no other job of the worker is waiting or running
 * (nothing more could join the batch) — whichever comes first.
 *
 * <p>A buffered job is still pending on Redis and still claimed (the worker renews it), so nothing is lost while it
 * waits. When a flush fails (Redis unreachable) the flusher keeps the batch and tries again with a growing pause; a
 * repeat is safe because every job is guarded by its own XACK (what the failed call did apply comes back STALE).
 * {@link #close} flushes what is left; whatever still cannot be written then stays pending on Redis and is
 * redelivered by {@code reclaim} after the visibility timeout.
 */
final class Finisher {

    private static final Logger LOG = Logger.getLogger(Finisher.class);
    private static final long FIRST_RETRY_MS = 100;
    private static final long MAX_RETRY_MS = 5_000;

    /** Where the flusher reports each job it is done with. */
    interface Sink {
        /** The job's finish was applied, or found STALE: the worker no longer holds it. */
        void finished(Finish finish, JobRunner.Verdict verdict, long readNanos, long doneNanos);

        /** The job's finish could not be written; the job stays pending on Redis and will be redelivered. */
        void abandoned(Job job, String why);
    }

    private record Entry(Finish finish, long readNanos, long offeredNanos) {
    }

    private final JobQueue queue;
    private final long lingerNanos;
    private final int maxBatch;
    private final BooleanSupplier othersInProgress;
    private final Sink sink;
    private final String consumer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Entry> buffer = new ArrayDeque<>();
    private final Thread flusher;
    /** Set by close: the flusher exits, late offers are applied by their own thread. */
    private boolean closed;
    /** Size of the batch the flusher is writing now (taken from the buffer, not yet settled). */
    private int flushing;

    Finisher(JobQueue queue, Duration linger, int maxBatch, BooleanSupplier othersInProgress, Sink sink,
             String consumer) {
        if (maxBatch < 1 || linger.isNegative()) {
            throw new IllegalArgumentException("finish batch " + maxBatch + " must be at least 1 and linger " + linger
                    + " not negative");
        }
        this.queue = queue;
        this.lingerNanos = linger.toNanos();
        this.maxBatch = maxBatch;
        this.othersInProgress = othersInProgress;
        this.sink = sink;
        this.consumer = consumer;
        this.flusher = new Thread(this::flushLoop, "imgdiff-finisher");
        this.flusher.setDaemon(true);
    }

    /** Starts the flusher thread; until then offers only accumulate. */
    void start() {
        flusher.start();
    }

    /** Buffers a job's finish; applied by the flusher within the linger bound (or at once, after close). */
    void offer(Finish finish, long readNanos) {
        lock.lock();
        try {
            if (!closed) {
                buffer.addLast(new Entry(finish, readNanos, System.nanoTime()));
                // Wake the flusher only when this changes what it waits for: a first entry starts the linger, a full
                // or idle buffer goes now. Otherwise it is already waiting for the oldest entry's linger.
                if (buffer.size() == 1 || buffer.size() >= maxBatch || !othersInProgress.getAsBoolean()) {
                    changed.signalAll();
                }
                return;
            }
        } finally {
            lock.unlock();
        }
        // Closed: a job that outlived the grace period was released already; its late finish must be STALE.
        apply(List.of(new Entry(finish, readNanos, System.nanoTime())), false);
    }

    /** Tells the flusher that a job stopped running, so an idle worker's batch goes out without waiting. */
    void poke() {
        lock.lock();
        try {
            if (!buffer.isEmpty() && !othersInProgress.getAsBoolean()) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Finishes buffered and not yet written, for tests and health. */
    int buffered() {
        lock.lock();
        try {
            return buffer.size() + flushing;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the flusher and writes everything still buffered, retrying until {@code timeout}; what cannot be written
     * by then is reported abandoned (it stays pending on Redis). Later offers are applied at once by their caller.
     */
    void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (flusher.isAlive()) {
            try {
                flusher.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Entry> rest = takeAll();
        long pause = FIRST_RETRY_MS;
        while (!rest.isEmpty() && System.nanoTime() < deadline) {
            List<Entry> failed = apply(rest, true);
            rest = new ArrayList<>(failed);
            rest.addAll(takeAll()); // refusals turned into failures
            if (!failed.isEmpty()) {
                sleepQuietly(Math.min(pause, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                pause = Math.min(MAX_RETRY_MS, pause * 2);
            }
        }
        for (Entry e : rest) {
            sink.abandoned(e.finish().job(), "its outcome could not be written while stopping");
        }
    }

    private List<Entry> takeAll() {
        lock.lock();
        try {
            List<Entry> all = new ArrayList<>(buffer);
            buffer.clear();
            return all;
        } finally {
            lock.unlock();
        }
    }

    private void flushLoop() {
        long pause = FIRST_RETRY_MS;
        while (true) {
            List<Entry> batch;
            lock.lock();
            try {
                while (!closed && !due()) {
                    long wait = buffer.isEmpty() ? TimeUnit.SECONDS.toNanos(1)
                            : buffer.peekFirst().offeredNanos() + lingerNanos - System.nanoTime();
                    changed.awaitNanos(Math.max(wait, 1000));
                }
                if (closed) {
                    return; // close() writes what is left
                }
                batch = new ArrayList<>(Math.min(maxBatch, buffer.size()));
                while (batch.size() < maxBatch && !buffer.isEmpty()) {
                    batch.add(buffer.pollFirst());
                }
                flushing = batch.size();
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            List<Entry> failed = apply(batch, true);
            lock.lock();
            try {
                flushing = 0;
                // Back at the head, in order, ahead of newer outcomes; close() takes them if it comes first.
                for (int i = failed.size() - 1; i >= 0; i--) {
                    buffer.addFirst(failed.get(i));
                }
                if (failed.isEmpty()) {
                    pause = FIRST_RETRY_MS;
                } else {
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause);
                    while (!closed && System.nanoTime() < until) {
                        changed.awaitNanos(until - System.nanoTime());
                    }
                    pause = Math.min(MAX_RETRY_MS, pause * 2);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Called with the lock held: whether the buffer should be written now. */
    private boolean due() {
        if (buffer.isEmpty()) {
            return false;
        }
        return buffer.size() >= maxBatch || System.nanoTime() - buffer.peekFirst().offeredNanos() >= lingerNanos
                || !othersInProgress.getAsBoolean();
    }

    /**
     * Writes the entries with one queue call and settles each. Returns the entries to try again when the call itself
     * failed and {@code keep} is set; without {@code keep} they are reported abandoned.
     */
    private List<Entry> apply(List<Entry> entries, boolean keep) {
        List<Finished> results;
        try {
            results = queue.finish(entries.stream().map(Entry::finish).toList());
        } catch (RuntimeException e) {
            LOG.errorf("worker %s: could not write the outcome of %d job(s) (%s); %s", consumer, entries.size(),
                    JobRunner.describe(e), keep ? "keeping them to try again" : "they will be redelivered after the"
                            + " visibility timeout");
            if (keep) {
                return entries;
            }
            entries.forEach(en -> sink.abandoned(en.finish().job(), JobRunner.describe(e)));
            return List.of();
        }
        long done = System.nanoTime();
        List<Entry> retry = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Finished r = results.get(i);
            Entry en = entries.get(i);
            if (r.refused() == null) {
                sink.finished(r.finish(), JobRunner.verdict(r.finish(), r.outcome()), en.readNanos(), done);
            } else if (!(r.finish() instanceof Finish.Fail)) {
                // As when a single-job call throws: the refusal becomes the job's failure (retried).
                LOG.warnf("worker %s: %s; recording it as a failure of the job", consumer, r.refused().getMessage());
                retry.add(new Entry(new Finish.Fail(r.finish().job(), JobRunner.describe(r.refused()), false),
                        en.readNanos(), done));
            } else {
                LOG.errorf("worker %s: %s; the job will be redelivered after the visibility timeout", consumer,
                        r.refused().getMessage());
                sink.abandoned(r.finish().job(), r.refused().getMessage());
            }
        }
        if (!retry.isEmpty()) {
            if (keep) {
                lock.lock();
                try {
                    retry.forEach(buffer::addFirst);
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            } else {
                apply(retry, false);
            }
        }
        return List.of();
    }

    private static boolean sleepQuietly(long ms) {
        try {
            Thread.sleep(Math.max(0, ms));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
