package io.imgdiff.compute.cuda;

import io.imgdiff.image.JpegAccelerator;
import io.imgdiff.item.RgbImage;

import java.util.ArrayList;
import java.util.List;

/**
 * nvJPEG as this process's {@link JpegAccelerator}: one {@link NvJpegDecoder} per thread that decodes (nvJPEG's
 * state is not shared), each made on its thread's first JPEG and all closed with the backend. Pixels come back to
 * the host: the detector's first steps (reduce, blur, drift) run on the CPU, so a device-resident image would be
 * copied back anyway (native/README.md, "JPEG decoding on the GPU").
 */
public final class NvJpegAccelerator implements JpegAccelerator, AutoCloseable {

    private final CudaContext context;
    private final List<NvJpegDecoder> decoders = new ArrayList<>();
    private final ThreadLocal<NvJpegDecoder> perThread;
    private volatile boolean closed;

    public NvJpegAccelerator(CudaContext context) {
        this.context = context;
        this.perThread = ThreadLocal.withInitial(this::newDecoder);
    }

    private NvJpegDecoder newDecoder() {
        synchronized (decoders) {
            if (closed) {
                throw new IllegalStateException("nvJPEG accelerator closed");
            }
            NvJpegDecoder d = new NvJpegDecoder(context);
            decoders.add(d);
            return d;
        }
    }

    @Override
    public String name() {
        return "nvjpeg (" + context.deviceName() + ")";
    }

    @Override
    public RgbImage decode(byte[] jpeg, int width, int height) {
        if (closed) {
            throw new IllegalStateException("nvJPEG accelerator closed");
        }
        return perThread.get().decode(jpeg, (long) width * height);
    }

    @Override
    public void close() {
        synchronized (decoders) {
            closed = true;
            for (NvJpegDecoder d : decoders) {
                d.close();
            }
            decoders.clear();
        }
    }
}
