package io.imgdiff.compute.cuda;

import io.imgdiff.image.JpegMarkers;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.RgbImage;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.nvjpeg.nvjpegHandle;
import org.bytedeco.cuda.nvjpeg.nvjpegImage_t;
import org.bytedeco.cuda.nvjpeg.nvjpegJpegState;
import org.bytedeco.javacpp.BytePointer;

import static org.bytedeco.cuda.global.cudart.cuMemcpyDtoH;
import static org.bytedeco.cuda.global.cudart.cuStreamSynchronize;
import static org.bytedeco.cuda.global.nvjpeg.NVJPEG_OUTPUT_RGBI;
import static org.bytedeco.cuda.global.nvjpeg.NVJPEG_STATUS_SUCCESS;
import static org.bytedeco.cuda.global.nvjpeg.nvjpegCreateSimple;
import static org.bytedeco.cuda.global.nvjpeg.nvjpegDecode;
import static org.bytedeco.cuda.global.nvjpeg.nvjpegDestroy;
import static org.bytedeco.cuda.global.nvjpeg.nvjpegGetImageInfo;
import static org.bytedeco.cuda.global.nvjpeg.nvjpegJpegStateCreate;
import static org.bytedeco.cuda.global.nvjpeg.nvjpegJpegStateDestroy;

/**
 * JPEG decoding on the GPU with nvJPEG (bytedeco CUDA preset), into interleaved RGB in device memory
 * ({@link #decodeToDevice}, for the pixel-difference kernels without a host round trip) or back on the host
 * ({@link #decode}). Keeps the CPU decoder's contract where nvJPEG would be laxer: the size is checked from the header
 * before anything is decoded, and a file without its end-of-image marker is refused as truncated (nvJPEG may fill the
 * missing rows). libjpeg-turbo ({@code io.imgdiff.image.JpegKernels}) is its CPU twin; nvJPEG's IDCT is not
 * libjpeg's ISLOW, so pixels may differ by a few levels (native/README.md says what the GPU check must show).
 * <p>
 * Not yet run on a GPU (none lent so far): packed into the GPU check ({@code GpuCheck --jpeg DIR}) and, on CUDA
 * workers, behind {@code ImageCodec}'s JPEG path and the detect stage's device path through
 * {@link NvJpegAccelerator} once a start-up probe passes ({@code io.imgdiff.compute.JpegAccelerators}). One decoder
 * per thread: nvJPEG's state is not shared.
 */
public final class NvJpegDecoder implements AutoCloseable {

    private final CudaContext context;
    private final nvjpegHandle handle = new nvjpegHandle();
    private final nvjpegJpegState state = new nvjpegJpegState();
    private final CUstream_st stream;
    private final DeviceBuffer output = new DeviceBuffer("nvjpeg output");
    private final PinnedBuffer staging = new PinnedBuffer("nvjpeg host copy");

    public NvJpegDecoder(CudaContext context) {
        this.context = context;
        context.makeCurrent();
        nvjpeg("nvjpegCreateSimple", nvjpegCreateSimple(handle));
        nvjpeg("nvjpegJpegStateCreate", nvjpegJpegStateCreate(handle, state));
        this.stream = context.newStream();
    }

    /** Width and height from the JPEG header (no decoding); refuses what nvJPEG cannot parse. */
    public int[] size(byte[] jpeg) {
        int[] components = new int[1];
        int[] subsampling = new int[1];
        int[] widths = new int[4];
        int[] heights = new int[4];
        int rc = nvjpegGetImageInfo(handle, jpeg, jpeg.length, components, subsampling, widths, heights);
        if (rc != NVJPEG_STATUS_SUCCESS) {
            throw new BadInputException("not a JPEG nvJPEG can read (" + status(rc) + ")");
        }
        return new int[] {widths[0], heights[0]};
    }

    /**
     * Decodes into this decoder's device buffer (valid until the next call) and returns its address; the image is
     * {@code size(jpeg)} pixels of interleaved RGB, rows of {@code 3 × width} bytes.
     */
    public long decodeToDevice(byte[] jpeg, long maxPixels) {
        return decodeToDevice(jpeg, size(jpeg), maxPixels, output);
    }

    /**
     * Decodes a JPEG whose header the CPU decoder read as {@code width × height} into {@code into} (grown as needed;
     * the caller's buffer, so two images can stay on the device at once) and returns its address. A file nvJPEG
     * sees at another size is refused.
     */
    public long decodeToDevice(byte[] jpeg, int width, int height, DeviceBuffer into) {
        int[] wh = size(jpeg);
        if (wh[0] != width || wh[1] != height) {
            throw new IllegalStateException("nvJPEG reads " + wh[0] + "x" + wh[1] + ", the CPU header " + width + "x"
                    + height);
        }
        return decodeToDevice(jpeg, wh, (long) width * height, into);
    }

    private long decodeToDevice(byte[] jpeg, int[] wh, long maxPixels, DeviceBuffer into) {
        context.makeCurrent();
        long pixels = (long) wh[0] * wh[1];
        if (pixels > maxPixels) {
            throw new BadInputException("JPEG of " + wh[0] + "x" + wh[1] + " exceeds the " + maxPixels
                    + "-pixel limit");
        }
        if (!JpegMarkers.hasEndMarker(jpeg)) {
            throw new BadInputException("JPEG is truncated: no end-of-image marker");
        }
        long dst = into.ensure(pixels * 3);
        try (nvjpegImage_t image = new nvjpegImage_t(); BytePointer channel = deviceBytes(dst)) {
            image.channel(0, channel).pitch(0, 3L * wh[0]);
            int rc = nvjpegDecode(handle, state, jpeg, jpeg.length, NVJPEG_OUTPUT_RGBI, image, stream);
            if (rc != NVJPEG_STATUS_SUCCESS) {
                throw new BadInputException("nvJPEG could not decode the JPEG (" + status(rc) + ")");
            }
            Cuda.check("cuStreamSynchronize", cuStreamSynchronize(stream));
        }
        return dst;
    }

    /** Decodes on the GPU and copies the pixels back: the host-side twin of the CPU decoder's result. */
    public RgbImage decode(byte[] jpeg, long maxPixels) {
        int[] wh = size(jpeg);
        long dst = decodeToDevice(jpeg, wh, maxPixels, output);
        byte[] rgb = new byte[wh[0] * wh[1] * 3];
        BytePointer host = staging.ensure(rgb.length); // pinned and reused: no native allocation per image
        Cuda.check("cuMemcpyDtoH", cuMemcpyDtoH(host, dst, rgb.length));
        host.get(rgb);
        return new RgbImage(wh[0], wh[1], rgb);
    }

    /** A JavaCPP pointer holding a device address (never dereferenced on the host). */
    private static BytePointer deviceBytes(long address) {
        return new BytePointer() {
            {
                this.address = address;
            }
        };
    }

    private static void nvjpeg(String function, int rc) {
        if (rc != NVJPEG_STATUS_SUCCESS) {
            throw new IllegalStateException(function + " failed: " + status(rc));
        }
    }

    private static String status(int rc) {
        return "nvjpegStatus " + rc;
    }

    @Override
    public void close() {
        context.makeCurrent();
        output.close();
        staging.close();
        context.destroy(stream);
        nvjpegJpegStateDestroy(state);
        nvjpegDestroy(handle);
    }
}
