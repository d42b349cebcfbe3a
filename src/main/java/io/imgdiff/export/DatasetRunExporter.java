package io.imgdiff.export;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.stage.export.DatasetExporter;
import io.imgdiff.stage.export.ExportSummary;
import io.imgdiff.store.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Exports a run by streaming its items from Redis in id order, so the output is the same however it was processed. */
@ApplicationScoped
class DatasetRunExporter implements RunExporter {

    private final RunRepository runs;
    private final DatasetExporter exporter;

    DatasetRunExporter(RunRepository runs, ObjectStore store, ImgdiffConfig config) {
        this.runs = runs;
        this.exporter = new DatasetExporter(store, config.image().maxPixels());
    }

    @Override
    public Summary export(String run, Path out) {
        if (runs.run(run).isEmpty()) {
            throw new IllegalArgumentException("unknown run '" + run + "'");
        }
        try {
            ExportSummary s = exporter.export(visitor -> runs.forEachItem(run, visitor), out);
            long total = s.itemsByStatus().values().stream().mapToLong(Long::longValue).sum();
            return new Summary(total, count(s, ItemStatus.DONE), count(s, ItemStatus.DROPPED),
                    count(s, ItemStatus.FAILED), s.entries(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write export to '" + out + "': " + e.getMessage(), e);
        }
    }

    private static long count(ExportSummary s, ItemStatus status) {
        return s.itemsByStatus().getOrDefault(status, 0L);
    }
}
