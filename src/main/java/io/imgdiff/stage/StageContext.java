package io.imgdiff.stage;

import io.imgdiff.config.StagesConfig;
import io.imgdiff.item.Item;
import io.imgdiff.store.ObjectStore;

/**
 * Everything one stage invocation may use: the item record (input and earlier outputs), the run's settings,
 * the object store, and a seed derived from the run and item so that results are reproducible.
 */
public record StageContext(Item item, StagesConfig settings, ObjectStore store, long seed) {

    public String run() {
        return item.run();
    }

    public String itemId() {
        return item.id();
    }
}
