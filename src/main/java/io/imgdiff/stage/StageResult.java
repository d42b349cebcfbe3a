package io.imgdiff.stage;

/**
 * What a stage decided: pass the item on with {@code output} stored under the stage's name, or drop it with a
 * reason (the output is still stored, so drops can be inspected).
 */
public sealed interface StageResult {

    Object output();

    record Pass(Object output) implements StageResult {
    }

    record Drop(String reason, Object output) implements StageResult {
    }

    static StageResult pass(Object output) {
        return new Pass(output);
    }

    static StageResult drop(String reason, Object output) {
        return new Drop(reason, output);
    }
}
