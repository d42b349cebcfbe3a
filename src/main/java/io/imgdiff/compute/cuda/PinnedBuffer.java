package io.imgdiff.compute.cuda;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.bytedeco.cuda.global.cudart.cuMemAllocHost;
import static org.bytedeco.cuda.global.cudart.cuMemFreeHost;

/**
 * Page-locked host memory (cuMemAllocHost) for one op's transfers: async copies from it overlap and run at full
 * PCIe speed. Grows like {@link DeviceBuffer}; viewed as a little-endian {@link ByteBuffer} for typed access.
 */
public final class PinnedBuffer implements AutoCloseable {

    private final String what;
    private BytePointer host;
    private long bytes;

    public PinnedBuffer(String what) {
        this.what = what;
    }

    /** At least {@code need} bytes (contents not kept on growth); returns the buffer at position 0. */
    public BytePointer ensure(long need) {
        if (need > bytes || host == null) {
            free();
            long size = Math.max(Math.max(need, 64), bytes + bytes / 2);
            try (PointerPointer<Pointer> pp = new PointerPointer<>(1)) {
                Cuda.check("cuMemAllocHost(" + what + ", " + size + " bytes)", cuMemAllocHost(pp, size));
                host = new BytePointer(pp.get(0));
                host.capacity(size);
                bytes = size;
            }
        }
        return host.position(0);
    }

    /** A little-endian view of bytes {@code [from, from + length)}; valid until the next growth. */
    public ByteBuffer view(long from, long length) {
        if (from + length > bytes) {
            throw new IllegalArgumentException("pinned " + what + ": view " + from + "+" + length + " past " + bytes);
        }
        return new BytePointer(host).position(from).limit(from + length).asBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The host address of byte {@code from}, for cuMemcpy*Async. */
    public Pointer at(long from) {
        return new BytePointer(host).position(from);
    }

    private void free() {
        if (host != null) {
            Cuda.check("cuMemFreeHost(" + what + ")", cuMemFreeHost(host.position(0)));
            host = null;
            bytes = 0;
        }
    }

    @Override
    public void close() {
        free();
    }
}
