package io.imgdiff.cli;

import io.imgdiff.queue.RunInfo;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.queue.RunStatus;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code imgdiff runs}: one line per run, newest first. */
@Command(name = "runs", description = "List runs, newest first.")
class RunsCommand implements Callable<Integer> {

    @Inject
    RunRepository runs;

    @Override
    public Integer call() {
        List<RunInfo> all = runs.runs();
        if (all.isEmpty()) {
            System.out.println("no runs yet (submit one: imgdiff submit captions.jsonl)");
            return 0;
        }
        System.out.printf("%-36s %-20s %-8s %7s %7s %7s %7s  %s%n", "RUN", "CREATED (UTC)", "ENTRY", "ITEMS", "DONE",
                "DROPPED", "FAILED", "STATE");
        for (RunInfo r : all) {
            RunStatus s = runs.status(r.id()).orElse(null);
            System.out.printf("%-36s %-20s %-8s %7d %7d %7d %7d  %s%n", r.id(), StatusView.time(r.created()),
                    r.entry().key(), r.items(), s == null ? 0 : s.done(), s == null ? 0 : s.dropped(),
                    s == null ? 0 : s.failed(), s != null && s.complete() ? "complete" : "running");
        }
        return 0;
    }
}
