package io.imgdiff.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.config.RunSettings;
import io.imgdiff.config.StagesConfig;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.Item;
import io.imgdiff.item.StageName;
import io.imgdiff.queue.Finish;
import io.imgdiff.queue.Job;
import io.imgdiff.queue.Outcome;
import io.imgdiff.queue.RunInfo;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.stage.Stage;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import io.imgdiff.store.ObjectStore;
import io.imgdiff.store.ObjectStoreUnavailableException;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Decides one job: loads the item (prefetched by the reader) and its run's settings, calls the stage, and turns the
 * stage's verdict into a {@link Finish} for the queue. Never throws: every failure becomes a {@link Finish.Fail}
 * (retry or dead letter) with the error recorded on the item, so one bad item cannot stop a worker, except an
 * unavailable object store: {@link StoreOutageException}, for the loop to give the job back without spending an
 * attempt. Writing the finish to Redis is the {@link Finisher}'s job, batched with other jobs'.
 */
public final class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    /** What happened to one job, for metrics and benchmarks. */
    public enum Verdict { PASSED, DROPPED, RETRIED_OR_FAILED, FAILED_PERMANENTLY, STALE }

    private final RunRepository runs;
    private final ObjectStore store;
    private final ObjectMapper json;
    private final Map<StageName, Stage> stages;
    private final Map<String, StagesConfig> settingsByRun = new ConcurrentHashMap<>();

    public JobRunner(RunRepository runs, ObjectStore store, ObjectMapper json, Map<StageName, Stage> stages) {
        this.runs = runs;
        this.store = store;
        this.json = json;
        this.stages = stages;
    }

    /** The items of a batch of jobs, in one round trip ({@link RunRepository#items}). */
    public List<Supplier<Optional<Item>>> prefetch(List<Job> jobs) {
        return runs.items(jobs);
    }

    /** One job's item, read on its own. */
    public Optional<Item> load(Job job) {
        return runs.item(job.run(), job.item());
    }

    /** The store the stages read and write. */
    public ObjectStore store() {
        return store;
    }

    /** Object-store keys the job's stage will read of {@code item} ({@link Stage#reads}); empty when unknown. */
    public List<String> reads(Job job, Optional<Item> item) {
        Stage stage = stages.get(job.stage());
        if (stage == null || item.isEmpty()) {
            return List.of();
        }
        try {
            return stage.reads(item.get());
        } catch (RuntimeException e) { // a hint: the stage itself says what is wrong with the item
            return List.of();
        }
    }

    /**
     * Runs the job's stage on the item {@code item} supplies (from {@link RunRepository#items}). Throws only
     * {@link StoreOutageException}: the object store was unavailable, which says nothing about the item.
     */
    public Finish decide(Job job, Supplier<Optional<Item>> item) {
        return decide(job, item, store);
    }

    /** As {@link #decide(Job, Supplier)}, the stage reading and writing objects through {@code objects}. */
    public Finish decide(Job job, Supplier<Optional<Item>> item, ObjectStore objects) {
        try {
            Stage stage = stages.get(job.stage());
            if (stage == null) {
                return new Finish.Fail(job, "no stage implementation for '" + job.stage().key() + "' in this worker",
                        false);
            }
            Optional<Item> loaded = item.get();
            if (loaded.isEmpty()) {
                return new Finish.Fail(job, "unknown item '" + job.item() + "' of run '" + job.run() + "'", true);
            }
            StagesConfig settings = settings(job.run());
            if (settings == null) {
                return new Finish.Fail(job, "unknown run '" + job.run() + "'", true);
            }
            StageResult result = stage.process(new StageContext(loaded.get(), settings, objects, seed(settings, job)));
            if (result instanceof StageResult.Drop drop) {
                return new Finish.Drop(job, drop.reason(), toJson(drop.output()));
            }
            return new Finish.Pass(job, toJson(result.output()));
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            ObjectStoreUnavailableException outage = storeOutage(e);
            if (outage != null) {
                throw new StoreOutageException(describe(outage), e);
            }
            if (e instanceof BadInputException || e instanceof IllegalArgumentException) {
                // Bad input, invalid run settings, ids or drop reasons can never succeed on retry either.
                return new Finish.Fail(job, describe(e), true);
            }
            LOG.debugf(e, "job %s of %s/%s failed", job.stage().key(), job.run(), job.item());
            return new Finish.Fail(job, describe(e), false);
        }
    }

    /** The store outage behind {@code e} (a stage may have wrapped it), or null. */
    static ObjectStoreUnavailableException storeOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ObjectStoreUnavailableException u) {
                return u;
            }
        }
        return null;
    }

    /** The verdict a finish had once the queue applied it with {@code outcome}. */
    public static Verdict verdict(Finish finish, Outcome outcome) {
        if (outcome == Outcome.STALE) {
            return Verdict.STALE;
        }
        if (finish instanceof Finish.Pass) {
            return Verdict.PASSED;
        }
        if (finish instanceof Finish.Drop) {
            return Verdict.DROPPED;
        }
        return ((Finish.Fail) finish).permanent() ? Verdict.FAILED_PERMANENTLY : Verdict.RETRIED_OR_FAILED;
    }

    private StagesConfig settings(String run) {
        StagesConfig cached = settingsByRun.get(run);
        if (cached != null) {
            return cached;
        }
        Optional<RunInfo> info = runs.run(run);
        if (info.isEmpty()) {
            return null;
        }
        return settingsByRun.computeIfAbsent(run, r -> RunSettings.of(info.get().settings()));
    }

    /** The item's seed: a mix of the run seed and the item id, independent of run id and delivery. */
    static long seed(StagesConfig settings, Job job) {
        long h = settings.seed() * 0x9E3779B97F4A7C15L;
        for (char c : job.item().toCharArray()) {
            h = (h ^ c) * 0x100000001B3L;
        }
        return h ^ (h >>> 31);
    }

    private String toJson(Object output) throws JsonProcessingException {
        return output == null ? "null" : json.writeValueAsString(output);
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        String what = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
        if (!(e instanceof BadInputException) && !(e instanceof IllegalArgumentException)) {
            what = e.getClass().getSimpleName() + ": " + what;
        }
        return what.length() > 2000 ? what.substring(0, 2000) + "…" : what;
    }
}
