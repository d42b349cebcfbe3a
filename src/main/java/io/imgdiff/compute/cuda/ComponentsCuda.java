package io.imgdiff.compute.cuda;

import io.imgdiff.compute.Components;
import io.imgdiff.item.Box;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.bytedeco.cuda.global.cudart.cuMemsetD32Async;

/**
 * CUDA twin of {@link Components} ({@code native/kernels/components.cu}): union-find labelling and atomic stats on
 * the device; only the compact per-component records (32 bytes each) come back. Equal under
 * {@link Components#ORDER} is broken by the component's first pixel, as OpenCV's label order does, so lists are
 * identical to {@code ComponentsCpu}'s.
 */
public final class ComponentsCuda extends CudaOp implements Components {

    private static final int STAT_BYTES = 32;
    private final DeviceBuffer in = device("mask+diff");
    private final DeviceBuffer labels = device("labels");
    private final DeviceBuffer slots = device("slots");
    private final DeviceBuffer stats = device("stats");
    private final DeviceBuffer counts = device("counts");
    private final PinnedBuffer hostIn = pinned("mask+diff");
    private final PinnedBuffer hostOut = pinned("stats");

    ComponentsCuda(CudaContext context, KernelModule module) {
        super(context, module);
    }

    @Override
    public List<Component> label(byte[] mask, byte[] diff, int width, int height) {
        Components.check(mask, diff, width, height);
        return labelBatch(List.of(mask), List.of(diff), width, height).get(0);
    }

    /** {@link #label} of many equally sized masks at once; list {@code i} belongs to {@code masks[i]}. */
    public synchronized List<List<Component>> labelBatch(List<byte[]> masks, List<byte[]> diffs, int width,
                                                         int height) {
        if (masks.size() != diffs.size() || masks.isEmpty() || masks.size() > 65535) {
            throw new IllegalArgumentException("labelBatch: got " + masks.size() + " masks and " + diffs.size()
                    + " diffs; expected the same count, 1-65535");
        }
        for (int i = 0; i < masks.size(); i++) {
            Components.check(masks.get(i), diffs.get(i), width, height);
        }
        int batch = masks.size();
        long plane = (long) width * height;
        long n = plane * batch;
        long cap = (long) ((width + 1) / 2) * ((height + 1) / 2);
        context.makeCurrent();
        hostIn.ensure(2 * n);
        for (int i = 0; i < batch; i++) {
            hostIn.view(plane * i, plane).put(masks.get(i));
            hostIn.view(n + plane * i, plane).put(diffs.get(i));
        }
        long dIn = in.ensure(2 * n);
        long dLabels = labels.ensure(4 * n);
        long dSlots = slots.ensure(4 * n);
        long dStats = stats.ensure(STAT_BYTES * cap * batch);
        long dCounts = counts.ensure(4L * batch);
        upload(dIn, hostIn, 0, 2 * n);
        int[] grid = {CudaOp.blocks(width, 32), CudaOp.blocks(height, 8), batch};
        int[] block = {32, 8, 1};
        int capInt = (int) cap;
        run(() -> {
            Cuda.check("cuMemsetD32Async(counts)", cuMemsetD32Async(dCounts, 0, batch, stream));
            module.launch("cc_init", stream, grid, block, 0, dIn, dLabels, width, height);
            module.launch("cc_merge", stream, grid, block, 0, dIn, dLabels, width, height);
            module.launch("cc_flatten", stream, grid, block, 0, dLabels, width, height);
            module.launch("cc_compact", stream, grid, block, 0, dLabels, dSlots, dStats, dCounts, width, height,
                    capInt);
            module.launch("cc_stats", stream, grid, block, 0, dLabels, dSlots, dIn + n, dStats, width, height,
                    capInt);
        }, 2 * n);
        hostOut.ensure(4L * batch);
        download(hostOut, 0, dCounts, 4L * batch);
        sync();
        int[] found = new int[batch];
        hostOut.view(0, 4L * batch).asIntBuffer().get(found);
        long total = 0;
        for (int c : found) {
            total += c;
        }
        hostOut.ensure(STAT_BYTES * Math.max(1, total));
        long at = 0;
        for (int i = 0; i < batch; i++) {
            download(hostOut, at, dStats + STAT_BYTES * cap * i, (long) STAT_BYTES * found[i]);
            at += (long) STAT_BYTES * found[i];
        }
        sync();
        List<List<Component>> out = new ArrayList<>(batch);
        at = 0;
        for (int i = 0; i < batch; i++) {
            out.add(parse(hostOut.view(at, (long) STAT_BYTES * found[i]), found[i]));
            at += (long) STAT_BYTES * found[i];
        }
        return out;
    }

    /** Reads {@code count} CcStat records and sorts them by ORDER, then by first pixel. */
    private static List<Component> parse(ByteBuffer buf, int count) {
        record Found(Component c, int root) {
        }
        List<Found> found = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int x1 = buf.getInt(), y1 = buf.getInt(), x2 = buf.getInt(), y2 = buf.getInt();
            int pixels = buf.getInt(), root = buf.getInt();
            long sum = buf.getLong();
            found.add(new Found(new Component(new Box(x1, y1, x2, y2), pixels, sum), root));
        }
        found.sort(Comparator.comparing(Found::c, Components.ORDER).thenComparingInt(Found::root));
        List<Component> out = new ArrayList<>(count);
        for (Found f : found) {
            out.add(f.c());
        }
        return out;
    }
}
