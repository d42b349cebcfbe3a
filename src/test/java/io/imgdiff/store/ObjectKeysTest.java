package io.imgdiff.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"runs/r1/items/i1/a.png", "runs/r1/run.json", "a", "x_1/y-2/z.3"})
    void keysOfTheBuiltShapeAreAccepted(String key) {
        assertEquals(key, ObjectKeys.checkKey(key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "../x", "runs/../../x", "runs/r1/..", "a/./b", "a//b", "a/", "a\\b",
            "..\\..\\x", "C:/x", ".hidden", "runs/.put-1.tmp", "a b", "a\u0000b", "caf\u00e9", "~/x", "a/*"})
    void everythingElseIsRefusedNamingTheKey(String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObjectKeys.checkKey(key));
        assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "runs/", "runs/r1/items/i", "runs/r1/items/i1/"})
    void prefixesMayBeEmptyPartialOrEndInSlash(String prefix) {
        assertEquals(prefix, ObjectKeys.checkPrefix(prefix));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/runs/", "../", "runs//", "runs/../"})
    void badPrefixesAreRefused(String prefix) {
        assertThrows(IllegalArgumentException.class, () -> ObjectKeys.checkPrefix(prefix));
    }

    @ParameterizedTest
    @ValueSource(strings = {"r1", "run-2024.01"})
    void builtKeysPassTheCheck(String run) {
        assertEquals(ObjectKeys.item(run, "i7", "a.png"), ObjectKeys.checkKey(ObjectKeys.item(run, "i7", "a.png")));
    }
}
