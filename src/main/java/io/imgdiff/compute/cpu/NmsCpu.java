package io.imgdiff.compute.cpu;

import io.imgdiff.compute.Nms;
import io.imgdiff.item.Box;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** CPU twin of {@link Nms}: sort once, then compare each candidate with the kept boxes only. */
public final class NmsCpu implements Nms {

    @Override
    public int[] nms(List<Box> boxes, double[] scores, double iouThreshold) {
        Nms.check(boxes, scores, iouThreshold);
        Integer[] order = IntStream.range(0, boxes.size()).boxed().toArray(Integer[]::new);
        // Arrays.sort on objects is stable: equal scores keep ascending index order.
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        List<Integer> kept = new ArrayList<>();
        for (int i : order) {
            boolean keep = true;
            for (int k : kept) {
                if (boxes.get(i).iou(boxes.get(k)) > iouThreshold) {
                    keep = false;
                    break;
                }
            }
            if (keep) {
                kept.add(i);
            }
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }
}
