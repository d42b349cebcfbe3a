package io.imgdiff.item;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ids.check accepts exactly the documented ids: 1-128 of [A-Za-z0-9._-], first a letter or digit, no "..". */
class IdsTest {

    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    @Test
    void agreesWithTheDocumentedRuleOnRandomIds() {
        Random random = new Random(42);
        String alphabet = "aZ09._-/ :é";
        int accepted = 0;
        for (int n = 0; n < 100_000; n++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(n % 100 == 0 ? 140 : 6);
            for (int i = 0; i < length; i++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = id.toString();
            boolean expected = RULE.matcher(s).matches() && !s.contains("..");
            accepted += expected ? 1 : 0;
            assertEquals(expected, accepts(s), "'" + s + "'");
        }
        assertTrue(accepted > 1000, "too few valid ids generated: " + accepted);
    }

    @Test
    void namesTheFieldAndTheValueWhenRefusing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ids.check("run", "../x"));
        assertTrue(e.getMessage().startsWith("run '../x' is invalid"), e.getMessage());
        assertEquals("a".repeat(128), Ids.check("item", "a".repeat(128)));
        assertThrows(IllegalArgumentException.class, () -> Ids.check("item", "a".repeat(129)));
        assertThrows(IllegalArgumentException.class, () -> Ids.check("item", null));
    }

    private static boolean accepts(String id) {
        try {
            Ids.check("id", id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
