package io.imgdiff.model.builtin;

import io.imgdiff.item.EditOutput;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LexiconCaptionEditorTest {

    private static final CocoLexicon LEXICON = CocoLexicon.load();
    private final LexiconCaptionEditor editor = new LexiconCaptionEditor(LEXICON);

    private static Set<String> names(String supercategory) {
        return LEXICON.categories().stream().filter(c -> c.supercategory().equals(supercategory))
                .map(CocoLexicon.Category::name).collect(Collectors.toSet());
    }

    @Test
    void lexiconHasTheEightyCocoCategoriesInTwelveSupercategories() {
        assertEquals(80, LEXICON.categories().size());
        assertEquals(12, LEXICON.categories().stream().map(CocoLexicon.Category::supercategory).distinct().count());
    }

    @Test
    void catOnSofaReplacesTheCatByAnAnimalOrTheSofaByFurniture() {
        Set<String> animals = names("animal");
        Set<String> furniture = names("furniture");
        Set<String> changedFrom = new HashSet<>();
        for (long seed = 0; seed < 60; seed++) {
            EditOutput e = editor.edit("a cat sitting on a red sofa", seed).orElseThrow();
            assertEquals("a cat sitting on a red sofa", e.captionA());
            String from = e.changedA().get(0);
            String to = e.changedB().get(0);
            changedFrom.add(from);
            if (from.equals("cat")) {
                assertTrue(animals.contains(to) && !to.equals("cat"), to);
                String article = LexiconCaptionEditor.startsWithVowelSound(to) ? "an " : "a ";
                assertEquals(article + to + " sitting on a red sofa", e.captionB());
            } else {
                assertEquals("sofa", from);
                assertTrue(furniture.contains(to) && !to.equals("couch"), to);
                assertEquals("a cat sitting on a red " + to, e.captionB());
            }
            assertEquals(1, e.changedA().size());
            assertEquals(1, e.changedB().size());
        }
        assertEquals(Set.of("cat", "sofa"), changedFrom, "the seed picks either noun");
    }

    @Test
    void articleFollowsTheNewNoun() {
        boolean sawElephant = false;
        for (long seed = 0; seed < 200 && !sawElephant; seed++) {
            EditOutput e = editor.edit("A cat sleeps.", seed).orElseThrow();
            if (e.changedB().get(0).equals("elephant")) {
                assertEquals("An elephant sleeps.", e.captionB());
                sawElephant = true;
            }
        }
        assertTrue(sawElephant, "some seed turns the cat into an elephant");
        assertEquals("a ", LexiconCaptionEditor.agreeArticle("an ", "dog"));
        assertEquals("An ", LexiconCaptionEditor.agreeArticle("A ", "umbrella"));
        assertEquals("banana ", LexiconCaptionEditor.agreeArticle("banana ", "apple"), "only whole-word articles");
    }

    @Test
    void pluralsStayPluralAndAreLemmatised() {
        EditOutput e = editor.edit("three dogs in a park", 3).orElseThrow();
        assertEquals(List.of("dog"), e.changedA());
        String to = e.changedB().get(0);
        assertEquals("three " + LEXICON.plural(to) + " in a park", e.captionB());
        assertFalse(e.captionB().contains("dogs"));
        assertEquals("knives", LEXICON.plural("knife"));
        assertEquals("wine glasses", LEXICON.plural("wine glass"));
        assertEquals("computer mice", LEXICON.plural("computer mouse"));
    }

    @Test
    void multiWordNamesWinOverTheirParts() {
        List<CocoLexicon.Mention> found = LEXICON.find("A teddy bear under the Traffic Lights");
        assertEquals(2, found.size());
        assertEquals("teddy bear", found.get(0).lemma());
        assertEquals("traffic light", found.get(1).lemma());
        assertTrue(found.get(1).plural());
        EditOutput e = editor.edit("a teddy bear on a bed", 0).orElseThrow();
        assertFalse(e.changedA().contains("bear"), "the bear of a teddy bear is not an animal");
    }

    @Test
    void wholeWordsOnlyAndModifiersAreNotReplaced() {
        assertTrue(LEXICON.find("a catalogue and a scattered dogma").isEmpty());
        for (long seed = 0; seed < 20; seed++) {
            EditOutput e = editor.edit("a dog bed by the window", seed).orElseThrow();
            assertEquals(List.of("bed"), e.changedA(), "'dog' only describes the bed");
        }
    }

    @Test
    void captionWithoutAReplaceableNounGivesNothing() {
        assertTrue(editor.edit("a quiet evening by the lake", 1).isEmpty());
        assertTrue(editor.edit("a man and a woman talking", 1).isEmpty(), "person has no sibling category");
    }

    @Test
    void sameSeedSameEdit() {
        assertEquals(editor.edit("a cup next to a laptop and a bowl", 42), editor.edit("a cup next to a laptop and a bowl", 42));
    }
}
