package io.imgdiff.cli;

import io.imgdiff.item.StageName;
import io.imgdiff.queue.DeadLetter;
import io.imgdiff.queue.RunStatus;
import io.imgdiff.queue.StageCounts;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders a run's status as a small table with a progress bar per stage. On a terminal, {@code redraw} rewrites
 * the previous frame in place (ANSI cursor-up); otherwise frames are printed one after another.
 */
final class StatusView {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int BAR = 28;

    private final PrintStream out;
    private final boolean redraw;
    private int lastLines;

    StatusView(PrintStream out, boolean redraw) {
        this.out = out;
        this.redraw = redraw;
    }

    static String time(Instant t) {
        return TIME.format(t);
    }

    void show(RunStatus s, List<DeadLetter> recentFailures) {
        List<String> lines = render(s, recentFailures);
        if (redraw && lastLines > 0) {
            out.print("\033[" + lastLines + "F\033[J");
        }
        lines.forEach(out::println);
        out.flush();
        lastLines = lines.size();
    }

    static List<String> render(RunStatus s, List<DeadLetter> recentFailures) {
        List<String> l = new ArrayList<>();
        l.add(String.format("run %s  created %s UTC  %d items entered at %s", s.run().id(), time(s.run().created()),
                s.run().items(), s.run().entry().key()));
        l.add(String.format("  %-9s %-" + (BAR + 2) + "s %5s %7s %7s %7s %7s", "stage", "progress", "", "entered",
                "passed", "dropped", "failed"));
        List<String> drops = new ArrayList<>();
        for (StageName stage : StageName.values()) {
            StageCounts c = s.stages().get(stage);
            if (c == null || c.queued() == 0) {
                continue;
            }
            long finished = c.passed() + c.droppedTotal() + c.failed();
            l.add(String.format("  %-9s %s %4d%% %7d %7d %7d %7d", stage.key(), bar(finished, c.queued()),
                    percent(finished, c.queued()), c.queued(), c.passed(), c.droppedTotal(), c.failed()));
            for (Map.Entry<String, Long> d : c.dropped().entrySet()) {
                drops.add(stage.key() + "/" + d.getKey() + " " + d.getValue());
            }
        }
        if (!drops.isEmpty()) {
            l.add("  dropped by reason: " + String.join(", ", drops));
        }
        for (DeadLetter d : recentFailures) {
            l.add("  failed " + d.item() + " at " + d.stage().key() + " after " + d.attempts() + " attempt(s): "
                    + abbreviate(d.error(), 100));
        }
        l.add(String.format("  finished %d/%d: done %d, dropped %d, failed %d%s", s.finished(), s.run().items(),
                s.done(), s.dropped(), s.failed(), s.complete() ? "  (complete)" : ""));
        return l;
    }

    static String bar(long done, long total) {
        int filled = total == 0 ? 0 : (int) Math.min(BAR, done * BAR / total);
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
    }

    private static long percent(long done, long total) {
        return total == 0 ? 0 : done * 100 / total;
    }

    private static String abbreviate(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
