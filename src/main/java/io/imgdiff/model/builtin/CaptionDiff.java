package io.imgdiff.model.builtin;

import io.imgdiff.item.EditOutput;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The changed nouns of a caption pair given from outside (items entering at {@code generate} or later): a word
 * diff (longest common subsequence of lower-cased words, punctuation dropped), kept to COCO nouns when the
 * changed words contain any, else to the changed words minus function words, all lemmatised.
 */
public final class CaptionDiff {

    private static final Pattern WORD = Pattern.compile("[A-Za-z]+");
    private static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the", "of", "on", "in", "at", "to", "and",
            "with", "is", "are", "by", "for", "from", "its", "his", "her", "their", "some", "two", "three", "one");
    /** Longer captions are cut: the diff is quadratic and real captions are far shorter. */
    private static final int MAX_WORDS = 400;

    private final CocoLexicon lexicon;

    public CaptionDiff(CocoLexicon lexicon) {
        this.lexicon = lexicon;
    }

    /** The pair with its changed nouns; identical captions give empty lists. */
    public EditOutput diff(String captionA, String captionB) {
        List<int[]> wa = words(captionA);
        List<int[]> wb = words(captionB);
        boolean[][] kept = commonSubsequence(captionA, wa, captionB, wb);
        return new EditOutput(captionA, captionB, changed(captionA, wa, kept[0]), changed(captionB, wb, kept[1]));
    }

    private static List<int[]> words(String s) {
        List<int[]> out = new ArrayList<>();
        Matcher m = WORD.matcher(s);
        while (m.find() && out.size() < MAX_WORDS) {
            out.add(new int[] {m.start(), m.end()});
        }
        return out;
    }

    private static String word(String s, int[] span) {
        return s.substring(span[0], span[1]).toLowerCase(Locale.ROOT);
    }

    /** Marks the words of each side that belong to one longest common subsequence. */
    private static boolean[][] commonSubsequence(String a, List<int[]> wa, String b, List<int[]> wb) {
        int n = wa.size();
        int m = wb.size();
        int[][] len = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                len[i][j] = word(a, wa.get(i)).equals(word(b, wb.get(j))) ? len[i + 1][j + 1] + 1
                        : Math.max(len[i + 1][j], len[i][j + 1]);
            }
        }
        boolean[] keptA = new boolean[n];
        boolean[] keptB = new boolean[m];
        for (int i = 0, j = 0; i < n && j < m; ) {
            if (word(a, wa.get(i)).equals(word(b, wb.get(j)))) {
                keptA[i++] = true;
                keptB[j++] = true;
            } else if (len[i + 1][j] >= len[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        return new boolean[][] {keptA, keptB};
    }

    private List<String> changed(String caption, List<int[]> words, boolean[] kept) {
        Set<String> nouns = new LinkedHashSet<>();
        for (CocoLexicon.Mention m : lexicon.find(caption)) {
            for (int i = 0; i < words.size(); i++) {
                int[] w = words.get(i);
                if (!kept[i] && w[0] >= m.start() && w[1] <= m.end()) {
                    nouns.add(m.lemma());
                }
            }
        }
        if (!nouns.isEmpty()) {
            return List.copyOf(nouns);
        }
        for (int i = 0; i < words.size(); i++) {
            String w = word(caption, words.get(i));
            if (!kept[i] && !FUNCTION_WORDS.contains(w)) {
                nouns.add(lexicon.lemma(w));
            }
        }
        return List.copyOf(nouns);
    }
}
