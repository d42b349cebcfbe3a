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
        while (true) {
            RunStatus s = runs.status(id).orElseThrow(() -> new IllegalArgumentException("unknown run '" + id
                    + "' (list runs: imgdiff runs)"));
            view.show(s, queue.deadLetters(id, 5));
            if (!watch || s.complete()) {
                return 0;
            }
            Thread.sleep(1000);
        }
    }
}
