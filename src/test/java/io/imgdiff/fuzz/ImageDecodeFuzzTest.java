package io.imgdiff.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.RgbImage;

/**
 * The image decoder's public entry ({@link ImageCodec#decode}) on arbitrary bytes: an image within the pixel limit,
 * or a {@link BadInputException}. Seeds: {@code ImageDecodeFuzzTestInputs/decode/} (valid PNG/JPEG/GIF/BMP, the
 * internal format as version 1 and as version 2 with zstd and LZ4, and the bad-input kinds of
 * {@code ImageDecodeFailureTest}: empty, text, truncated, headers only, huge, zero-sized).
 */
class ImageDecodeFuzzTest {

    /** Small, so a fuzzed header cannot make the decoder allocate more than ~12 MB. */
    private static final long MAX_PIXELS = 4_000_000;

    @FuzzTest
    void decode(byte[] bytes) {
        RgbImage image;
        try {
            image = ImageCodec.decode("fuzzed image", bytes, MAX_PIXELS);
        } catch (RuntimeException e) {
            FuzzContract.refusal(e, BadInputException.class);
            return;
        }
        if (image.width() < 1 || image.height() < 1 || (long) image.width() * image.height() > MAX_PIXELS) {
            throw new AssertionError("decoded a " + image.width() + "x" + image.height() + " image");
        }
    }
}
