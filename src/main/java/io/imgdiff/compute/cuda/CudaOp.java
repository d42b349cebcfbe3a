package io.imgdiff.compute.cuda;

import org.bytedeco.cuda.cudart.CUevent_st;
import org.bytedeco.cuda.cudart.CUstream_st;

import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.cuda.global.cudart.CU_EVENT_DEFAULT;
import static org.bytedeco.cuda.global.cudart.cuEventCreate;
import static org.bytedeco.cuda.global.cudart.cuEventDestroy;
import static org.bytedeco.cuda.global.cudart.cuEventElapsedTime;
import static org.bytedeco.cuda.global.cudart.cuEventRecord;
import static org.bytedeco.cuda.global.cudart.cuEventSynchronize;
import static org.bytedeco.cuda.global.cudart.cuMemcpyDtoHAsync;
import static org.bytedeco.cuda.global.cudart.cuMemcpyHtoDAsync;
import static org.bytedeco.cuda.global.cudart.cuStreamSynchronize;

/**
 * What every CUDA op shares: the context, its own stream, its module, buffers it owns (closed in reverse order),
 * and a replay of the last call's kernel sequence on data still on the device, so {@code GpuCheck} can time the
 * kernels without the host transfers. Subclasses make their public methods {@code synchronized}: one stream and
 * one set of buffers per op instance.
 */
abstract class CudaOp implements AutoCloseable {

    protected final CudaContext context;
    protected final KernelModule module;
    protected final CUstream_st stream;
    private final List<AutoCloseable> owned = new ArrayList<>();
    /** The kernel launches of the last call, replayable while its inputs are still on the device. */
    private Runnable lastLaunch;
    /** Bytes the last call's kernels must read and write at least once (for GB/s). */
    private long lastBytes;

    protected CudaOp(CudaContext context, KernelModule module) {
        this.context = context;
        this.module = module;
        this.stream = context.newStream();
    }

    protected DeviceBuffer device(String what) {
        DeviceBuffer b = new DeviceBuffer(getClass().getSimpleName() + " " + what);
        owned.add(b);
        return b;
    }

    protected PinnedBuffer pinned(String what) {
        PinnedBuffer b = new PinnedBuffer(getClass().getSimpleName() + " " + what);
        owned.add(b);
        return b;
    }

    protected void upload(long dst, PinnedBuffer src, long from, long bytes) {
        Cuda.check("cuMemcpyHtoDAsync", cuMemcpyHtoDAsync(dst, src.at(from), bytes, stream));
    }

    protected void download(PinnedBuffer dst, long to, long src, long bytes) {
        Cuda.check("cuMemcpyDtoHAsync", cuMemcpyDtoHAsync(dst.at(to), src, bytes, stream));
    }

    protected void sync() {
        Cuda.check("cuStreamSynchronize", cuStreamSynchronize(stream));
    }

    /** Runs {@code kernels} now and remembers them for {@link #replay}. */
    protected void run(Runnable kernels, long usefulBytes) {
        lastLaunch = kernels;
        lastBytes = usefulBytes;
        kernels.run();
    }

    /** Bytes of the last call, see {@link #run}. */
    synchronized long lastBytes() {
        return lastBytes;
    }

    /** Mean milliseconds of the last call's kernels over {@code reps} replays (after one warm-up), by CUDA events. */
    synchronized float replay(int reps) {
        if (lastLaunch == null) {
            throw new IllegalStateException("replay: no previous call on " + getClass().getSimpleName());
        }
        context.makeCurrent();
        CUevent_st start = new CUevent_st(), stop = new CUevent_st();
        Cuda.check("cuEventCreate", cuEventCreate(start, CU_EVENT_DEFAULT));
        Cuda.check("cuEventCreate", cuEventCreate(stop, CU_EVENT_DEFAULT));
        try {
            lastLaunch.run();
            Cuda.check("cuEventRecord", cuEventRecord(start, stream));
            for (int i = 0; i < reps; i++) {
                lastLaunch.run();
            }
            Cuda.check("cuEventRecord", cuEventRecord(stop, stream));
            Cuda.check("cuEventSynchronize", cuEventSynchronize(stop));
            float[] ms = new float[1];
            Cuda.check("cuEventElapsedTime", cuEventElapsedTime(ms, start, stop));
            return ms[0] / reps;
        } finally {
            cuEventDestroy(start);
            cuEventDestroy(stop);
        }
    }

    static int blocks(long work, int per) {
        return (int) Math.min((work + per - 1) / per, Integer.MAX_VALUE);
    }

    @Override
    public synchronized void close() {
        context.makeCurrent();
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
        }
        context.destroy(stream);
    }
}
