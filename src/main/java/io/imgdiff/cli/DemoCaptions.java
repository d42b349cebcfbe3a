package io.imgdiff.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Captions for {@code imgdiff demo}, in the style of the COCO captions the paper starts from: two or three objects
 * of COCO categories in a simple scene. About one in fifty names no COCO object, so the demo also shows a drop.
 */
final class DemoCaptions {

    private static final String[] OBJECTS = {"cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra",
        "giraffe", "bird", "car", "bus", "truck", "bicycle", "motorcycle", "boat", "chair", "couch", "bed", "bottle",
        "cup", "bowl", "apple", "banana", "orange", "pizza", "cake", "clock", "vase", "book", "umbrella", "suitcase"};
    private static final String[] COLOURS = {"red", "blue", "green", "yellow", "white", "black", "brown", "orange"};
    private static final String[] PLACES = {"in a park", "on a street", "in a kitchen", "on a beach", "in a field",
        "in a living room"};
    private static final String[] NO_OBJECT = {"a view of the mountains at sunset", "clouds over a quiet lake",
        "a foggy morning in the hills"};

    private DemoCaptions() {
    }

    static List<String> generate(int n, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (r.nextInt(50) == 0) {
                out.add(pick(r, NO_OBJECT));
                continue;
            }
            String a = pick(r, OBJECTS);
            String b = pick(r, OBJECTS);
            out.add(switch (r.nextInt(3)) {
                case 0 -> phrase(a) + " next to " + phrase(pick(r, COLOURS) + " " + b) + " " + pick(r, PLACES);
                case 1 -> phrase(pick(r, COLOURS) + " " + a) + " sitting near " + phrase(b);
                default -> "a photo of " + phrase(a) + " and " + phrase(b) + " " + pick(r, PLACES);
            });
        }
        return out;
    }

    /** "an apple", "a red cup": the article agrees with the first word. */
    private static String phrase(String words) {
        return ("aeiou".indexOf(words.charAt(0)) >= 0 ? "an " : "a ") + words;
    }

    private static String pick(Random r, String[] words) {
        return words[r.nextInt(words.length)];
    }

}
