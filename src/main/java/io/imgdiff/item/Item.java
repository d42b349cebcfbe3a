package io.imgdiff.item;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The full record of one item, as stored in Redis: its input, each stage's output (null until that stage ran),
 * where it is, and why it stopped when it did not finish as done.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Item(String run, String id, StageName entry, ItemInput input,
                   EditOutput edit, GenerateOutput generate, FilterOutput filter, DetectOutput detect,
                   CaptionOutput caption,
                   ItemStatus status, StageName stage, String reason, String error) {
}
