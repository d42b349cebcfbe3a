package io.imgdiff.stage;

import io.imgdiff.item.StageName;

/**
 * One pipeline stage. Implementations are stateless beans; everything an item needs comes in the context.
 * Throw {@link io.imgdiff.item.BadInputException} when the input can never work (the item fails at once);
 * any other exception is retried with backoff.
 */
public interface Stage {

    StageName name();

    StageResult process(StageContext ctx) throws Exception;
}
