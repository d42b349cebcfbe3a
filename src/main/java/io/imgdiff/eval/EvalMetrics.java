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
 * any box, per-category recall and IoU, and the median time per pair.
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
    private final Map<String, long[]> catCounts = new TreeMap<>(); // [truths, matched]
    private final Map<String, Double> catIou = new TreeMap<>();

    /** Figures of a finished evaluation. */
    public record Summary(long pairs, long truths, long predictions, long tp, double precision, double recall,
                          double f1, double meanIou, long negatives, double fpRateNegatives, double medianMs,
                          Map<String, Category> categories) {
    }

    /** Per-category figures: truths, matched, recall, mean IoU of the matched. */
    public record Category(long truths, long matched, double recall, double meanIou) {
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
            catCounts.computeIfAbsent(truth.category(i), k -> new long[2])[0]++;
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

    /** The figures so far. */
    public Summary summary() {
        double precision = tp + fp == 0 ? 1 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 1 : (double) tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        Map<String, Category> cats = new TreeMap<>();
        catCounts.forEach((k, v) -> cats.put(k, new Category(v[0], v[1], v[0] == 0 ? 1 : (double) v[1] / v[0],
                v[1] == 0 ? 0 : catIou.getOrDefault(k, 0.0) / v[1])));
        return new Summary(millis.size(), tp + fn, tp + fp, tp, precision, recall, f1, tp == 0 ? 0 : iouSum / tp,
                negatives, negatives == 0 ? 0 : (double) negativesWithBoxes / negatives, median(millis), cats);
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
