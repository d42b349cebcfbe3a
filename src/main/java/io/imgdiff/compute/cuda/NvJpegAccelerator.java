package io.imgdiff.compute.cuda;

import io.imgdiff.compute.WorkingPairPreparer;
import io.imgdiff.image.JpegAccelerator;
import io.imgdiff.item.RgbImage;

import java.util.ArrayList;
import java.util.List;

/**
 * nvJPEG as this process's {@link JpegAccelerator} (pixels back to the host) and, for the detect stage's device
 * path, its {@link WorkingPairPreparer}: both images decoded into device buffers of the calling thread, reduced and
 * blurred there by {@link ReduceBlurCuda}, and only the working images copied back; crops of the full-size pixels
 * come back box by box ({@link DeviceImages#crop}). One decoder and one pair of buffers per thread that decodes
 * (nvJPEG's state is not shared), each made on its thread's first JPEG and all closed with the backend.
 */
public final class NvJpegAccelerator implements JpegAccelerator, WorkingPairPreparer, AutoCloseable {

    /** A thread's decoder and the device buffers its prepared pair stays in until its next pair. */
    private final class Slot {
        final NvJpegDecoder decoder = new NvJpegDecoder(context);
        final DeviceBuffer fullA = new DeviceBuffer("nvjpeg pair A");
        final DeviceBuffer fullB = new DeviceBuffer("nvjpeg pair B");

        void close() {
            context.makeCurrent();
            fullA.close();
            fullB.close();
            decoder.close();
        }
    }

    private final CudaContext context;
    private final ReduceBlurCuda reduceBlur;
    private final List<Slot> slots = new ArrayList<>();
    private final ThreadLocal<Slot> perThread;
    private volatile boolean closed;

    /** On the backend's context, reducing with its {@code reduce_blur} op. */
    public NvJpegAccelerator(CudaComputeBackend cuda) {
        this.context = cuda.context();
        this.reduceBlur = cuda.reduceBlur();
        this.perThread = ThreadLocal.withInitial(this::newSlot);
    }

    private Slot newSlot() {
        synchronized (slots) {
            if (closed) {
                throw new IllegalStateException("nvJPEG accelerator closed");
            }
            Slot s = new Slot();
            slots.add(s);
            return s;
        }
    }

    private Slot slot() {
        if (closed) {
            throw new IllegalStateException("nvJPEG accelerator closed");
        }
        return perThread.get();
    }

    @Override
    public String name() {
        return "nvjpeg (" + context.deviceName() + ")";
    }

    @Override
    public RgbImage decode(byte[] jpeg, int width, int height) {
        return slot().decoder.decode(jpeg, (long) width * height);
    }

    @Override
    public Prepared prepare(byte[] jpegA, byte[] jpegB, int width, int height, int factor, int k) {
        Slot s = slot();
        long a = s.decoder.decodeToDevice(jpegA, width, height, s.fullA);
        long b = s.decoder.decodeToDevice(jpegB, width, height, s.fullB);
        int ow = width / factor, oh = height / factor;
        return new Prepared(new RgbImage(ow, oh, reduceBlur.toHost(a, width, height, factor, k)),
                new RgbImage(ow, oh, reduceBlur.toHost(b, width, height, factor, k)),
                (fromB, box) -> DeviceImages.crop(context, fromB ? b : a, width, box));
    }

    @Override
    public void close() {
        synchronized (slots) {
            closed = true;
            for (Slot s : slots) {
                s.close();
            }
            slots.clear();
        }
    }
}
