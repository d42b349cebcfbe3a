package io.imgdiff.compute;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PixelDistanceTest {

    @Test
    void meanAndMaxOfUnsignedDifferences() {
        byte[] a = {0, (byte) 255, 10, (byte) 200};
        byte[] b = {2, (byte) 250, 10, (byte) 0};
        PixelDistance d = PixelDistance.of(a, b);
        assertEquals((2 + 5 + 0 + 200) / 4.0, d.mean(), 1e-12);
        assertEquals(200, d.max());
        assertFalse(d.withinJpegLimits());
        assertTrue(PixelDistance.of(new byte[] {1, 2, 3}, new byte[] {2, 2, 3}).withinJpegLimits());
        assertEquals(new PixelDistance(0, 0), PixelDistance.of(new byte[0], new byte[0]));
    }

    @Test
    void imagesOfOtherSizesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PixelDistance.of(new byte[3], new byte[6]));
        assertEquals("comparing 3 bytes with 6; expected images of one size", e.getMessage());
    }
}
