package io.imgdiff.eval;

import io.imgdiff.item.Box;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Detection scores over a set of pairs: greedy one-to-one matching at IoU ≥ {@value #MATCH_IOU} (highest IoU
 * first), precision, recall, F1, mean IoU of matches, the share of negatives (pairs with no true change) that got
 * any box, the median time per pair; per category recall, IoU and precision; per drift kind of B (when the truth
 * names them) the same overall figures over the pairs that carry that kind, so a regression shows where it comes
 * from. A false box counts against the category of the truth box it overlaps most (a split, shifted or merged box
 * around that change); one that overlaps no truth box is a drift false positive ({@code driftFalsePositives}), which
 * no category's precision contains but the overall precision and the drift kinds' do.
 */
public final class EvalMetrics {

    /** A prediction matches a truth box when their IoU is at least this. */
    public static final double MATCH_IOU = 0.5;

    private long tp;
    private long fp;
    private long fn;
    private double iouSum;
    private long negatives;
    private long negativesWithBoxes;
    private final List<Double> millis = new ArrayList<>();
    private long driftFp;
    private final Map<String, long[]> catCounts = new TreeMap<>(); // [truths, matched, false positives]
    private final Map<String, Double> catIou = new TreeMap<>();
    private final Map<String, long[]> driftCounts = new TreeMap<>(); // [pairs, tp, fp, fn, negatives, neg. with boxes]

    /** Figures of a finished evaluation. */
    public record Summary(long pairs, long truths, long predictions, long tp, double precision, double recall,
                          double f1, double meanIou, long negatives, double fpRateNegatives, double medianMs,
                          long driftFalsePositives, Map<String, Category> categories,
                          Map<String, DriftKind> driftKinds) {
    }

    /**
     * Per-category figures: truths, matched, recall, mean IoU of the matched, false boxes attributed to the
     * category and precision {@code matched / (matched + falsePositives)}.
     */
    public record Category(long truths, long matched, double recall, double meanIou, long falsePositives,
                           double precision) {
    }

    /** Figures over the pairs whose B carries one drift kind. */
    public record DriftKind(long pairs, long negatives, double fpRateNegatives, long falsePositives, double precision,
                            double recall, double f1) {
    }

    /** Indices {@code [pred, truth]} of the greedy one-to-one matching at IoU ≥ {@link #MATCH_IOU}. */
    public static List<int[]> match(List<Box> pred, List<Box> truth) {
        List<double[]> cand = new ArrayList<>();
        for (int p = 0; p < pred.size(); p++) {
            for (int t = 0; t < truth.size(); t++) {
                double iou = pred.get(p).iou(truth.get(t));
                if (iou >= MATCH_IOU) {
                    cand.add(new double[] {iou, p, t});
                }
            }
        }
        // Highest IoU first; ties by prediction then truth index so the matching is deterministic.
        cand.sort((x, y) -> x[0] != y[0] ? Double.compare(y[0], x[0])
                : x[1] != y[1] ? Double.compare(x[1], y[1]) : Double.compare(x[2], y[2]));
        boolean[] usedP = new boolean[pred.size()];
        boolean[] usedT = new boolean[truth.size()];
        List<int[]> out = new ArrayList<>();
        for (double[] c : cand) {
            int p = (int) c[1];
            int t = (int) c[2];
            if (!usedP[p] && !usedT[t]) {
                usedP[p] = true;
                usedT[t] = true;
                out.add(new int[] {p, t});
            }
        }
        return out;
    }

    /** Adds one pair's predictions; returns the matches. */
    public List<int[]> add(TruthRecord truth, List<Box> pred, double ms) {
        List<Box> t = truth.boxList();
        List<int[]> m = match(pred, t);
        tp += m.size();
        fp += pred.size() - m.size();
        fn += t.size() - m.size();
        millis.add(ms);
        if (t.isEmpty()) {
            negatives++;
            negativesWithBoxes += pred.isEmpty() ? 0 : 1;
        }
        for (int i = 0; i < t.size(); i++) {
            catCounts.computeIfAbsent(truth.category(i), k -> new long[3])[0]++;
        }
        attributeFalse(truth, pred, t, m);
        for (String kind : truth.driftKinds()) {
            long[] d = driftCounts.computeIfAbsent(kind, k -> new long[6]);
            d[0]++;
            d[1] += m.size();
            d[2] += pred.size() - m.size();
            d[3] += t.size() - m.size();
            d[4] += t.isEmpty() ? 1 : 0;
            d[5] += t.isEmpty() && !pred.isEmpty() ? 1 : 0;
        }
        for (int[] pt : m) {
            double iou = pred.get(pt[0]).iou(t.get(pt[1]));
            iouSum += iou;
            String cat = truth.category(pt[1]);
            catCounts.get(cat)[1]++;
            catIou.merge(cat, iou, Double::sum);
        }
        return m;
    }

    /** Each unmatched prediction goes to the category of the truth box it overlaps most, or to drift. */
    private void attributeFalse(TruthRecord truth, List<Box> pred, List<Box> t, List<int[]> m) {
        boolean[] matched = new boolean[pred.size()];
        for (int[] pt : m) {
            matched[pt[0]] = true;
        }
        for (int p = 0; p < pred.size(); p++) {
            if (matched[p]) {
                continue;
            }
            int best = -1;
            long bestOverlap = 0;
            for (int i = 0; i < t.size(); i++) {
                long o = overlap(pred.get(p), t.get(i));
                if (o > bestOverlap) {
                    bestOverlap = o;
                    best = i;
                }
            }
            if (best < 0) {
                driftFp++;
            } else {
                catCounts.get(truth.category(best))[2]++;
            }
        }
    }

    private static long overlap(Box a, Box b) {
        long w = Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
        long h = Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
        return w <= 0 || h <= 0 ? 0 : w * h;
    }

    /** The figures so far. */
    public Summary summary() {
        Map<String, Category> cats = new TreeMap<>();
        catCounts.forEach((k, v) -> cats.put(k, new Category(v[0], v[1], v[0] == 0 ? 1 : (double) v[1] / v[0],
                v[1] == 0 ? 0 : catIou.getOrDefault(k, 0.0) / v[1], v[2], ratio(v[1], v[1] + v[2]))));
        Map<String, DriftKind> kinds = new TreeMap<>();
        driftCounts.forEach((k, d) -> kinds.put(k, new DriftKind(d[0], d[4], d[4] == 0 ? 0 : (double) d[5] / d[4],
                d[2], ratio(d[1], d[1] + d[2]), ratio(d[1], d[1] + d[3]), f1(ratio(d[1], d[1] + d[2]),
                ratio(d[1], d[1] + d[3])))));
        double precision = ratio(tp, tp + fp);
        double recall = ratio(tp, tp + fn);
        return new Summary(millis.size(), tp + fn, tp + fp, tp, precision, recall, f1(precision, recall),
                tp == 0 ? 0 : iouSum / tp, negatives, negatives == 0 ? 0 : (double) negativesWithBoxes / negatives,
                median(millis), driftFp, cats, kinds);
    }

    private static double ratio(long num, long den) {
        return den == 0 ? 1 : (double) num / den;
    }

    private static double f1(double precision, double recall) {
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return 0;
        }
        double[] s = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
