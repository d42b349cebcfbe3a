package io.imgdiff.image;

import io.imgdiff.item.RgbImage;

/**
 * A faster JPEG decoder a process may install in front of libjpeg-turbo ({@link ImageCodec#useJpegAccelerator}):
 * on CUDA workers nvJPEG ({@code io.imgdiff.compute.cuda.NvJpegAccelerator}). The CPU decoder stays the judge of
 * bad input: the accelerator only sees files whose header libjpeg-turbo read (YCbCr, grey or RGB), whose size is
 * within the limit and which end with an end-of-image marker; whatever it throws sends the file to the CPU path,
 * which decodes it or refuses it with its own reason. EXIF orientation is applied to its result as to the CPU's.
 */
public interface JpegAccelerator {

    /** For logs: e.g. {@code nvjpeg (NVIDIA H200)}. */
    String name();

    /** Interleaved RGB of {@code jpeg}, {@code width × height} pixels as the header says; throws when it cannot. */
    RgbImage decode(byte[] jpeg, int width, int height);
}
