package io.imgdiff.export;

import java.nio.file.Path;

/** Exports a finished (or partly finished) run to a directory: the entry point shared by the CLI and the demo. */
public interface RunExporter {

    /** What an export wrote. */
    record Summary(long items, long done, long dropped, long failed, long entries, Path out) {
    }

    Summary export(String run, Path out);
}
