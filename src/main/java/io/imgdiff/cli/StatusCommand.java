package io.imgdiff.cli;

import io.imgdiff.queue.JobQueue;
import io.imgdiff.queue.RunInfo;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.queue.RunStatus;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code imgdiff status [RUN] [--watch]}: a progress bar per stage, drop reasons and failures. */
@Command(name = "status", description = "Show a run's progress (default: the newest run).")
class StatusCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN")
    String run;

    @Option(names = "--watch", description = "refresh every second until the run completes")
    boolean watch;

    @Inject
    RunRepository runs;

    @Inject
    JobQueue queue;

    @Override
    public Integer call() throws InterruptedException {
        String id = run != null ? run : runs.runs(0, 1).stream().findFirst().map(RunInfo::id)
                .orElseThrow(() -> new IllegalArgumentException("no runs yet"));
        StatusView view = new StatusView(System.out, watch && System.console() != null);
        boolean seen = false;
        while (true) {
            boolean before = seen;
            // Redis holds the only record of a run: one that restarted without persistence has none (RELIABILITY.md)
            RunStatus s = runs.status(id).orElseThrow(() -> new IllegalArgumentException(before
                    ? "run '" + id + "' is gone from Redis while watching (Redis lost its data, e.g. restarted without"
                    + " persistence); its items cannot be finished or counted"
                    : "unknown run '" + id + "': Redis has no record of it (never submitted, or lost when Redis"
                    + " restarted without persistence; list runs: imgdiff runs)"));
            seen = true;
            view.show(s, queue.deadLetters(id, 5));
            if (!watch || s.complete()) {
                return 0;
            }
            Thread.sleep(1000);
        }
    }
}
