package io.imgdiff.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.BoxProposer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a detector over pairs and scores it ({@link EvalMetrics}); optionally writes one JSONL result per pair.
 * Only the detector call is timed: generation and decoding are not part of "ms per pair".
 */
public final class Evaluation {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BoxProposer detector;
    private final Writer results;
    private final EvalMetrics metrics = new EvalMetrics();

    /** {@code results} may be null (no per-pair output). */
    public Evaluation(BoxProposer detector, Writer results) {
        this.detector = detector;
        this.results = results;
    }

    /** Detects, scores and records one pair. */
    public void add(String id, RgbImage a, RgbImage b, TruthRecord truth) {
        long t0 = System.nanoTime();
        List<BoxProposer.Proposal> props = detector.propose(a, b);
        double ms = (System.nanoTime() - t0) / 1e6;
        List<Box> boxes = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (BoxProposer.Proposal p : props) {
            boxes.add(p.box());
            scores.add(p.score());
        }
        List<int[]> matches = metrics.add(truth, boxes, ms);
        if (results != null) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("id", id);
            line.put("boxes", TruthRecord.of(id, a.width(), a.height(), boxes, null).boxes());
            line.put("scores", scores);
            line.put("matched", matches.size());
            line.put("truths", truth.boxes().size());
            line.put("ms", Math.round(ms * 100) / 100.0);
            try {
                results.write(JSON.writeValueAsString(line) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write eval results", e);
            }
        }
    }

    public EvalMetrics.Summary summary() {
        return metrics.summary();
    }

    /** Prints the summary as a small table. */
    public static void print(String title, EvalMetrics.Summary s, PrintStream out) {
        out.println(title);
        out.printf(Locale.ROOT, "  pairs %d (negatives %d), truth boxes %d, predicted %d, matched %d (IoU >= %.2f)%n",
                s.pairs(), s.negatives(), s.truths(), s.predictions(), s.tp(), EvalMetrics.MATCH_IOU);
        out.printf(Locale.ROOT, "  precision %.3f  recall %.3f  F1 %.3f  mean IoU %.3f  FP rate on negatives %.3f"
                + "  median %.1f ms/pair%n", s.precision(), s.recall(), s.f1(), s.meanIou(), s.fpRateNegatives(),
                s.medianMs());
        out.printf(Locale.ROOT, "  false boxes overlapping no change (drift): %d%n", s.driftFalsePositives());
        s.categories().forEach((k, c) -> out.printf(Locale.ROOT,
                "  %-14s truths %5d  matched %5d  recall %.3f  mean IoU %.3f  false %4d  precision %.3f%n", k,
                c.truths(), c.matched(), c.recall(), c.meanIou(), c.falsePositives(), c.precision()));
        s.driftKinds().forEach((k, d) -> out.printf(Locale.ROOT,
                "  drift %-12s pairs %5d  precision %.3f  recall %.3f  F1 %.3f  false %4d  FP rate on negatives"
                        + " %.3f (%d)%n", k, d.pairs(), d.precision(), d.recall(), d.f1(), d.falsePositives(),
                d.fpRateNegatives(), d.negatives()));
    }

    /** The summary as JSON. */
    public static String toJson(EvalMetrics.Summary s) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
