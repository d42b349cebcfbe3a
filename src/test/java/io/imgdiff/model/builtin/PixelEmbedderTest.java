package io.imgdiff.model.builtin;

import io.imgdiff.config.StagesConfig;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.ImageEmbedder;
import io.imgdiff.model.PairGenerator.GeneratedPair;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pixel embedder against the filter's default keep range 0.90–0.98 on procedural pairs. A smaller sample
 * than {@code PixelEmbedderCalibration} (which prints the full distribution), with bounds that leave room for it.
 */
class PixelEmbedderTest {

    private static final String[] CAPTIONS = {"a cat sitting on a red sofa", "a dog next to a bicycle",
            "two cups and a bowl on a table", "a man riding a horse near a truck", "an apple beside a laptop"};

    private final PixelEmbedder embedder = new PixelEmbedder();
    private final ProceduralPairGenerator generator = new ProceduralPairGenerator();
    private final LexiconCaptionEditor editor = new LexiconCaptionEditor();
    private final StagesConfig.Generate settings = StagesFixture.stages().generate();

    private double cos(RgbImage a, RgbImage b) {
        return ImageEmbedder.cosine(embedder.embed(a), embedder.embed(b));
    }

    @Test
    void replacedObjectMostlyLandsInTheKeepRangeAndOtherPairsOutside() {
        int n = 40;
        double[] edited = new double[n];
        GeneratedPair previous = null;
        for (int i = 0; i < n; i++) {
            EditOutput e = editor.edit(CAPTIONS[i % CAPTIONS.length], i).orElseThrow();
            GeneratedPair p = generator.generate(e, settings, i);
            edited[i] = cos(p.a(), p.b());
            GeneratedPair same = generator.generate(new EditOutput(e.captionA(), e.captionA(), List.of(), List.of()),
                    settings, i);
            assertTrue(cos(same.a(), same.b()) > 0.98, "identical scenes up to noise, seed " + i);
            if (previous != null) {
                assertTrue(cos(p.a(), previous.a()) < 0.90, "unrelated scenes, seed " + i);
            }
            previous = p;
        }
        long inRange = Arrays.stream(edited).filter(c -> c >= 0.90 && c <= 0.98).count();
        assertTrue(inRange >= 0.7 * n, inRange + " of " + n + " in range: " + Arrays.toString(edited));
    }

    @Test
    void embeddingIsUnitLengthAndSelfSimilar() {
        GeneratedPair p = generator.generate(editor.edit(CAPTIONS[0], 1).orElseThrow(), settings, 1);
        float[] e = embedder.embed(p.a());
        assertEquals(3 * PixelEmbedder.DEFAULT_SIDE * PixelEmbedder.DEFAULT_SIDE, e.length);
        assertEquals(1.0, ImageEmbedder.cosine(e, e), 1e-5);
    }

    @Test
    void flatImagesMatchEachOtherAndNothingElse() {
        RgbImage grey = RgbImage.blank(40, 30);
        Arrays.fill(grey.rgb(), (byte) 128);
        RgbImage black = RgbImage.blank(40, 30);
        GeneratedPair p = generator.generate(editor.edit(CAPTIONS[0], 1).orElseThrow(), settings, 1);
        assertEquals(1.0, cos(grey, black), 1e-5);
        assertEquals(0.0, cos(grey, p.a()), 1e-5);
    }

    @Test
    void imagesSmallerThanTheThumbnailStillEmbed() {
        RgbImage tiny = new RgbImage(2, 1, new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        assertEquals(1.0, cos(tiny, tiny), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> new PixelEmbedder(0));
    }
}
