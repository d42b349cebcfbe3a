package io.imgdiff.compute;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

/**
 * Decodes a JPEG pair and reduces + blurs it where it was decoded ({@link ReduceBlur}), handing only the working
 * images to the host: on CUDA workers nvJPEG's pixels stay on the GPU ({@code NvJpegAccelerator}). The detect
 * stage uses it for pairs its dispatch rules admit (same size, plain JPEGs the CPU decoder's checks pass, no EXIF
 * turn: {@code stage/detect/DevicePath}); everything else, and every exception thrown here, takes the host path.
 */
public interface WorkingPairPreparer {

    /** Full-size pixels of the prepared pair, still where they were decoded: only a box's rows come back. */
    @FunctionalInterface
    interface Crops {
        /** The pixels of image A (or B when {@code fromB}) inside {@code box}, which lies inside the image. */
        RgbImage crop(boolean fromB, Box box);
    }

    /**
     * A prepared pair: the working images {@code a} and {@code b} ((width/factor)×(height/factor)) and the way to
     * the full-size pixels, valid until the calling thread's next {@link #prepare}.
     */
    record Prepared(RgbImage a, RgbImage b, Crops full) {
    }

    /** For logs. */
    String name();

    /**
     * Decodes {@code jpegA} and {@code jpegB}, both {@code width × height} as their headers say (checked by the
     * caller), and reduces and blurs each by {@code factor} and {@code k} as {@link ReduceBlur} does; throws when
     * it cannot, and the caller then decodes on the host, which decodes or refuses the files with its own reasons.
     */
    Prepared prepare(byte[] jpegA, byte[] jpegB, int width, int height, int factor, int k);
}
