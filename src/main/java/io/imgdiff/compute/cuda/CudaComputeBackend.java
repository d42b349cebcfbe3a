package io.imgdiff.compute.cuda;

import io.imgdiff.compute.Components;
import io.imgdiff.compute.ComputeBackend;
import io.imgdiff.compute.Cosine;
import io.imgdiff.compute.CropResize;
import io.imgdiff.compute.Nms;
import io.imgdiff.compute.PixelDiff;

import java.util.ArrayList;
import java.util.List;

/**
 * The CUDA backend: one primary context, one module per op (loaded once), one stream and buffer set per op.
 * Build with {@link #open(int)} only after {@code DeviceProbe} found a device; {@link #close()} frees everything
 * in reverse order.
 */
public final class CudaComputeBackend implements ComputeBackend, AutoCloseable {

    private final CudaContext context;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final PixelDiffCuda pixelDiff;
    private final ComponentsCuda components;
    private final NmsCuda nms;
    private final CropResizeCuda cropResize;
    private final CosineCuda cosine;
    private final ReduceBlurCuda reduceBlur;

    private CudaComputeBackend(CudaContext context) {
        this.context = context;
        pixelDiff = own(new PixelDiffCuda(context, own(new KernelModule(context, "pixel_diff"))));
        components = own(new ComponentsCuda(context, own(new KernelModule(context, "components"))));
        nms = own(new NmsCuda(context, own(new KernelModule(context, "nms"))));
        cropResize = own(new CropResizeCuda(context, own(new KernelModule(context, "crop_resize"))));
        cosine = own(new CosineCuda(context, own(new KernelModule(context, "cosine"))));
        reduceBlur = own(new ReduceBlurCuda(context, own(new KernelModule(context, "reduce_blur"))));
    }

    /** Opens device {@code ordinal}: retains its context and loads every kernel module. */
    public static CudaComputeBackend open(int ordinal) {
        CudaContext context = new CudaContext(ordinal);
        CudaComputeBackend backend = null;
        try {
            backend = new CudaComputeBackend(context);
            return backend;
        } finally {
            if (backend == null) {
                context.close();
            }
        }
    }

    private <T extends AutoCloseable> T own(T t) {
        owned.add(t);
        return t;
    }

    /** The context, e.g. for the device name or bandwidth probes. */
    public CudaContext context() {
        return context;
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public PixelDiffCuda pixelDiff() {
        return pixelDiff;
    }

    @Override
    public ComponentsCuda components() {
        return components;
    }

    @Override
    public NmsCuda nms() {
        return nms;
    }

    @Override
    public CropResizeCuda cropResize() {
        return cropResize;
    }

    @Override
    public CosineCuda cosine() {
        return cosine;
    }

    @Override
    public ReduceBlurCuda reduceBlur() {
        return reduceBlur;
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the CUDA backend: " + e.getMessage(), e);
            }
        }
        context.close();
    }
}
