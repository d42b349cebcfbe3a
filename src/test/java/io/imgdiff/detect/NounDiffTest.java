package io.imgdiff.detect;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NounDiffTest {

    private final NounDiff diff = new NounDiff();

    @Test
    void replacedAnimalIsTheOnlyChangedNoun() {
        NounDiff.Changed c = diff.diff("a cat sitting on a red sofa", "a dog sitting on a red sofa");
        assertEquals(new NounDiff.Changed(List.of("cat"), List.of("dog")), c);
    }

    @Test
    void pluralsAreLemmatisedAndPunctuationIgnored() {
        NounDiff.Changed c = diff.diff("Two Cats, on a wooden bench.", "two horses on a wooden BENCH!");
        assertEquals(List.of("cat"), c.a());
        assertEquals(List.of("horse"), c.b());
    }

    @Test
    void aPluralOfTheSameNounIsNoChange() {
        NounDiff.Changed c = diff.diff("a man walking two dogs", "a man walking two dog");
        assertEquals(new NounDiff.Changed(List.of(), List.of()), c);
    }

    @Test
    void changedAdjectivesAndVerbsAreNotNouns() {
        NounDiff.Changed c = diff.diff("a red car parked near a tree", "a blue car driving near a bus");
        assertEquals(List.of("tree"), c.a());
        assertEquals(List.of("bus"), c.b());
        assertTrue(diff.isNoun("sofa"));
        assertFalse(diff.isNoun("red"));
        assertFalse(diff.isNoun("a"));
    }
}
