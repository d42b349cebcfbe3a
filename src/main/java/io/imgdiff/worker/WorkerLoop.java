package io.imgdiff.worker;

import io.imgdiff.item.StageName;
import io.imgdiff.queue.Job;
import io.imgdiff.queue.JobQueue;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One worker: a reader thread that pulls batches of jobs (new ones, and ones reclaimed from dead consumers) for the
 * stages it serves, {@code concurrency} job threads, and a housekeeping thread that renews claims on running jobs,
 * promotes due retries and trims streams. {@link #stop()} stops reading, waits for in-flight jobs up to the grace
 * period and releases what is still running back to the queue, so no job is lost.
 */
public final class WorkerLoop {

    private static final Logger LOG = Logger.getLogger(WorkerLoop.class);
    /** Retries become due at this granularity; one cheap script call per tick. */
    private static final long HOUSEKEEPING_TICK_MS = 200;
    /** Longest wait between attempts to read while Redis is failing. */
    private static final long MAX_READ_RETRY_MS = 30_000;

    /** Called after every job, for metrics and benchmarks. */
    public interface Listener {
        void finished(Job job, JobRunner.Verdict verdict, long readNanos, long doneNanos);
    }

    /** Settings of one loop. */
    public record Options(String consumer, Set<StageName> stages, int concurrency, int batchSize, Duration block,
                          Duration heartbeat, Duration maintenance, Duration consumerIdle,
                          boolean burst, Duration burstIdle, Duration grace) {
    }

    private final JobQueue queue;
    private final JobRunner runner;
    private final Options options;
    private final Listener listener;
    /** Jobs read and not yet finished (running or waiting for a job thread). */
    private final AtomicInteger held = new AtomicInteger();
    private final Set<Job> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ExecutorService jobs;
    private volatile long lastBusyNanos = System.nanoTime();
    private long nextReclaimNanos;

    public WorkerLoop(JobQueue queue, JobRunner runner, Options options, Listener listener) {
        this.queue = queue;
        this.runner = runner;
        this.options = options;
        this.listener = listener;
        this.jobs = Executors.newFixedThreadPool(options.concurrency(), r -> {
            Thread t = new Thread(r, "imgdiff-job");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs until {@link #stop()} or, in burst mode, until the streams stay empty; returns the exit code (0). */
    public int run() {
        queue.ensureGroups();
        LOG.infof("worker %s serving %s with concurrency %d%s", options.consumer(), options.stages(),
                options.concurrency(), options.burst() ? " (burst: exits when idle for " + options.burstIdle() + ")" : "");
        Thread housekeeping = new Thread(this::housekeep, "imgdiff-housekeeping");
        housekeeping.setDaemon(true);
        housekeeping.start();
        long retryMs = 0;
        try {
            while (!stopping.get()) {
                try {
                    readOnce();
                    retryMs = 0;
                } catch (RuntimeException e) {
                    if (stopping.get()) {
                        break;
                    }
                    // Redis unreachable or failing: keep the worker (and its in-flight jobs) and try again later;
                    // readiness reports the outage meanwhile.
                    retryMs = Math.min(MAX_READ_RETRY_MS, Math.max(250, retryMs * 2));
                    LOG.errorf("worker %s: reading jobs failed (%s); retrying in %d ms", options.consumer(),
                            JobRunner.describe(e), retryMs);
                    pause(retryMs);
                    recreateGroups();
                }
            }
        } finally {
            drain();
            housekeeping.interrupt();
            stopped.countDown();
        }
        return 0;
    }

    /** One round: reclaim (every heartbeat) and read up to the free slots, hand the jobs to the job threads. */
    private void readOnce() {
        int free = awaitFreeSlots();
        if (free == 0) {
            return;
        }
        List<Job> batch = new ArrayList<>();
        if (System.nanoTime() >= nextReclaimNanos) {
            batch.addAll(queue.reclaim(options.consumer(), options.stages(), free));
            nextReclaimNanos = System.nanoTime() + options.heartbeat().toNanos();
        }
        if (batch.size() < free && !stopping.get()) {
            batch.addAll(queue.read(options.consumer(), options.stages(), free - batch.size(), options.block()));
        }
        long readAt = System.nanoTime();
        for (Job job : batch) {
            submit(job, readAt);
        }
        if (!batch.isEmpty() || !inFlight.isEmpty()) {
            lastBusyNanos = System.nanoTime();
        } else if (options.burst() && idleLongEnough()) {
            LOG.infof("burst worker %s: streams empty for %s, exiting", options.consumer(), options.burstIdle());
            stopping.set(true);
        }
    }

    /** A Redis that came back empty (no persistence) has lost the streams and groups: make them again. */
    private void recreateGroups() {
        try {
            queue.ensureGroups();
        } catch (RuntimeException e) {
            LOG.debugf("worker %s: Redis still unavailable: %s", options.consumer(), e.getMessage());
        }
    }

    private void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.set(true);
        }
    }

    /** Asks the loop to stop and waits until in-flight jobs are finished or released (at most the grace period). */
    public void stop() {
        stopping.set(true);
        try {
            stopped.await(options.grace().toMillis() + options.block().toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Jobs currently running, for tests and health. */
    public int inFlight() {
        return inFlight.size();
    }

    /**
     * Waits until fewer than {@code concurrency} jobs are held, then returns how many more to ask for (at most one
     * batch). XREADGROUP's COUNT applies per stream, so a read over several streams may bring more than asked; those
     * wait in the executor's queue, still claimed by this worker and renewed like running ones.
     */
    private int awaitFreeSlots() {
        synchronized (held) {
            if (held.get() >= options.concurrency()) {
                try {
                    held.wait(options.block().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping.set(true);
                }
                return 0;
            }
            return Math.min(options.concurrency() - held.get(), options.batchSize());
        }
    }

    private void submit(Job job, long readAt) {
        inFlight.add(job);
        held.incrementAndGet();
        jobs.execute(() -> {
            try {
                JobRunner.Verdict v = runner.run(job);
                listener.finished(job, v, readAt, System.nanoTime());
            } catch (RuntimeException e) {
                // Redis failed while recording the outcome: the job stays pending and is redelivered later.
                LOG.errorf("worker %s: could not finish job %s %s/%s (%s); it will be redelivered after the"
                        + " visibility timeout", options.consumer(), job.stage().key(), job.run(), job.item(),
                        JobRunner.describe(e));
            } finally {
                inFlight.remove(job);
                synchronized (held) {
                    held.decrementAndGet();
                    held.notifyAll();
                }
            }
        });
    }

    private boolean idleLongEnough() {
        if (System.nanoTime() - lastBusyNanos < options.burstIdle().toNanos()) {
            return false;
        }
        // Empty means nothing undelivered, nothing pending anywhere, no retry waiting, for the stages served.
        boolean empty = queue.streamStats().entrySet().stream()
                .filter(e -> options.stages().contains(e.getKey()))
                .allMatch(e -> e.getValue().lag() == 0 && e.getValue().pending() == 0 && e.getValue().delayedRetries() == 0);
        if (!empty) {
            lastBusyNanos = System.nanoTime();
        }
        return empty;
    }

    private void drain() {
        jobs.shutdown();
        try {
            if (!jobs.awaitTermination(options.grace().toMillis(), TimeUnit.MILLISECONDS)) {
                for (Job job : List.copyOf(inFlight)) {
                    queue.release(job);
                    LOG.warnf("worker %s: released unfinished job %s %s/%s", options.consumer(), job.stage().key(),
                            job.run(), job.item());
                }
                jobs.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            List.copyOf(inFlight).forEach(queue::release);
        } catch (RuntimeException e) {
            LOG.errorf("worker %s: could not release in-flight jobs (they will be reclaimed after the visibility"
                    + " timeout): %s", options.consumer(), JobRunner.describe(e));
        }
        LOG.infof("worker %s stopped", options.consumer());
    }

    /** Every tick: promote due retries; every heartbeat: renew claims; every maintenance interval: trim. */
    private void housekeep() {
        long nextRenew = 0;
        long nextMaintenance = System.nanoTime() + options.maintenance().toNanos();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(HOUSEKEEPING_TICK_MS);
                queue.promoteDueRetries();
                long now = System.nanoTime();
                if (now >= nextRenew && !inFlight.isEmpty()) {
                    queue.renew(options.consumer(), List.copyOf(inFlight));
                    nextRenew = now + options.heartbeat().toNanos();
                }
                if (now >= nextMaintenance) {
                    for (StageName s : options.stages()) {
                        queue.trim(s);
                        queue.cleanupConsumers(s, options.consumerIdle());
                    }
                    nextMaintenance = now + options.maintenance().toNanos();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (e.getCause() instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                    return; // stopping: the blocking Redis call was interrupted
                }
                LOG.warnf("worker %s housekeeping: %s", options.consumer(), JobRunner.describe(e));
            }
        }
    }
}
