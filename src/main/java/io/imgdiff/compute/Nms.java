package io.imgdiff.compute;

import io.imgdiff.item.Box;

import java.util.List;

/**
 * Greedy non-maximum suppression: visit boxes by descending score, keep a box unless its IoU with an already kept
 * box is strictly greater than {@code iouThreshold}. Equal scores are visited in ascending index order (a stable
 * sort), on every twin ({@code NmsCpu}, {@code NmsCuda}), so results are identical.
 */
public interface Nms {

    /** Indices of kept boxes, in visiting order (highest score first). */
    int[] nms(List<Box> boxes, double[] scores, double iouThreshold);

    static void check(List<Box> boxes, double[] scores, double iouThreshold) {
        if (boxes.size() != scores.length) {
            throw new IllegalArgumentException("got " + boxes.size() + " boxes but " + scores.length
                    + " scores; expected one score per box");
        }
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("iou threshold " + iouThreshold + " out of range, expected 0-1");
        }
    }
}
