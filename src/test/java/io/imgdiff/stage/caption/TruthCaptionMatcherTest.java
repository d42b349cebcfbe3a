package io.imgdiff.stage.caption;

import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.TruthChange;
import io.imgdiff.model.ImageTextMatcher.Crop;
import io.imgdiff.model.ImageTextMatcher.Side;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TruthCaptionMatcherTest {

    private static final Box TABLE = new Box(0, 0, 100, 100);
    private static final Box CUP = new Box(200, 0, 250, 50);
    private final TruthCaptionMatcher matcher = new TruthCaptionMatcher(List.of(
            new TruthChange(TABLE, "coffee table", "chair"), new TruthChange(CUP, "cup", null)));

    private static Crop crop(Side side, Box box) {
        return new Crop(side, box, RgbImage.blank(box.width(), box.height()));
    }

    @Test
    void labelsAreFoundAsWholeWordsOrPhrasesCaseIgnoredPluralsAllowed() {
        assertTrue(TruthCaptionMatcher.names("A brown Coffee  Table by the wall", "coffee table"));
        assertTrue(TruthCaptionMatcher.names("two cats", "cat"));
        assertTrue(TruthCaptionMatcher.names("some glasses.", "glass"));
        assertFalse(TruthCaptionMatcher.names("a category", "cat"));
        assertFalse(TruthCaptionMatcher.names("a bobcat", "cat"));
        assertFalse(TruthCaptionMatcher.names("a table", "coffee table"));
    }

    @Test
    void aCaptionNamingItsSidesLabelScoresTheIouOfItsBoxWithThatChange() {
        Box half = new Box(0, 0, 100, 50);
        assertEquals(0.5, matcher.score(crop(Side.A, half), "a coffee table"));
        assertEquals(0.5, matcher.scoreText(crop(Side.B, half), "a wooden chair"));
        assertEquals(0.0, matcher.score(crop(Side.A, half), "a wooden chair"), "names B's object on side A");
        assertEquals(0.0, matcher.score(crop(Side.A, half), "a cup"), "names another change's object");
        assertEquals(0.0, matcher.score(crop(Side.A, new Box(120, 0, 180, 50)), "a coffee table"), "no overlap");
        assertEquals("truth", matcher.name());
    }

    @Test
    void aCaptionNamingNoTrueLabelIsJudgedByItsBoxAlone() {
        Box half = new Box(0, 0, 100, 50);
        assertEquals(0.5, matcher.score(crop(Side.A, half), "a striped brown hexagon"));
        assertEquals(0.0, matcher.score(crop(Side.A, new Box(120, 0, 180, 50)), "a striped brown hexagon"));
    }

    @Test
    void theEmptySideOfARemovalMatchesUnlessItStillNamesTheRemovedObject() {
        assertEquals(1.0, matcher.score(crop(Side.B, CUP), "only the background"));
        assertEquals(0.0, matcher.score(crop(Side.B, CUP), "a white cup"));
        assertEquals(1.0, matcher.score(crop(Side.A, CUP), "a white cup"));
    }
}
