package io.imgdiff.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Exports a run by visiting its items in id order, so the output is identical however the run was processed. */
@ApplicationScoped
class DatasetRunExporter implements RunExporter {

    private final RunRepository runs;
    private final ObjectStore store;
    private final ObjectMapper json;
    private final ImgdiffConfig config;

    DatasetRunExporter(RunRepository runs, ObjectStore store, ObjectMapper json, ImgdiffConfig config) {
        this.runs = runs;
        this.store = store;
        this.json = json;
        this.config = config;
    }

    @Override
    public Summary export(String run, Path out) {
        if (runs.run(run).isEmpty()) {
            throw new IllegalArgumentException("unknown run '" + run + "'");
        }
        DatasetWriter w;
        try (DatasetWriter writer = new DatasetWriter(json, store, config.image().maxPixels(), out)) {
            w = writer;
            runs.forEachItem(run, writer::write);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write export to '" + out + "': " + e.getMessage(), e);
        }
        return new Summary(w.total, w.done, w.dropped, w.failed, w.entries, out);
    }
}
