package io.imgdiff.model.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 80 COCO categories grouped by supercategory ({@code lexicon/coco.json}), and a finder for their names in
 * free text: whole words, case-insensitive, singular or plural, multi-word names ("traffic light") preferred over
 * their parts ("light"). Immutable and thread-safe once built.
 */
public final class CocoLexicon {

    /** One category: the word written into captions, its supercategory, and other words read as it. */
    public record Category(String name, String supercategory, List<String> aliases) {
    }

    /**
     * A category named in a text at {@code [start, end)}; {@code lemma} is the singular of the words as written
     * ("sofa" for "sofas"), {@code modifier} is true when another name follows at once ("dog bed"), so the
     * mention describes the next noun rather than being one.
     */
    public record Mention(int start, int end, Category category, String lemma, boolean plural, boolean modifier) {
    }

    private record Form(Category category, String lemma, boolean plural) {
    }

    private static final Pattern WORD = Pattern.compile("[A-Za-z]+");
    private static final int MAX_WORDS = 3;
    private static final String RESOURCE = "/lexicon/coco.json";

    private final Map<String, List<Category>> bySuper = new LinkedHashMap<>();
    private final Map<String, Form> forms = new HashMap<>();
    private final Map<String, String> irregular = new HashMap<>();

    private CocoLexicon() {
    }

    /** Loads the bundled COCO lexicon. */
    public static CocoLexicon load() {
        try (InputStream in = CocoLexicon.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("lexicon resource " + RESOURCE + " is missing from the classpath");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lexicon " + RESOURCE, e);
        }
    }

    private static CocoLexicon parse(JsonNode root) {
        CocoLexicon lex = new CocoLexicon();
        root.path("irregularPlurals").fields().forEachRemaining(e -> lex.irregular.put(e.getKey(), e.getValue().asText()));
        for (JsonNode sup : root.path("supercategories")) {
            String supName = sup.path("name").asText();
            List<Category> cats = new ArrayList<>();
            for (JsonNode c : sup.path("categories")) {
                List<String> aliases = new ArrayList<>();
                c.path("aliases").forEach(a -> aliases.add(a.asText()));
                Category cat = new Category(c.path("name").asText(), supName, List.copyOf(aliases));
                cats.add(cat);
                lex.addForms(cat, cat.name());
                aliases.forEach(a -> lex.addForms(cat, a));
            }
            lex.bySuper.put(supName, List.copyOf(cats));
        }
        return lex;
    }

    private void addForms(Category cat, String word) {
        forms.putIfAbsent(word, new Form(cat, word, false));
        forms.putIfAbsent(plural(word), new Form(cat, word, true));
    }

    /** All categories, in file order. */
    public List<Category> categories() {
        return bySuper.values().stream().flatMap(List::stream).toList();
    }

    /** The categories of {@code category}'s supercategory other than itself (empty for "person"). */
    public List<Category> siblings(Category category) {
        return bySuper.getOrDefault(category.supercategory(), List.of()).stream()
                .filter(c -> !c.equals(category)).toList();
    }

    /** The singular lemma of {@code word} when it names a category, else {@code word} lower-cased. */
    public String lemma(String word) {
        Form f = forms.get(word.toLowerCase(Locale.ROOT));
        return f == null ? word.toLowerCase(Locale.ROOT) : f.lemma();
    }

    /** The plural of a (possibly multi-word) name: the last word follows the irregular list, else English rules. */
    public String plural(String name) {
        int sp = name.lastIndexOf(' ');
        String head = name.substring(0, sp + 1);
        String last = name.substring(sp + 1);
        String irr = irregular.get(last);
        if (irr != null) {
            return head + irr;
        }
        if (last.matches(".*(s|x|z|ch|sh)")) {
            return head + last + "es";
        }
        if (last.matches(".*[^aeiou]y")) {
            return head + last.substring(0, last.length() - 1) + "ies";
        }
        return head + last + "s";
    }

    /** Every category name in {@code text}, left to right, longest names first, not overlapping. */
    public List<Mention> find(String text) {
        List<int[]> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words.add(new int[] {m.start(), m.end()});
        }
        List<Mention> found = new ArrayList<>();
        for (int i = 0; i < words.size(); ) {
            Mention hit = longestAt(text, words, i);
            if (hit == null) {
                i++;
                continue;
            }
            found.add(hit);
            i += (int) text.substring(hit.start(), hit.end()).chars().filter(ch -> ch == ' ').count() + 1;
        }
        return markModifiers(text, found);
    }

    private Mention longestAt(String text, List<int[]> words, int i) {
        for (int n = Math.min(MAX_WORDS, words.size() - i); n >= 1; n--) {
            int start = words.get(i)[0];
            int end = words.get(i + n - 1)[1];
            String phrase = text.substring(start, end).toLowerCase(Locale.ROOT);
            // only single spaces may join the words of a multi-word name ("hot dog", not "hot, dog")
            if (!phrase.matches("[a-z]+( [a-z]+)*")) {
                continue;
            }
            Form f = forms.get(phrase);
            if (f != null) {
                return new Mention(start, end, f.category(), f.lemma(), f.plural(), false);
            }
        }
        return null;
    }

    private static List<Mention> markModifiers(String text, List<Mention> found) {
        List<Mention> out = new ArrayList<>(found.size());
        for (int k = 0; k < found.size(); k++) {
            Mention cur = found.get(k);
            boolean modifier = k + 1 < found.size()
                    && text.substring(cur.end(), found.get(k + 1).start()).equals(" ");
            out.add(modifier ? new Mention(cur.start(), cur.end(), cur.category(), cur.lemma(), cur.plural(), true)
                    : cur);
        }
        return out;
    }
}
