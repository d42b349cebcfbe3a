package io.imgdiff.image;

import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * JPEGs with EXIF orientation 1–8 (and PNGs with an eXIf chunk) decode to displayed orientation. The stored image is 48x32 with quadrants
 * R G / B W; the expected quadrants per orientation were worked out by hand from the EXIF definitions.
 */
class ExifOrientationTest {

    private static final int R = 0xFF0000;
    private static final int G = 0x00FF00;
    private static final int B = 0x0000FF;
    private static final int W = 0xFFFFFF;

    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
            "1, 48, 32, R, G, B, W",
            "2, 48, 32, G, R, W, B",
            "3, 48, 32, W, B, G, R",
            "4, 48, 32, B, W, R, G",
            "5, 32, 48, R, B, G, W",
            "6, 32, 48, B, R, W, G",
            "7, 32, 48, W, G, B, R",
            "8, 32, 48, G, W, R, B"})
    void pixelsAreInDisplayedOrientation(int orientation, int width, int height, String tl, String tr, String bl,
                                         String br) {
        byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.quadrants(48, 32, R, G, B, W));
        RgbImage img = ImageCodec.decode(ImageFixtures.withExifOrientation(jpeg, orientation), 40_000_000L);
        assertQuadrants(img, width, height, tl, tr, bl, br);
    }

    @ParameterizedTest(name = "PNG orientation {0}")
    @CsvSource({"1, 48, 32, R, G, B, W", "3, 48, 32, W, B, G, R", "6, 32, 48, B, R, W, G", "8, 32, 48, G, W, R, B"})
    void pngEXifChunkIsHonouredToo(int orientation, int width, int height, String tl, String tr, String bl,
                                   String br) {
        byte[] png = ImageFixtures.png(ImageFixtures.quadrants(48, 32, R, G, B, W));
        RgbImage img = ImageCodec.decode(ImageFixtures.pngWithExifOrientation(png, orientation), 40_000_000L);
        assertQuadrants(img, width, height, tl, tr, bl, br);
    }

    private static void assertQuadrants(RgbImage img, int width, int height, String tl, String tr, String bl,
                                        String br) {
        assertEquals(width + "x" + height, img.width() + "x" + img.height());
        assertQuadrant(img, width / 4, height / 4, tl);
        assertQuadrant(img, width * 3 / 4, height / 4, tr);
        assertQuadrant(img, width / 4, height * 3 / 4, bl);
        assertQuadrant(img, width * 3 / 4, height * 3 / 4, br);
    }

    @Test
    void outOfRangeOrientationIsIgnored() {
        byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.quadrants(48, 32, R, G, B, W));
        RgbImage img = ImageCodec.decode(ImageFixtures.withExifOrientation(jpeg, 9), 40_000_000L);
        assertEquals(48, img.width());
        assertQuadrant(img, 12, 8, "R");
    }

    /** JPEG is lossy: each channel within 40 of the named colour, at the quadrant's centre. */
    private static void assertQuadrant(RgbImage img, int x, int y, String name) {
        int want = switch (name) {
            case "R" -> R;
            case "G" -> G;
            case "B" -> B;
            default -> W;
        };
        for (int c = 0; c < 3; c++) {
            int expected = (want >> (16 - 8 * c)) & 0xFF;
            int got = img.get(x, y, c);
            if (Math.abs(expected - got) > 40) {
                assertEquals(name, String.format("%02X%02X%02X", img.get(x, y, 0), img.get(x, y, 1), img.get(x, y, 2)),
                        "quadrant at (" + x + "," + y + ")");
            }
        }
    }
}
