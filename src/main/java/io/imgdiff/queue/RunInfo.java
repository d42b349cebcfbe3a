package io.imgdiff.queue;

import io.imgdiff.item.StageName;

import java.time.Instant;
import java.util.Map;

/** A run: its id, when it was submitted, where its items entered, how many, and its settings snapshot. */
public record RunInfo(String id, Instant created, StageName entry, long items, Map<String, String> settings) {
}
