package io.imgdiff.store;

import io.imgdiff.item.Ids;

/** The only place object-store keys are built: {@code runs/{run}/items/{item}/{name}}. */
public final class ObjectKeys {

    private ObjectKeys() {
    }

    public static String runPrefix(String run) {
        return "runs/" + Ids.check("run id", run) + "/";
    }

    public static String itemPrefix(String run, String item) {
        return runPrefix(run) + "items/" + Ids.check("item id", item) + "/";
    }

    /** An object of one item, e.g. {@code a.png}, {@code b.png}, {@code pair.png}. */
    public static String item(String run, String item, String name) {
        return itemPrefix(run, item) + Ids.check("object name", name);
    }
}
