package io.imgdiff.compute.cuda;

import io.imgdiff.compute.Nms;
import io.imgdiff.compute.cpu.NmsCpu;
import io.imgdiff.item.Box;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * CUDA twin of {@link Nms} ({@code native/kernels/nms.cu}): the host sorts (stable, the comparator of
 * {@code NmsCpu}), the device builds the IoU bit matrix and the keep list. Results are identical to NmsCpu's.
 * Lists longer than {@value #MAX_BOXES} go to NmsCpu: the bit matrix grows with the square of the count
 * (64k boxes: 512 MB) and the keep kernel holds one bit per box in shared memory.
 */
public final class NmsCuda extends CudaOp implements Nms {

    /** Longest list run on the device. */
    public static final int MAX_BOXES = 65536;
    private static final int BLOCK = 64;
    private final DeviceBuffer in = device("boxes");
    private final DeviceBuffer mask = device("iou mask");
    private final DeviceBuffer out = device("keep");
    private final PinnedBuffer hostIn = pinned("boxes");
    private final PinnedBuffer hostOut = pinned("keep");
    private final Nms large = new NmsCpu();

    NmsCuda(CudaContext context, KernelModule module) {
        super(context, module);
    }

    @Override
    public int[] nms(List<Box> boxes, double[] scores, double iouThreshold) {
        Nms.check(boxes, scores, iouThreshold);
        return nmsBatch(List.of(boxes), List.of(scores), iouThreshold).get(0);
    }

    /** {@link #nms} of many box lists at once (one per image), one threshold for all. */
    public synchronized List<int[]> nmsBatch(List<List<Box>> boxes, List<double[]> scores, double iouThreshold) {
        if (boxes.size() != scores.size() || boxes.size() > 65535) {
            throw new IllegalArgumentException("nmsBatch: got " + boxes.size() + " box lists and " + scores.size()
                    + " score arrays; expected the same count, at most 65535");
        }
        int batch = boxes.size();
        int[][] order = new int[batch][];
        int[] first = new int[batch], count = new int[batch];
        long[] maskAt = new long[batch];
        long total = 0, words = 0;
        int maxWords = 0;
        for (int b = 0; b < batch; b++) {
            Nms.check(boxes.get(b), scores.get(b), iouThreshold);
            int n = boxes.get(b).size();
            count[b] = n > MAX_BOXES ? 0 : n;
            first[b] = (int) total;
            order[b] = n > MAX_BOXES ? null : sortedOrder(scores.get(b));
            int w = (count[b] + BLOCK - 1) / BLOCK;
            maskAt[b] = words;
            words += (long) count[b] * w;
            maxWords = Math.max(maxWords, w);
            total += count[b];
        }
        List<int[]> result = new ArrayList<>(batch);
        if (total == 0) {
            for (int b = 0; b < batch; b++) {
                result.add(order[b] == null ? large.nms(boxes.get(b), scores.get(b), iouThreshold) : new int[0]);
            }
            return result;
        }
        context.makeCurrent();
        long boxBytes = 16 * total, metaBytes = 16L * batch; // first+count ints, then maskAt longs
        hostIn.ensure(boxBytes + metaBytes);
        ByteBuffer host = hostIn.view(0, boxBytes + metaBytes);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < count[b]; i++) {
                Box x = boxes.get(b).get(order[b][i]);
                host.putInt(x.x1()).putInt(x.y1()).putInt(x.x2()).putInt(x.y2());
            }
        }
        host.asIntBuffer().put(first).put(count);
        host.position((int) (boxBytes + 8L * batch));
        host.asLongBuffer().put(maskAt);
        long dIn = in.ensure(boxBytes + metaBytes);
        long dFirst = dIn + boxBytes, dCount = dFirst + 4L * batch, dMaskAt = dIn + boxBytes + 8L * batch;
        long dMask = mask.ensure(8 * Math.max(1, words));
        long dOut = out.ensure(4 * (total + batch));
        long dKept = dOut + 4 * total;
        upload(dIn, hostIn, 0, boxBytes + metaBytes);
        int gw = maxWords;
        run(() -> {
            module.launch("nms_mask", stream, new int[] {gw, gw, batch}, new int[] {BLOCK, 1, 1}, 0,
                    dIn, dFirst, dCount, dMaskAt, dMask, iouThreshold);
            module.launch("nms_keep", stream, new int[] {batch, 1, 1}, new int[] {256, 1, 1}, 8 * (gw + BLOCK),
                    dMask, dFirst, dCount, dMaskAt, dOut, dKept);
        }, boxBytes + 8 * words * 2);
        hostOut.ensure(4 * (total + batch));
        download(hostOut, 0, dOut, 4 * (total + batch));
        sync();
        int[] keep = new int[(int) total], kept = new int[batch];
        ByteBuffer res = hostOut.view(0, 4 * (total + batch));
        res.asIntBuffer().get(keep).get(kept);
        for (int b = 0; b < batch; b++) {
            if (order[b] == null) {
                result.add(large.nms(boxes.get(b), scores.get(b), iouThreshold));
                continue;
            }
            int[] r = new int[kept[b]];
            for (int k = 0; k < r.length; k++) {
                r[k] = order[b][keep[first[b] + k]];
            }
            result.add(r);
        }
        return result;
    }

    /** Indices by descending score; Arrays.sort on objects is stable, so ties keep ascending index (as NmsCpu). */
    static int[] sortedOrder(double[] scores) {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }
}
