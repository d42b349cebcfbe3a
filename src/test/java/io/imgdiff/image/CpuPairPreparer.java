package io.imgdiff.image;

import io.imgdiff.compute.ReduceBlur;
import io.imgdiff.compute.WorkingPairPreparer;
import io.imgdiff.compute.cpu.ReduceBlurCpu;
import io.imgdiff.item.RgbImage;

import java.util.ArrayList;
import java.util.List;

/**
 * The CPU twin of nvJPEG's accelerator and preparer ({@code compute.cuda.NvJpegAccelerator}): libjpeg-turbo decodes
 * (the CPU decoder's own kernel, so its pixels are the host path's), the CPU backend's {@link ReduceBlur} reduces
 * (bit-exact with the CUDA kernel), crops come from the decoded images. Records what it is asked, so tests see which
 * pairs the detect stage's dispatch sends it; {@code failWith} makes {@link #prepare} throw instead, and
 * {@code failCropsWith} its crops.
 */
public final class CpuPairPreparer implements JpegAccelerator, WorkingPairPreparer {

    /** One entry per {@link #prepare}: {@code WxH factor F k K}. */
    public final List<String> prepared = new ArrayList<>();
    /** Crops cut through {@link Prepared#full}. */
    public int crops;
    public RuntimeException failWith;
    /** Makes every crop through {@link Prepared#full} throw. */
    public RuntimeException failCropsWith;
    private final ReduceBlur reduceBlur = new ReduceBlurCpu();

    /** Whether the libjpeg-turbo kernels this twin (and the accelerator dispatch) needs are loaded. */
    public static boolean usable() {
        return JpegKernels.available();
    }

    @Override
    public String name() {
        return "cpu twin";
    }

    @Override
    public RgbImage decode(byte[] jpeg, int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        byte[] msg = new byte[1024];
        if (JpegKernels.jpegDecode0(jpeg, 0, jpeg.length, width, height, rgb, msg, msg.length) != JpegKernels.OK) {
            throw new IllegalStateException("libjpeg-turbo could not decode the twin's JPEG");
        }
        return new RgbImage(width, height, rgb);
    }

    @Override
    public Prepared prepare(byte[] jpegA, byte[] jpegB, int width, int height, int factor, int k) {
        prepared.add(width + "x" + height + " factor " + factor + " k " + k);
        if (failWith != null) {
            throw failWith;
        }
        RgbImage a = decode(jpegA, width, height);
        RgbImage b = decode(jpegB, width, height);
        int ow = width / factor, oh = height / factor;
        return new Prepared(new RgbImage(ow, oh, reduceBlur.reduceBlur(a.rgb(), width, height, factor, k)),
                new RgbImage(ow, oh, reduceBlur.reduceBlur(b.rgb(), width, height, factor, k)), (fromB, box) -> {
                    crops++;
                    if (failCropsWith != null) {
                        throw failCropsWith;
                    }
                    return io.imgdiff.image.Crops.crop(fromB ? b : a, box); // not the inherited Crops type
                });
    }
}
