package io.imgdiff.worker;

import io.imgdiff.item.Item;
import io.imgdiff.item.StageName;
import io.imgdiff.queue.Finish;
import io.imgdiff.queue.Job;
import io.imgdiff.queue.JobQueue;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One worker: a reader thread that pulls batches of jobs (new ones, and ones reclaimed from dead consumers) for the
 * stages it serves and reads their items in one pipelined round trip, {@code concurrency} job threads, a
 * {@link Finisher} that writes the jobs' outcomes in batches (one script call for many jobs, after a short linger),
 * and a housekeeping thread that renews claims on held jobs, promotes due retries and trims streams.
 *
 * <p>The reader keeps at most {@code concurrency + readAhead} jobs waiting for or in a job thread, where the read-ahead
 * shrinks with the stages' speed so that waiting jobs would all start within {@link #READ_AHEAD_HORIZON_NANOS}: fast
 * stages read in batches, slow ones read only for free threads and leave the rest to other workers. Jobs whose
 * outcome waits in the finisher no longer take a slot but are still held (claimed, renewed) until written. {@link #stop()}
 * stops reading, releases jobs no thread has started, waits for running jobs up to the grace period, writes every
 * buffered outcome, and releases what is still running back to the queue, so no job is lost.
 */
public final class WorkerLoop {

    private static final Logger LOG = Logger.getLogger(WorkerLoop.class);
    /** Retries become due at this granularity; one cheap script call per tick. */
    private static final long HOUSEKEEPING_TICK_MS = 200;
    /** Longest wait between attempts to read while Redis is failing. */
    private static final long MAX_READ_RETRY_MS = 30_000;
    /**
     * Pause of the reader after a job met an unavailable object store, doubled while the outage lasts: the jobs go
     * back to the queue unspent, and the worker notices the store's return within the longest pause.
     */
    private static final long MIN_OUTAGE_PAUSE_MS = 250;
    private static final long MAX_OUTAGE_PAUSE_MS = 5_000;

    /** Called after every job, for metrics and benchmarks. */
    public interface Listener {
        void finished(Job job, JobRunner.Verdict verdict, long readNanos, long doneNanos);
    }

    /** Settings of one loop. */
    public record Options(String consumer, Set<StageName> stages, int concurrency, int batchSize, int readAhead,
                          int prefetchAhead, Duration finishLinger, int finishBatch, Duration block, Duration heartbeat,
                          Duration maintenance, Duration consumerIdle, boolean burst, Duration burstIdle,
                          Duration grace) {

        /** These options with another {@code prefetchAhead} (benchmarks compare the two). */
        public Options withPrefetchAhead(int jobsPerThread) {
            return new Options(consumer, stages, concurrency, batchSize, readAhead, jobsPerThread, finishLinger,
                    finishBatch, block, heartbeat, maintenance, consumerIdle, burst, burstIdle, grace);
        }
    }

    /** A job handed to the job threads; kept typed so that {@link #drain()} can release the ones never started. */
    private record JobTask(Job job, Runnable body) implements Runnable {
        @Override
        public void run() {
            body.run();
        }
    }

    private final JobQueue queue;
    private final JobRunner runner;
    private final Options options;
    private final Listener listener;
    /**
     * Read-ahead jobs wait in the worker at most about this long, judging by the mean stage time: the read-ahead is
     * {@code min(readAhead, concurrency * horizon / mean stage time)}.
     */
    static final long READ_AHEAD_HORIZON_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /** Longest time {@link #drain()} keeps trying to write buffered outcomes while Redis fails. */
    private static final long FLUSH_ON_STOP_MS = 2_000;

    /** Jobs read and not yet finished on Redis (waiting, running, or their outcome buffered); the reader's monitor. */
    private final AtomicInteger held = new AtomicInteger();
    /** Jobs waiting for a job thread or running in one. */
    private final AtomicInteger inStage = new AtomicInteger();
    /** Jobs running in a job thread. */
    private final AtomicInteger running = new AtomicInteger();
    /** Moving mean of the time a job spends in its thread (stage included), ns; -1 before the first job. */
    private final AtomicLong meanStageNanos = new AtomicLong(-1);
    private final Set<Job> inFlight = ConcurrentHashMap.newKeySet();
    private final Finisher finisher;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ThreadPoolExecutor jobs;
    /** Fetches the stored objects of jobs waiting for a job thread (PrefetchedObjects). */
    private final ExecutorService prefetch;
    private final AtomicLong prefetchServed = new AtomicLong();
    /** Set once a job's stage read stored objects: only then does read-ahead for prefetching pay. */
    private volatile boolean stagesRead;
    private volatile long lastBusyNanos = System.nanoTime();
    /** Jobs in a row that met a store outage (0: the store works), and until when the reader pauses for it. */
    private final AtomicInteger outageStreak = new AtomicInteger();
    private volatile long readPausedUntilNanos;
    private long nextReclaimNanos;

    public WorkerLoop(JobQueue queue, JobRunner runner, Options options, Listener listener) {
        this.queue = queue;
        this.runner = runner;
        this.options = options;
        this.listener = listener;
        this.jobs = new ThreadPoolExecutor(options.concurrency(), options.concurrency(), 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "imgdiff-job");
                    t.setDaemon(true);
                    return t;
                });
        // I/O-bound threads, two per job thread (a pair's two reads at once); no more jobs wait than the read-ahead
        // allows, so the queue in front of them is bounded too.
        AtomicInteger prefetchThreads = new AtomicInteger();
        this.prefetch = Executors.newFixedThreadPool(2 * options.concurrency(), r -> {
            Thread t = new Thread(r, "imgdiff-prefetch-" + prefetchThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.finisher = new Finisher(queue, options.finishLinger(), options.finishBatch(), () -> inStage.get() > 0,
                new Finisher.Sink() {
                    @Override
                    public void finished(Finish finish, JobRunner.Verdict verdict, long readNanos, long doneNanos) {
                        letGo(finish.job());
                        try {
                            listener.finished(finish.job(), verdict, readNanos, doneNanos);
                        } catch (RuntimeException e) {
                            LOG.warnf("worker %s: job listener failed: %s", options.consumer(), JobRunner.describe(e));
                        }
                    }

                    @Override
                    public void abandoned(Job job, String why) {
                        letGo(job);
                    }
                }, options.consumer());
    }

    /** Runs until {@link #stop()} or, in burst mode, until the streams stay empty; returns the exit code (0). */
    public int run() {
        try {
            queue.ensureGroups();
        } catch (RuntimeException e) { // Redis not reachable yet: the read loop below retries and creates the groups
            LOG.warnf("worker %s: Redis unavailable at start (%s); retrying", options.consumer(), JobRunner.describe(e));
        }
        finisher.start();
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
        long paused = readPausedUntilNanos - System.nanoTime();
        if (paused > 0) {
            pauseUnlessStopping(TimeUnit.NANOSECONDS.toMillis(paused) + 1);
            return;
        }
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
        if (!batch.isEmpty()) {
            List<Supplier<Optional<Item>>> items = items(batch);
            for (int i = 0; i < batch.size(); i++) {
                submit(batch.get(i), items.get(i), readAt);
            }
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

    /** Sleeps up to {@code ms}, waking early when the loop is asked to stop. */
    private void pauseUnlessStopping(long ms) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (!stopping.get() && System.nanoTime() < end) {
            pause(Math.min(100, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
        }
    }

    /** Asks the loop to stop and waits until in-flight jobs are finished or released (at most the grace period). */
    public void stop() {
        stopping.set(true);
        try {
            stopped.await(options.grace().toMillis() + options.block().toMillis() + FLUSH_ON_STOP_MS + 2000,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Jobs currently running in a job thread, for tests and health. */
    public int inFlight() {
        return running.get();
    }

    /** Jobs held: waiting for a thread, running, or with their outcome not yet written; for tests and health. */
    public int held() {
        return inFlight.size();
    }

    /** Jobs whose outcome waits in the finisher to be written, for tests. */
    public int buffered() {
        return finisher.buffered();
    }

    /**
     * Waits until there is room, then returns how many more jobs to ask for (at most one batch): the jobs waiting for
     * or in a job thread stay within {@code concurrency + readAhead}, and all held jobs (outcomes not yet written
     * included) within that plus one finish batch. XREADGROUP's COUNT applies per stream, so a read over several
     * streams may bring more than asked; those wait in the executor's queue, still claimed and renewed.
     */
    private int awaitFreeSlots() {
        int limit = options.concurrency() + readAhead();
        synchronized (held) {
            int free = Math.min(limit - inStage.get(), limit + options.finishBatch() - held.get());
            if (free <= 0) {
                try {
                    held.wait(options.block().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping.set(true);
                }
                return 0;
            }
            return Math.min(free, options.batchSize());
        }
    }

    /** Read-ahead for the stages' current speed: none before the first job, the configured one for fast stages. */
    int readAhead() {
        long mean = meanStageNanos.get();
        if (mean < 0) {
            return 0;
        }
        long fits = READ_AHEAD_HORIZON_NANOS * options.concurrency() / Math.max(1, mean);
        if (stagesRead) { // a waiting job's objects are fetched meanwhile (prefetch-ahead)
            fits = Math.max(fits, (long) options.prefetchAhead() * options.concurrency());
        }
        return (int) Math.min(options.readAhead(), fits);
    }

    private void recordStageTime(long nanos) {
        meanStageNanos.getAndUpdate(m -> m < 0 ? nanos : m + (nanos - m) / 8);
    }

    /** The items of a batch in one round trip; if that fails, each job loads its own item (and fails if it cannot). */
    private List<Supplier<Optional<Item>>> items(List<Job> batch) {
        try {
            return runner.prefetch(batch);
        } catch (RuntimeException e) {
            LOG.warnf("worker %s: reading the items of %d jobs failed (%s); each job reads its own",
                    options.consumer(), batch.size(), JobRunner.describe(e));
            return batch.stream().<Supplier<Optional<Item>>>map(j -> () -> runner.load(j)).toList();
        }
    }

    private void submit(Job job, Supplier<Optional<Item>> item, long readAt) {
        Supplier<Optional<Item>> once = once(item);
        inFlight.add(job);
        held.incrementAndGet();
        boolean waits = inStage.incrementAndGet() > options.concurrency();
        PrefetchedObjects objects = waits && options.prefetchAhead() > 0 ? prefetchFor(job, once) : null;
        jobs.execute(new JobTask(job, () -> {
            Finish finish = null;
            StoreOutageException outage = null;
            running.incrementAndGet();
            long start = System.nanoTime();
            try {
                if (objects != null) {
                    objects.jobStarted();
                }
                if (!stagesRead && !reads(job, once).isEmpty()) {
                    stagesRead = true;
                }
                finish = objects == null ? runner.decide(job, once) : runner.decide(job, once, objects);
                outageStreak.set(0);
            } catch (StoreOutageException e) {
                outage = e;
            } catch (Throwable t) { // an Error decide() lets through must not leave the job held (and renewed) forever
                LOG.errorf("worker %s: job %s %s/%s: %s", options.consumer(), job.stage().key(), job.run(),
                        job.item(), JobRunner.describe(t));
                finish = new Finish.Fail(job, JobRunner.describe(t), false);
            } finally {
                recordStageTime(System.nanoTime() - start);
                running.decrementAndGet();
                leaveStage();
            }
            if (outage != null) {
                storeUnavailable(job, outage);
            } else {
                finisher.offer(finish, readAt);
            }
        }));
    }

    /** Starts fetching what the waiting job's stage will read; the job gets the bytes through the returned view. */
    private PrefetchedObjects prefetchFor(Job job, Supplier<Optional<Item>> item) {
        PrefetchedObjects objects = new PrefetchedObjects(runner.store(), prefetchServed);
        try {
            prefetch.execute(() -> {
                List<String> keys = reads(job, item);
                if (objects.register(keys)) {
                    // the objects of one job at once (a pair's two reads overlap), each on a thread of its own
                    for (int i = 1; i < keys.size(); i++) {
                        String key = keys.get(i);
                        prefetch.execute(() -> objects.fetchOne(key));
                    }
                    if (!keys.isEmpty()) {
                        objects.fetchOne(keys.get(0));
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            return null; // stopping
        }
        return objects;
    }

    /** What the job's stage will read; nothing when the item cannot be read (the job itself then fails with why). */
    private List<String> reads(Job job, Supplier<Optional<Item>> item) {
        try {
            return runner.reads(job, item.get());
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** The item decoded once, shared by the prefetch and the job thread. */
    private static Supplier<Optional<Item>> once(Supplier<Optional<Item>> item) {
        return new Supplier<>() {
            private Optional<Item> value;

            @Override
            public synchronized Optional<Item> get() {
                if (value == null) {
                    value = item.get();
                }
                return value;
            }
        };
    }

    /** Objects handed to jobs by the prefetch rather than read in the job, for tests and benchmarks. */
    public long prefetched() {
        return prefetchServed.get();
    }

    /**
     * The store was down for {@code job}: it goes back to its stream with the same attempt (its failure is not the
     * item's), and the reader pauses, longer while the outage lasts, instead of cycling jobs through a dead store.
     */
    private void storeUnavailable(Job job, StoreOutageException e) {
        int streak = outageStreak.incrementAndGet();
        long pauseMs = Math.min(MAX_OUTAGE_PAUSE_MS, MIN_OUTAGE_PAUSE_MS << Math.min(streak - 1, 10));
        readPausedUntilNanos = Math.max(readPausedUntilNanos, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMs));
        if (streak == 1 || Long.bitCount(streak) == 1) { // 1, 2, 4, 8…: the outage is logged, not every job of it
            LOG.warnf("worker %s: object store unavailable (%s); job %s %s/%s goes back to the queue without spending"
                    + " an attempt, reading paused %d ms (%d such jobs in a row)", options.consumer(), e.getMessage(),
                    job.stage().key(), job.run(), job.item(), pauseMs, streak);
        }
        release(job, false);
    }

    /** A job left the job threads (its outcome goes to the finisher, or it was released). */
    private void leaveStage() {
        inStage.decrementAndGet();
        synchronized (held) {
            held.notifyAll();
        }
        finisher.poke();
    }

    /** The job is finished on Redis, released, or abandoned to redelivery: this worker no longer holds it. */
    private void letGo(Job job) {
        if (inFlight.remove(job)) {
            synchronized (held) {
                held.decrementAndGet();
                held.notifyAll();
            }
        }
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
        // Jobs no thread has started go straight back to their streams, for any worker.
        List<Runnable> unstarted = new ArrayList<>();
        jobs.getQueue().drainTo(unstarted);
        jobs.shutdown();
        prefetch.shutdownNow(); // fetches for released jobs are not needed
        for (Runnable r : unstarted) {
            Job job = ((JobTask) r).job();
            inStage.decrementAndGet();
            release(job, true);
        }
        boolean terminated = false;
        try {
            terminated = jobs.awaitTermination(options.grace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Outcomes already computed are written, not released: their work is done.
        finisher.close(Duration.ofMillis(FLUSH_ON_STOP_MS));
        if (!terminated) {
            for (Job job : List.copyOf(inFlight)) {
                release(job, true);
            }
            jobs.shutdownNow();
        }
        LOG.infof("worker %s stopped", options.consumer());
    }

    /** Gives a held job back to its stream; if Redis fails, it stays pending and is reclaimed later. */
    private void release(Job job, boolean log) {
        try {
            queue.release(job);
            if (log) {
                LOG.warnf("worker %s: released unfinished job %s %s/%s", options.consumer(), job.stage().key(), job.run(),
                        job.item());
            }
        } catch (RuntimeException e) {
            LOG.errorf("worker %s: could not release job %s %s/%s (it will be reclaimed after the visibility"
                    + " timeout): %s", options.consumer(), job.stage().key(), job.run(), job.item(),
                    JobRunner.describe(e));
        }
        letGo(job);
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
