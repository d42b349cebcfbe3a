package io.imgdiff.model.builtin;

import io.imgdiff.config.StagesConfig;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.Box;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.TruthChange;
import io.imgdiff.model.PairGenerator.GeneratedPair;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProceduralPairGeneratorTest {

    /** Noise of sigma 1.5 stays far below this; a redrawn object far above it. */
    private static final int CHANGED_LEVELS = 16;

    private final ProceduralPairGenerator generator = new ProceduralPairGenerator();
    private final StagesConfig.Generate settings = StagesFixture.stages().generate();
    private final EditOutput catToDog = new EditOutput("a cat sitting on a red sofa", "a dog sitting on a red sofa",
            List.of("cat"), List.of("dog"));

    @Test
    void sameSeedGivesTheSameBytes() {
        GeneratedPair p = generator.generate(catToDog, settings, 7);
        GeneratedPair q = generator.generate(catToDog, settings, 7);
        assertArrayEquals(ImageCodec.encodePng(p.a()), ImageCodec.encodePng(q.a()));
        assertArrayEquals(ImageCodec.encodePng(p.b()), ImageCodec.encodePng(q.b()));
        assertEquals(p.truth(), q.truth());
        GeneratedPair other = generator.generate(catToDog, settings, 8);
        assertFalse(java.util.Arrays.equals(p.a().rgb(), other.a().rgb()), "another seed, another scene");
    }

    @Test
    void truthBoxCoversEveryPixelThatChangedBeyondNoise() {
        for (long seed = 0; seed < 25; seed++) {
            GeneratedPair p = generator.generate(catToDog, settings, seed);
            assertEquals(1, p.truth().size());
            TruthChange t = p.truth().get(0);
            assertEquals("cat", t.labelA());
            assertEquals("dog", t.labelB());
            long changedInside = assertChangesInside(p, t.box(), seed);
            assertTrue(changedInside > t.box().area() / 20, "seed " + seed + ": the change is visible, "
                    + changedInside + " of " + t.box().area() + " pixels differ");
            double share = t.box().area() / (double) (settings.width() * settings.height());
            assertTrue(share >= 0.01 && share <= 0.1, "seed " + seed + ": changed share " + share);
        }
    }

    @Test
    void removedObjectLeavesBackgroundAndNoLabelB() {
        EditOutput removal = new EditOutput("a cat on a sofa", "a sofa", List.of("cat"), List.of());
        GeneratedPair p = generator.generate(removal, settings, 3);
        TruthChange t = p.truth().get(0);
        assertEquals("cat", t.labelA());
        assertNull(t.labelB());
        assertTrue(assertChangesInside(p, t.box(), 3) > 0);
    }

    @Test
    void aRemovalIsSizedByItsMeasuredContrastAndStaysDeterministic() {
        EditOutput removal = new EditOutput("a cat on a sofa", "a cat on a sofa", List.of("cat"), List.of());
        GeneratedPair p = generator.generate(removal, settings, 5);
        GeneratedPair q = generator.generate(removal, settings, 5);
        assertArrayEquals(p.a().rgb(), q.a().rgb());
        assertArrayEquals(p.b().rgb(), q.b().rgb(), "the second layout comes from the same seed");
        Box box = p.truth().get(0).box();
        double contrast = ProceduralPairGenerator.contrast(p.a(), p.b(), box);
        double share = (double) box.area() / (settings.width() * settings.height());
        // equal salience: share ~ 0.01 / contrast^2 (within the 2-7.5 % window, and the 0.9-1.1 jitter, plus spill)
        double expected = Math.max(0.02, Math.min(0.075, 0.01 / (contrast * contrast)));
        assertTrue(share > expected * 0.8 && share < expected * 1.6, "share " + share + " for contrast " + contrast);
        assertTrue(ProceduralPairGenerator.contrast(p.a(), p.a(), box) == 0, "no change, no contrast");
    }

    @Test
    void noiseIsMildAndOnlyOnB() {
        GeneratedPair noisy = generator.generate(catToDog, settings, 11);
        Box box = noisy.truth().get(0).box();
        double meanAbs = meanAbsDiffOutside(noisy.a(), noisy.b(), box);
        // E|N(0, 1.5)| = 1.5 * sqrt(2/pi) = 1.20; rounding and clipping move it a little
        assertTrue(meanAbs > 0.9 && meanAbs < 1.5, "mean |A-B| outside the change " + meanAbs);
        GeneratedPair clean = generator.generate(catToDog, StagesFixture.stages("generate.noise-sigma", "0").generate(), 11);
        assertEquals(0.0, meanAbsDiffOutside(clean.a(), clean.b(), box));
        assertArrayEquals(noisy.a().rgb(), clean.a().rgb(), "A carries no noise");
    }

    @Test
    void nounsLookDifferentAndAlwaysTheSame() {
        assertNotEquals(ObjectAppearance.of("cat"), ObjectAppearance.of("dog"));
        assertEquals(ObjectAppearance.of("cat"), ObjectAppearance.of("Cat"));
    }

    @Test
    void sizeAndObjectCountsFollowSettings() {
        GeneratedPair p = generator.generate(catToDog, StagesFixture.stages("generate.width", "320",
                "generate.height", "200").generate(), 1);
        assertEquals(320, p.a().width());
        assertEquals(200, p.b().height());
        BadInputException e = assertThrows(BadInputException.class, () -> generator.generate(catToDog,
                StagesFixture.stages("generate.min-objects", "5", "generate.max-objects", "2").generate(), 1));
        assertTrue(e.getMessage().contains("5..2"), e.getMessage());
    }

    /** Asserts no pixel outside {@code box} changed by more than noise; returns how many inside did. */
    private static long assertChangesInside(GeneratedPair p, Box box, long seed) {
        long inside = 0;
        for (int y = 0; y < p.a().height(); y++) {
            for (int x = 0; x < p.a().width(); x++) {
                int d = 0;
                for (int c = 0; c < 3; c++) {
                    d = Math.max(d, Math.abs(p.a().get(x, y, c) - p.b().get(x, y, c)));
                }
                boolean in = x >= box.x1() && x < box.x2() && y >= box.y1() && y < box.y2();
                if (d > CHANGED_LEVELS) {
                    assertTrue(in, "seed " + seed + ": pixel (" + x + "," + y + ") changed by " + d
                            + " outside the truth box " + box);
                    inside++;
                }
            }
        }
        return inside;
    }

    private static double meanAbsDiffOutside(RgbImage a, RgbImage b, Box box) {
        long sum = 0;
        long n = 0;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                if (x >= box.x1() && x < box.x2() && y >= box.y1() && y < box.y2()) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs(a.get(x, y, c) - b.get(x, y, c));
                }
                n += 3;
            }
        }
        return (double) sum / n;
    }
}
