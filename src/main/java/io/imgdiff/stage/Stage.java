package io.imgdiff.stage;

import io.imgdiff.item.Item;
import io.imgdiff.item.StageName;

import java.util.List;

/**
 * One pipeline stage. Implementations are stateless beans; everything an item needs comes in the context.
 * Throw {@link io.imgdiff.item.BadInputException} when the input can never work (the item fails at once);
 * any other exception is retried with backoff.
 */
public interface Stage {

    StageName name();

    StageResult process(StageContext ctx) throws Exception;

    /**
     * Object-store keys {@link #process} will read for {@code item}, so that a worker can fetch them while the job
     * waits for a thread; empty (the default) when none or unknown. A hint only: what the stage reads is still read.
     */
    default List<String> reads(Item item) {
        return List.of();
    }
}
