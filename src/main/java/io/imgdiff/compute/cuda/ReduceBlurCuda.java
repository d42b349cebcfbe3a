package io.imgdiff.compute.cuda;

import io.imgdiff.compute.ReduceBlur;
import io.imgdiff.item.PixelBuffers;

/**
 * CUDA twin of {@link ReduceBlur} ({@code native/kernels/reduce_blur.cu}), bit-exact with the CPU kernel and
 * {@code ReduceBlurReference}. {@link #onDevice} and {@link #toHost} take an image already on the device (nvJPEG's
 * output): the full-size pixels never cross the bus, only the working image does ({@link #toHost}, 1/factor² of
 * the bytes). {@link #reduceBlur} uploads a host image first, for parity checks and the CPU-side interface.
 */
public final class ReduceBlurCuda extends CudaOp implements ReduceBlur {

    private final DeviceBuffer in = device("input");
    private final DeviceBuffer out = device("output");
    private final PinnedBuffer hostIn = pinned("input");
    private final PinnedBuffer hostOut = pinned("output");

    ReduceBlurCuda(CudaContext context, KernelModule module) {
        super(context, module);
    }

    /**
     * The w×h RGB image at device address {@code src} reduced and blurred into {@code into} (grown as needed);
     * returns its address. Synchronous: the result is complete when this returns, and {@code src} may be reused.
     */
    public synchronized long onDevice(long src, int w, int h, int factor, int k, DeviceBuffer into) {
        ReduceBlur.check(3L * w * h, w, h, factor, k);
        context.makeCurrent();
        long dst = into.ensure(outBytes(w, h, factor));
        launch(src, dst, w, h, factor, k);
        sync();
        return dst;
    }

    /** As {@link #onDevice}, then the working image copied back to the host: the only bytes that cross the bus. */
    public synchronized byte[] toHost(long src, int w, int h, int factor, int k) {
        ReduceBlur.check(3L * w * h, w, h, factor, k);
        context.makeCurrent();
        long n = outBytes(w, h, factor);
        long dst = out.ensure(n);
        launch(src, dst, w, h, factor, k);
        hostOut.ensure(n);
        download(hostOut, 0, dst, n);
        sync();
        byte[] result = PixelBuffers.take((int) n); // every byte written
        hostOut.view(0, n).get(result);
        return result;
    }

    @Override
    public synchronized byte[] reduceBlur(byte[] src, int w, int h, int factor, int k) {
        ReduceBlur.check(src.length, w, h, factor, k);
        context.makeCurrent();
        hostIn.ensure(src.length);
        hostIn.view(0, src.length).put(src);
        long dIn = in.ensure(src.length);
        upload(dIn, hostIn, 0, src.length);
        return toHost(dIn, w, h, factor, k);
    }

    private void launch(long src, long dst, int w, int h, int factor, int k) {
        int ow = w / factor, oh = h / factor;
        // bytes that must move: every used input byte once, every output byte once
        long useful = 3L * ow * factor * oh * factor + 3L * ow * oh;
        run(() -> module.launch("reduce_blur", stream, new int[] {blocks(ow, 32), blocks(oh, 32), 1},
                new int[] {32, 8, 1}, 0, src, dst, w, h, factor, k), useful);
    }

    private static long outBytes(int w, int h, int factor) {
        return 3L * (w / factor) * (h / factor);
    }
}
