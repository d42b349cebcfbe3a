package io.imgdiff.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.config.RunSettings;
import io.imgdiff.export.RunExporter;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.StageName;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.queue.RunStatus;
import io.imgdiff.submit.RunSubmitter;
import io.imgdiff.submit.SubmitInput;
import io.imgdiff.submit.SubmitItem;
import io.imgdiff.worker.WorkerLoop;
import io.imgdiff.worker.WorkerService;
import io.quarkus.arc.Arc;
import io.quarkus.redis.datasource.RedisDataSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Runs captions through the whole pipeline inside a {@code @QuarkusTest}: an empty Redis, a submitted run, one real
 * worker serving every stage, waiting until the run is complete. Beans are looked up from the running application;
 * call {@link #stop()} after each test.
 */
public final class PipelineHarness {

    private WorkerLoop loop;

    private static <T> T bean(Class<T> type) {
        return Arc.container().instance(type).get();
    }

    /** Submits {@code captions} (ids {@code c0, c1, …}) at edit with {@code overrides}; the status once complete. */
    public RunStatus runCaptions(String run, List<String> captions, List<String> overrides) {
        bean(RedisDataSource.class).flushall();
        List<SubmitItem> items = new ArrayList<>();
        for (int i = 0; i < captions.size(); i++) {
            items.add(new SubmitItem("c" + i, ItemInput.ofCaption(captions.get(i)), null, null));
        }
        bean(RunSubmitter.class).submit(run, new SubmitInput(StageName.EDIT, items),
                RunSettings.parseOverrides(overrides));
        loop = bean(WorkerService.class).create(EnumSet.allOf(StageName.class), 2, false);
        new Thread(loop::run, "pipeline-harness-worker").start();
        RunRepository runs = bean(RunRepository.class);
        return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> runs.status(run).orElseThrow(), RunStatus::complete);
    }

    /** The run's items by id. */
    public Map<String, Item> items(String run) {
        Map<String, Item> byId = new HashMap<>();
        bean(RunRepository.class).forEachItem(run, i -> byId.put(i.id(), i));
        return byId;
    }

    /** Exports the run to {@code dir}; its {@code conversations.json}, checked to hold as many entries as exported. */
    public JsonNode export(String run, Path dir) throws IOException {
        RunExporter.Summary summary = bean(RunExporter.class).export(run, dir);
        JsonNode conversations = bean(ObjectMapper.class).readTree(dir.resolve("conversations.json").toFile());
        if (conversations.size() != summary.entries()) {
            throw new AssertionError("conversations.json has " + conversations.size() + " entries, the export said "
                    + summary.entries());
        }
        return conversations;
    }

    /** Stops the worker, if one was started. */
    public void stop() {
        if (loop != null) {
            loop.stop();
            loop = null;
        }
    }
}
