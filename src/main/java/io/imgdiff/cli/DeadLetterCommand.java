package io.imgdiff.cli;

import io.imgdiff.queue.DeadLetter;
import io.imgdiff.queue.JobQueue;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code imgdiff dead-letter list|retry}: jobs that ran out of attempts or failed permanently. */
@Command(name = "dead-letter", description = "Inspect or retry failed jobs.",
        subcommands = {DeadLetterCommand.List.class, DeadLetterCommand.Retry.class})
class DeadLetterCommand {

    @Command(name = "list", description = "List dead letters, oldest first.")
    static class List implements Callable<Integer> {
        @Option(names = "--run", paramLabel = "RUN", description = "only this run's")
        String run;

        @Option(names = "--max", defaultValue = "100")
        int max;

        @Inject
        JobQueue queue;

        @Override
        public Integer call() {
            java.util.List<DeadLetter> letters = queue.deadLetters(run, max);
            if (letters.isEmpty()) {
                System.out.println("no dead letters" + (run == null ? "" : " for run " + run));
            }
            for (DeadLetter d : letters) {
                System.out.printf("%s  %s/%s  %s  attempts=%d  %s%n", d.id(), d.run(), d.item(), d.stage().key(),
                        d.attempts(), d.error());
            }
            return 0;
        }
    }

    @Command(name = "retry", description = "Re-queue dead letters (all, a run's, or the given ids) with fresh attempts.")
    static class Retry implements Callable<Integer> {
        @Option(names = "--run", paramLabel = "RUN")
        String run;

        @Parameters(arity = "0..*", paramLabel = "ID")
        java.util.List<String> ids = new ArrayList<>();

        @Inject
        JobQueue queue;

        @Override
        public Integer call() {
            int n = queue.retryDeadLetters(run, ids);
            System.out.println("re-queued " + n + " job(s)");
            return 0;
        }
    }
}
