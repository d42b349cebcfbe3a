package io.imgdiff.compute;

/**
 * The image-core ops of one device. The CPU backend always exists; a CUDA backend is chosen by
 * {@code imgdiff.compute.device} through {@link ComputeBackends}. Stages ask this for ops and never name a device.
 */
public interface ComputeBackend {

    /** {@code cpu} or {@code cuda}, for logs and metrics. */
    String name();

    PixelDiff pixelDiff();

    Components components();

    Nms nms();

    /** Crop + bilinear resize + CLIP normalisation of (image, box) pairs. */
    CropResize cropResize();

    /** Cosine similarity of embedding pairs. */
    Cosine cosine();

    /** The detector's reduce + blur (bit-exact in every backend). */
    ReduceBlur reduceBlur();
}
