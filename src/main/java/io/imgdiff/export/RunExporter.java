package io.imgdiff.export;

import io.imgdiff.stage.export.ExportFormat;
import io.imgdiff.stage.export.ExportOptions;

import java.nio.file.Path;

/** Exports a finished (or partly finished) run: the entry point shared by the CLI, the demo and tests. */
public interface RunExporter {

    /** What an export wrote, and where ({@code out}: a directory or {@code s3://bucket/prefix/}). */
    record Summary(long items, long done, long dropped, long failed, long entries, long removalQuestions,
                   String out) {
    }

    /**
     * Exports {@code run} as {@code options} say to {@code out}: a local directory, or {@code s3://bucket/prefix}
     * (written with the {@code imgdiff.store.s3.*} endpoint and credentials).
     */
    Summary export(String run, ExportOptions options, String out);

    /** The LLaVA export with images into a directory. */
    default Summary export(String run, Path out) {
        return export(run, ExportOptions.of(ExportFormat.LLAVA), out.toString());
    }
}
