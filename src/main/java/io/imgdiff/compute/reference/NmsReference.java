package io.imgdiff.compute.reference;

import io.imgdiff.compute.Nms;
import io.imgdiff.item.Box;

import java.util.ArrayList;
import java.util.List;

/**
 * Slow, obvious oracle of {@link Nms}: repeatedly take the best remaining box (highest score, lowest index on
 * ties), keep it, and drop every remaining box whose IoU with it is strictly above the threshold.
 */
public final class NmsReference implements Nms {

    @Override
    public int[] nms(List<Box> boxes, double[] scores, double iouThreshold) {
        Nms.check(boxes, scores, iouThreshold);
        boolean[] gone = new boolean[boxes.size()];
        List<Integer> kept = new ArrayList<>();
        while (true) {
            int best = -1;
            for (int i = 0; i < boxes.size(); i++) {
                // Double.compare orders NaN above everything, as the twins' sort does.
                if (!gone[i] && (best < 0 || Double.compare(scores[i], scores[best]) > 0)) {
                    best = i;
                }
            }
            if (best < 0) {
                return kept.stream().mapToInt(Integer::intValue).toArray();
            }
            kept.add(best);
            gone[best] = true;
            for (int i = 0; i < boxes.size(); i++) {
                if (!gone[i] && boxes.get(i).iou(boxes.get(best)) > iouThreshold) {
                    gone[i] = true;
                }
            }
        }
    }
}
