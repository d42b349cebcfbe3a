package io.imgdiff.compute.cuda;

import org.bytedeco.javacpp.LongPointer;

import static org.bytedeco.cuda.global.cudart.cuMemAlloc;
import static org.bytedeco.cuda.global.cudart.cuMemFree;

/**
 * Device memory that an op reuses across calls: {@link #ensure} grows it (contents are not kept) and never shrinks
 * it, so a steady stream of same-sized batches allocates once. Not thread-safe: each op owns its buffers and is
 * itself synchronised. The caller makes the owning context current.
 */
public final class DeviceBuffer implements AutoCloseable {

    private final String what;
    private long ptr;
    private long bytes;

    /** {@code what} names the buffer in errors, e.g. {@code "pixel_diff input"}. */
    public DeviceBuffer(String what) {
        this.what = what;
    }

    /** At least {@code need} bytes; returns the device address. */
    public long ensure(long need) {
        if (need <= bytes) {
            return ptr;
        }
        free();
        // Grow by half again so slowly growing batches do not reallocate every call.
        long size = Math.max(need, bytes + bytes / 2);
        try (LongPointer p = new LongPointer(1)) {
            Cuda.check("cuMemAlloc(" + what + ", " + size + " bytes)", cuMemAlloc(p, size));
            ptr = p.get();
            bytes = size;
        }
        return ptr;
    }

    /** The device address (0 before the first {@link #ensure}). */
    public long ptr() {
        return ptr;
    }

    private void free() {
        if (ptr != 0) {
            Cuda.check("cuMemFree(" + what + ")", cuMemFree(ptr));
            ptr = 0;
            bytes = 0;
        }
    }

    @Override
    public void close() {
        free();
    }
}
