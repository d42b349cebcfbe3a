package io.imgdiff.compute.cuda;

import io.imgdiff.compute.Cosine;

/** CUDA twin of {@link Cosine} ({@code native/kernels/cosine.cu}): one block per pair, double accumulation. */
public final class CosineCuda extends CudaOp implements Cosine {

    private final DeviceBuffer in = device("vectors");
    private final DeviceBuffer out = device("cosines");
    private final PinnedBuffer hostIn = pinned("vectors");
    private final PinnedBuffer hostOut = pinned("cosines");

    CosineCuda(CudaContext context, KernelModule module) {
        super(context, module);
    }

    @Override
    public synchronized float[] cosine(float[] a, float[] b, int n, int dim) {
        Cosine.check(a, b, n, dim);
        if (n == 0) {
            return new float[0];
        }
        long bytes = 4L * n * dim;
        context.makeCurrent();
        hostIn.ensure(2 * bytes);
        hostIn.view(0, bytes).asFloatBuffer().put(a);
        hostIn.view(bytes, bytes).asFloatBuffer().put(b);
        long dIn = in.ensure(2 * bytes);
        long dOut = out.ensure(4L * n);
        upload(dIn, hostIn, 0, 2 * bytes);
        run(() -> module.launch("cosine_pairs", stream, new int[] {n, 1, 1}, new int[] {128, 1, 1}, 0,
                dIn, dIn + bytes, dOut, n, dim), 2 * bytes + 4L * n);
        hostOut.ensure(4L * n);
        download(hostOut, 0, dOut, 4L * n);
        sync();
        float[] result = new float[n];
        hostOut.view(0, 4L * n).asFloatBuffer().get(result);
        return result;
    }
}
