package io.imgdiff.image;

import io.imgdiff.compute.cpu.CpuComputeBackend;
import io.imgdiff.config.StoredImageFormat;
import io.imgdiff.detect.DetectorSettings;
import io.imgdiff.detect.PixelDiffDetector;
import io.imgdiff.eval.HardPairGenerator;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.PixelBuffers;
import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Decoders and the detector on recycled arrays ({@link PixelBuffers}): stale content never shows through. */
class ReusedPixelsTest {

    private static final long LIMIT = 40_000_000L;

    /** Decodes x in a scope, soils the array it got, then decodes y in the next scope: same array, y's pixels. */
    private static void assertReusedCleanly(Function<RgbImage, byte[]> encode) {
        RgbImage x = ImageCodec.fromBuffered(ImageFixtures.noise(301, 203, 1));
        RgbImage y = ImageCodec.fromBuffered(ImageFixtures.quadrants(301, 203, 0xFF0000, 0x00FF00, 0x0000FF, 0x808080));
        byte[] fx = encode.apply(x);
        byte[] fy = encode.apply(y);
        RgbImage expected = ImageCodec.decode("y", fy, LIMIT); // outside a scope: a fresh array
        byte[] used;
        try (PixelBuffers.Scope s = PixelBuffers.scope()) {
            used = ImageCodec.decode("x", fx, LIMIT).rgb();
        }
        Arrays.fill(used, (byte) 0x5A);
        try (PixelBuffers.Scope s = PixelBuffers.scope()) {
            RgbImage got = ImageCodec.decode("y", fy, LIMIT);
            assertSame(used, got.rgb(), "the decoder took the given-back array");
            assertArrayEquals(expected.rgb(), got.rgb());
        }
    }

    @Test
    void internalFormatOverwritesARecycledArray() {
        assertReusedCleanly(img -> ImageCodec.encode(img, StoredImageFormat.RGBZ));
        assertReusedCleanly(img -> ImageCodec.encode(img, StoredImageFormat.RGBZ_LZ4));
    }

    @Test
    void pngOverwritesARecycledArray() {
        assertReusedCleanly(ImageCodec::encodePng);
    }

    @Test
    void jpegOverwritesARecycledArray() {
        assertReusedCleanly(img -> ImageCodec.encodeJpeg(img, 90));
    }

    @Test
    void aRefusedFileInAScopeLeavesTheNextDecodeRight() {
        RgbImage y = ImageCodec.fromBuffered(ImageFixtures.noise(64, 48, 9));
        byte[] good = ImageCodec.encode(y, StoredImageFormat.RGBZ_LZ4);
        byte[] cut = Arrays.copyOf(good, good.length - 100);
        byte[] png = ImageCodec.encodePng(y);
        byte[] pngCut = Arrays.copyOf(png, png.length * 2 / 3);
        for (int round = 0; round < 3; round++) {
            try (PixelBuffers.Scope s = PixelBuffers.scope()) {
                assertThrows(BadInputException.class, () -> ImageCodec.decode("cut", cut, LIMIT));
                assertThrows(BadInputException.class, () -> ImageCodec.decode("cut.png", pngCut, LIMIT));
            }
            try (PixelBuffers.Scope s = PixelBuffers.scope()) {
                assertArrayEquals(y.rgb(), ImageCodec.decode("good", good, LIMIT).rgb());
                assertArrayEquals(y.rgb(), ImageCodec.decode("good.png", png, LIMIT).rgb());
            }
        }
    }

    @Test
    void detectionsAreTheSameOnRecycledArrays() {
        HardPairGenerator gen = new HardPairGenerator(384);
        PixelDiffDetector detector = new PixelDiffDetector(new CpuComputeBackend(), DetectorSettings.defaults());
        for (int i = 0; i < 8; i++) {
            HardPairGenerator.Pair p = gen.generate(11, i);
            byte[] fa = ImageCodec.encode(p.a(), StoredImageFormat.RGBZ_LZ4);
            byte[] fb = ImageCodec.encode(p.b(), StoredImageFormat.RGBZ_LZ4);
            PixelDiffDetector.Detection fresh = detector.detect(ImageCodec.decode("a", fa, LIMIT),
                    ImageCodec.decode("b", fb, LIMIT));
            for (int again = 0; again < 2; again++) { // the second round runs on arrays the first gave back
                try (PixelBuffers.Scope s = PixelBuffers.scope()) {
                    PixelDiffDetector.Detection reused = detector.detect(ImageCodec.decode("a", fa, LIMIT),
                            ImageCodec.decode("b", fb, LIMIT));
                    assertEquals(fresh, reused, p.id() + " round " + again);
                }
            }
        }
    }
}
