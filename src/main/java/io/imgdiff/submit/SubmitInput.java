package io.imgdiff.submit;

import io.imgdiff.item.StageName;

import java.util.List;

/** Parsed submission: where its items enter the pipeline, and the items. */
public record SubmitInput(StageName entry, List<SubmitItem> items) {
}
