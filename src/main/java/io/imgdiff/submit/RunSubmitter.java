package io.imgdiff.submit;

import io.imgdiff.config.RunSettings;
import io.imgdiff.config.StagesConfig;
import io.imgdiff.item.Ids;
import io.imgdiff.item.ItemInput;
import io.imgdiff.queue.RunInfo;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.store.ObjectKeys;
import io.imgdiff.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Creates a run: validates its id and settings, uploads image pairs to the object store, then records the run and
 * enqueues its items. Images are uploaded first so that no job can run before its inputs exist; a failed upload
 * leaves no run behind.
 */
@ApplicationScoped
public class RunSubmitter {

    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final RunRepository runs;
    private final ObjectStore store;
    private final Config config;

    /**
     * {@code defaults} is injected so that a bad {@code imgdiff.stages.*} value in this process's configuration fails
     * at start-up, not at the first submit (and so SmallRye maps those keys).
     */
    RunSubmitter(RunRepository runs, ObjectStore store, Config config, StagesConfig defaults) {
        this.runs = runs;
        this.store = store;
        this.config = config;
    }

    /** Submits {@code input} as run {@code runOrNull} (a new id when null) with settings overrides. */
    public RunInfo submit(String runOrNull, SubmitInput input, Map<String, String> overrides) {
        String run = runOrNull == null || runOrNull.isBlank() ? newRunId() : Ids.check("run id", runOrNull);
        Map<String, String> settings = RunSettings.snapshot(config, overrides);
        if (runs.run(run).isPresent()) {
            throw new IllegalArgumentException("run '" + run + "' already exists; choose another --run");
        }
        Map<String, ItemInput> items = new LinkedHashMap<>();
        for (SubmitItem item : input.items()) {
            ItemInput in = item.input();
            if (item.imageA() != null) {
                String a = ObjectKeys.item(run, item.id(), "input_a." + item.imageA().extension());
                String b = ObjectKeys.item(run, item.id(), "input_b." + item.imageB().extension());
                store.put(a, item.imageA().read(), "application/octet-stream");
                store.put(b, item.imageB().read(), "application/octet-stream");
                in = ItemInput.ofImagePair(a, b, in.captionA(), in.captionB());
            }
            items.put(item.id(), in);
        }
        RunInfo info = new RunInfo(run, Instant.now(), input.entry(), items.size(), settings);
        runs.submit(info, items);
        return info;
    }

    static String newRunId() {
        return "run-" + RUN_TIME.format(Instant.now()) + "-"
                + Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xF000));
    }
}
