package io.imgdiff.model.builtin;

import io.imgdiff.item.EditOutput;
import io.imgdiff.model.CaptionEditor;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Built-in caption editor: replaces one COCO noun of the caption by another category of the same supercategory
 * (cat → dog, sofa → chair), keeping number, capitalisation and the a/an article in agreement. The seed picks
 * both the noun (when there are several) and its replacement. Nouns that only modify the next noun ("dog" in
 * "dog bed") and categories alone in their supercategory ("person") are never replaced.
 */
@ApplicationScoped
@Default
@Identifier("lexicon")
public class LexiconCaptionEditor implements CaptionEditor {

    private static final Pattern TRAILING_ARTICLE = Pattern.compile("(?i)(?<![A-Za-z])(an?)(\\s+)$");

    private final CocoLexicon lexicon;

    /** Uses the bundled COCO lexicon. */
    public LexiconCaptionEditor() {
        this(CocoLexicon.load());
    }

    public LexiconCaptionEditor(CocoLexicon lexicon) {
        this.lexicon = lexicon;
    }

    @Override
    public Optional<EditOutput> edit(String caption, long seed) {
        List<CocoLexicon.Mention> editable = lexicon.find(caption).stream()
                .filter(m -> !m.modifier() && !lexicon.siblings(m.category()).isEmpty())
                .toList();
        if (editable.isEmpty()) {
            return Optional.empty();
        }
        SplittableRandom random = new SplittableRandom(seed);
        CocoLexicon.Mention target = editable.get(random.nextInt(editable.size()));
        List<CocoLexicon.Category> choices = lexicon.siblings(target.category());
        CocoLexicon.Category replacement = choices.get(random.nextInt(choices.size()));
        String written = caption.substring(target.start(), target.end());
        String word = sameCase(written, target.plural() ? lexicon.plural(replacement.name()) : replacement.name());
        String before = agreeArticle(caption.substring(0, target.start()), word);
        String edited = before + word + caption.substring(target.end());
        return Optional.of(new EditOutput(caption, edited, List.of(target.lemma()), List.of(replacement.name())));
    }

    /** Rewrites an "a"/"an" that ends {@code before} so it agrees with {@code next}, keeping its case. */
    static String agreeArticle(String before, String next) {
        Matcher m = TRAILING_ARTICLE.matcher(before);
        if (!m.find()) {
            return before;
        }
        String article = startsWithVowelSound(next) ? "an" : "a";
        String old = m.group(1);
        if (Character.isUpperCase(old.charAt(0))) {
            article = Character.toUpperCase(article.charAt(0)) + article.substring(1);
        }
        return before.substring(0, m.start(1)) + article + m.group(2);
    }

    /** Spelling-based guess, good enough for COCO names: "an umbrella", "an hour", but "a unicorn", "a one-way". */
    static boolean startsWithVowelSound(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.startsWith("uni") || w.startsWith("use") || w.startsWith("eu") || w.startsWith("one")) {
            return false;
        }
        if (w.startsWith("hour") || w.startsWith("honest")) {
            return true;
        }
        return !w.isEmpty() && "aeiou".indexOf(w.charAt(0)) >= 0;
    }

    private static String sameCase(String written, String word) {
        if (written.length() > 1 && written.equals(written.toUpperCase(Locale.ROOT))) {
            return word.toUpperCase(Locale.ROOT);
        }
        if (Character.isUpperCase(written.charAt(0))) {
            return Character.toUpperCase(word.charAt(0)) + word.substring(1);
        }
        return word;
    }
}
