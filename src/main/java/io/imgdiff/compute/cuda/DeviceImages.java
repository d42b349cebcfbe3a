package io.imgdiff.compute.cuda;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;
import org.bytedeco.cuda.cudart.CUDA_MEMCPY2D_v2;
import org.bytedeco.javacpp.BytePointer;

import static org.bytedeco.cuda.global.cudart.CU_MEMORYTYPE_DEVICE;
import static org.bytedeco.cuda.global.cudart.CU_MEMORYTYPE_HOST;
import static org.bytedeco.cuda.global.cudart.cuMemcpy2D;
import static org.bytedeco.cuda.global.cudart.cuMemcpyDtoH;
import static org.bytedeco.cuda.global.cudart.cuMemcpyHtoD;

/**
 * Synchronous copies between heap arrays and device images (RGB interleaved, rows of {@code 3 × width} bytes): for
 * checks, and for the crops the detect stage cuts from a pair that stays on the device. Rare and small next to
 * the ops' pinned, asynchronous transfers, so they go through ordinary native memory.
 */
public final class DeviceImages {

    private DeviceImages() {
    }

    /** Copies {@code bytes} into {@code into} (grown as needed); returns its device address. */
    static long upload(CudaContext context, byte[] bytes, DeviceBuffer into) {
        context.makeCurrent();
        long dst = into.ensure(bytes.length);
        try (BytePointer host = new BytePointer(bytes)) {
            Cuda.check("cuMemcpyHtoD", cuMemcpyHtoD(dst, host, bytes.length));
        }
        return dst;
    }

    /** {@code n} bytes from device address {@code src}. */
    static byte[] download(CudaContext context, long src, int n) {
        context.makeCurrent();
        byte[] out = new byte[n];
        try (BytePointer host = new BytePointer(n)) {
            Cuda.check("cuMemcpyDtoH", cuMemcpyDtoH(host, src, n));
            host.get(out);
        }
        return out;
    }

    /**
     * The pixels inside {@code box} of the {@code width}-wide image at {@code src}, in one 2-D copy: only the box's
     * rows cross the bus. The box must lie inside the image (the caller's boxes do: they are scaled from it).
     */
    static RgbImage crop(CudaContext context, long src, int width, Box box) {
        context.makeCurrent();
        long rowBytes = 3L * box.width();
        byte[] out = new byte[Math.toIntExact(rowBytes * box.height())];
        try (BytePointer host = new BytePointer(out.length); CUDA_MEMCPY2D_v2 copy = new CUDA_MEMCPY2D_v2()) {
            copy.srcMemoryType(CU_MEMORYTYPE_DEVICE).srcDevice(src).srcHost(null).srcArray(null)
                    .srcXInBytes(3L * box.x1()).srcY(box.y1()).srcPitch(3L * width)
                    .dstMemoryType(CU_MEMORYTYPE_HOST).dstHost(host).dstDevice(0).dstArray(null)
                    .dstXInBytes(0).dstY(0).dstPitch(rowBytes)
                    .WidthInBytes(rowBytes).Height(box.height());
            Cuda.check("cuMemcpy2D(crop)", cuMemcpy2D(copy));
            host.get(out);
        }
        return new RgbImage(box.width(), box.height(), out);
    }
}
