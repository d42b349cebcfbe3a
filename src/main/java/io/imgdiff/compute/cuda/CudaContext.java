package io.imgdiff.compute.cuda;

import org.bytedeco.cuda.cudart.CUctx_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.BytePointer;

import static org.bytedeco.cuda.global.cudart.CU_STREAM_NON_BLOCKING;
import static org.bytedeco.cuda.global.cudart.cuCtxSetCurrent;
import static org.bytedeco.cuda.global.cudart.cuDeviceGet;
import static org.bytedeco.cuda.global.cudart.cuDeviceGetName;
import static org.bytedeco.cuda.global.cudart.cuDevicePrimaryCtxRelease;
import static org.bytedeco.cuda.global.cudart.cuDevicePrimaryCtxRetain;
import static org.bytedeco.cuda.global.cudart.cuInit;
import static org.bytedeco.cuda.global.cudart.cuStreamCreate;
import static org.bytedeco.cuda.global.cudart.cuStreamDestroy;

/**
 * The primary context of one device, shared by every op of a {@link CudaComputeBackend}. The driver API keeps the
 * current context per thread, so each op calls {@link #makeCurrent()} first: worker threads come and go.
 * Only use after {@code DeviceProbe} said CUDA is usable.
 */
public final class CudaContext implements AutoCloseable {

    private final int device;
    private final CUctx_st ctx = new CUctx_st();
    private final String deviceName;

    /** Retains the primary context of device {@code ordinal}. */
    public CudaContext(int ordinal) {
        Cuda.check("cuInit", cuInit(0));
        int[] dev = new int[1];
        Cuda.check("cuDeviceGet(" + ordinal + ")", cuDeviceGet(dev, ordinal));
        device = dev[0];
        try (BytePointer name = new BytePointer(256)) {
            Cuda.check("cuDeviceGetName", cuDeviceGetName(name, 256, device));
            deviceName = name.getString();
        }
        Cuda.check("cuDevicePrimaryCtxRetain", cuDevicePrimaryCtxRetain(ctx, device));
        makeCurrent();
    }

    /** Binds this context to the calling thread. */
    public void makeCurrent() {
        Cuda.check("cuCtxSetCurrent", cuCtxSetCurrent(ctx));
    }

    /** A new non-blocking stream in this context; the caller destroys it with {@link #destroy(CUstream_st)}. */
    public CUstream_st newStream() {
        makeCurrent();
        CUstream_st s = new CUstream_st();
        Cuda.check("cuStreamCreate", cuStreamCreate(s, CU_STREAM_NON_BLOCKING));
        return s;
    }

    public void destroy(CUstream_st stream) {
        makeCurrent();
        Cuda.check("cuStreamDestroy", cuStreamDestroy(stream));
    }

    /** The device's marketing name, e.g. {@code NVIDIA H100 80GB HBM3}. */
    public String deviceName() {
        return deviceName;
    }

    @Override
    public void close() {
        Cuda.check("cuDevicePrimaryCtxRelease", cuDevicePrimaryCtxRelease(device));
    }
}
