package io.imgdiff.compute.cuda;

import io.imgdiff.compute.PixelDiff;
import io.imgdiff.item.RgbImage;

import java.util.ArrayList;
import java.util.List;

/**
 * CUDA twin of {@link PixelDiff} ({@code native/kernels/pixel_diff.cu}): bit-exact with {@code PixelDiffCpu}.
 * {@link #diffBatch} runs many equally sized pairs in one upload, two launches and one download; {@link #difference}
 * and {@link #mask} are the detector's two steps (it picks the threshold in between), one pair each.
 */
public final class PixelDiffCuda extends CudaOp implements PixelDiff {

    private static final long ALIGN = 256;
    private final DeviceBuffer in = device("input");
    private final DeviceBuffer out = device("output");
    private final PinnedBuffer hostIn = pinned("input");
    private final PinnedBuffer hostOut = pinned("output");

    PixelDiffCuda(CudaContext context, KernelModule module) {
        super(context, module);
    }

    @Override
    public synchronized Difference difference(RgbImage a, RgbImage b, int shift) {
        PixelDiff.checkDifference(a, b, shift);
        int w = a.width(), h = a.height();
        long n = (long) w * h;
        long bOff = align(3 * n);
        context.makeCurrent();
        hostIn.ensure(bOff + 3 * n);
        hostIn.view(0, 3 * n).put(a.rgb());
        hostIn.view(bOff, 3 * n).put(b.rgb());
        long dIn = in.ensure(bOff + 3 * n);
        long dOut = out.ensure(n);
        upload(dIn, hostIn, 0, bOff + 3 * n);
        run(() -> module.launch("pixel_diff_range", stream, new int[] {blocks(w, 32), blocks(h, 32), 1},
                new int[] {32, 8, 1}, 0, dIn, dIn + bOff, dOut, w, h, shift), 7 * n);
        hostOut.ensure(n);
        download(hostOut, 0, dOut, n);
        sync();
        byte[] d = new byte[(int) n];
        hostOut.view(0, n).get(d);
        return new Difference(w, h, d);
    }

    @Override
    public synchronized byte[] mask(Difference d, int radius, int threshold) {
        PixelDiff.checkMask(radius, threshold);
        int w = d.width(), h = d.height();
        long n = (long) w * h;
        long maskOff = align(n);
        context.makeCurrent();
        hostIn.ensure(n);
        hostIn.view(0, n).put(d.diff());
        long dBuf = out.ensure(maskOff + n);
        upload(dBuf, hostIn, 0, n);
        int k = 2 * radius + 1;
        int need = threshold * k * k;
        run(() -> module.launch("pixel_diff_mask", stream, new int[] {blocks(w, 32), blocks(h, 32), 1},
                new int[] {32, 8, 1}, 0, dBuf, dBuf + maskOff, w, h, radius, need), 2 * n);
        hostOut.ensure(n);
        download(hostOut, 0, dBuf + maskOff, n);
        sync();
        byte[] m = new byte[(int) n];
        hostOut.view(0, n).get(m);
        return m;
    }

    @Override
    public Result diff(RgbImage a, RgbImage b, int radius, int threshold) {
        PixelDiff.check(a, b, radius, threshold);
        return diffBatch(List.of(a), List.of(b), radius, threshold).get(0);
    }

    /** {@link #diff} of pairs {@code (as[i], bs[i])}; every image must have the size of {@code as[0]}. */
    public synchronized List<Result> diffBatch(List<RgbImage> as, List<RgbImage> bs, int radius, int threshold) {
        if (as.size() != bs.size() || as.isEmpty() || as.size() > 65535) {
            throw new IllegalArgumentException("diffBatch: got " + as.size() + " a images and " + bs.size()
                    + " b images; expected the same count, 1-65535");
        }
        int w = as.get(0).width(), h = as.get(0).height();
        for (int i = 0; i < as.size(); i++) {
            PixelDiff.check(as.get(i), bs.get(i), radius, threshold);
            if (as.get(i).width() != w || as.get(i).height() != h) {
                throw new IllegalArgumentException("diffBatch: pair " + i + " is " + as.get(i).width() + "x"
                        + as.get(i).height() + "; expected every pair " + w + "x" + h);
            }
        }
        int batch = as.size();
        long plane = (long) w * h;
        long n = plane * batch;
        long bOff = align(3 * n);          // b after a, 256-aligned so both get 4-byte vector loads
        long maskOff = align(n);
        context.makeCurrent();
        hostIn.ensure(bOff + 3 * n);
        for (int i = 0; i < batch; i++) {
            hostIn.view(3 * plane * i, 3 * plane).put(as.get(i).rgb());
            hostIn.view(bOff + 3 * plane * i, 3 * plane).put(bs.get(i).rgb());
        }
        long dIn = in.ensure(bOff + 3 * n);
        long dOut = out.ensure(maskOff + n);
        upload(dIn, hostIn, 0, bOff + 3 * n);
        int k = 2 * radius + 1;
        int need = threshold * k * k;
        run(() -> {
            module.launch("pixel_diff_absmax", stream, new int[] {Math.min(blocks((n + 3) / 4, 256), 1 << 20), 1, 1},
                    new int[] {256, 1, 1}, 0, dIn, dIn + bOff, dOut, n);
            module.launch("pixel_diff_mask", stream, new int[] {blocks(w, 32), blocks(h, 32), batch},
                    new int[] {32, 8, 1}, 0, dOut, dOut + maskOff, w, h, radius, need);
        }, 8 * n);
        hostOut.ensure(maskOff + n);
        download(hostOut, 0, dOut, maskOff + n);
        sync();
        List<Result> results = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            byte[] d = new byte[(int) plane];
            byte[] m = new byte[(int) plane];
            hostOut.view(plane * i, plane).get(d);
            hostOut.view(maskOff + plane * i, plane).get(m);
            results.add(new Result(w, h, d, m));
        }
        return results;
    }

    private static long align(long v) {
        return (v + ALIGN - 1) / ALIGN * ALIGN;
    }
}
