package io.imgdiff.export;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.queue.RunInfo;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.stage.export.DatasetExporter;
import io.imgdiff.stage.export.ExportOptions;
import io.imgdiff.stage.export.ExportSummary;
import io.imgdiff.stage.export.ExportTarget;
import io.imgdiff.store.ObjectStore;
import io.imgdiff.store.s3.S3ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Exports a run by streaming its items from Redis in id order, so the output is the same however it was processed. */
@ApplicationScoped
class DatasetRunExporter implements RunExporter {

    private final RunRepository runs;
    private final DatasetExporter exporter;
    private final ImgdiffConfig config;

    DatasetRunExporter(RunRepository runs, ObjectStore store, ImgdiffConfig config) {
        this.runs = runs;
        this.exporter = new DatasetExporter(store, config.image().maxPixels());
        this.config = config;
    }

    @Override
    public Summary export(String run, ExportOptions options, String out) {
        RunInfo info = runs.run(run).orElseThrow(() -> new IllegalArgumentException("unknown run '" + run + "'"));
        try (ExportTarget target = target(out)) {
            ExportSummary s = exporter.export(visitor -> runs.forEachItem(run, visitor), target, options, run,
                    info.settings());
            long total = s.itemsByStatus().values().stream().mapToLong(Long::longValue).sum();
            return new Summary(total, count(s, ItemStatus.DONE), count(s, ItemStatus.DROPPED),
                    count(s, ItemStatus.FAILED), s.entries(), s.removalQuestions(), s.target());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write export to '" + out + "': " + e.getMessage(), e);
        }
    }

    /** {@code s3://bucket/prefix} through the configured S3 endpoint and credentials, else a local directory. */
    private ExportTarget target(String out) {
        if (out.startsWith("s3://")) {
            String[] where = S3ExportTarget.parse(out);
            return new S3ExportTarget(S3ObjectStore.buildClient(config.store().s3()), where[0], where[1]);
        }
        return ExportTarget.directory(Path.of(out));
    }

    private static long count(ExportSummary s, ItemStatus status) {
        return s.itemsByStatus().getOrDefault(status, 0L);
    }
}
