package io.imgdiff.stage.export;

import io.imgdiff.item.ItemStatus;

import java.nio.file.Path;
import java.util.Map;

/**
 * What an export wrote: items seen by status, conversation entries written, items skipped because their id was
 * already exported, and items whose pair could not be read (recorded in {@code items.jsonl}).
 */
public record ExportSummary(Path directory, Map<ItemStatus, Long> itemsByStatus, long entries,
                            long duplicatesSkipped, long exportErrors) {
}
