package io.imgdiff.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.config.RunSettings;
import io.imgdiff.config.StagesConfig;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.Item;
import io.imgdiff.item.StageName;
import io.imgdiff.queue.Job;
import io.imgdiff.queue.JobQueue;
import io.imgdiff.queue.Outcome;
import io.imgdiff.queue.RunInfo;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.stage.Stage;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import io.imgdiff.store.ObjectStore;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one job: loads the item and its run's settings, calls the stage, and finishes the job on the queue with the
 * stage's verdict. Never throws: every failure ends as a queue state change (retry or dead letter) with the error
 * recorded on the item, so one bad item cannot stop a worker.
 */
public final class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    /** What happened to one job, for metrics and benchmarks. */
    public enum Verdict { PASSED, DROPPED, RETRIED_OR_FAILED, FAILED_PERMANENTLY, STALE }

    private final JobQueue queue;
    private final RunRepository runs;
    private final ObjectStore store;
    private final ObjectMapper json;
    private final Map<StageName, Stage> stages;
    private final Map<String, StagesConfig> settingsByRun = new ConcurrentHashMap<>();

    public JobRunner(JobQueue queue, RunRepository runs, ObjectStore store, ObjectMapper json,
                     Map<StageName, Stage> stages) {
        this.queue = queue;
        this.runs = runs;
        this.store = store;
        this.json = json;
        this.stages = stages;
    }

    public Verdict run(Job job) {
        try {
            Stage stage = stages.get(job.stage());
            if (stage == null) {
                return finish(queue.fail(job, "no stage implementation for '" + job.stage().key() + "' in this worker", false),
                        Verdict.RETRIED_OR_FAILED);
            }
            Optional<Item> item = runs.item(job.run(), job.item());
            if (item.isEmpty()) {
                return permanent(job, "unknown item '" + job.item() + "' of run '" + job.run() + "'");
            }
            StagesConfig settings = settings(job.run());
            if (settings == null) {
                return permanent(job, "unknown run '" + job.run() + "'");
            }
            StageResult result = stage.process(new StageContext(item.get(), settings, store, seed(settings, job)));
            if (result instanceof StageResult.Drop drop) {
                return finish(queue.drop(job, drop.reason(), toJson(drop.output())), Verdict.DROPPED);
            }
            return finish(queue.pass(job, toJson(result.output())), Verdict.PASSED);
        } catch (BadInputException e) {
            return permanent(job, describe(e));
        } catch (IllegalArgumentException e) {
            // Invalid run settings or ids can never succeed on retry either.
            return permanent(job, describe(e));
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            LOG.debugf(e, "job %s of %s/%s failed", job.stage().key(), job.run(), job.item());
            return finish(queue.fail(job, describe(e), false), Verdict.RETRIED_OR_FAILED);
        }
    }

    private Verdict permanent(Job job, String error) {
        return finish(queue.fail(job, error, true), Verdict.FAILED_PERMANENTLY);
    }

    private static Verdict finish(Outcome outcome, Verdict verdict) {
        return outcome == Outcome.STALE ? Verdict.STALE : verdict;
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
