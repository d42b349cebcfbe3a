package io.imgdiff.stage.export;

import io.imgdiff.item.ItemStatus;

import java.util.Map;

/**
 * What an export wrote, and where: items seen by status, samples written (removal questions among them), items
 * skipped because their id repeated the previous one, and items whose pair could not be read (recorded in
 * {@code items.jsonl}).
 */
public record ExportSummary(String target, Map<ItemStatus, Long> itemsByStatus, long entries,
                            long duplicatesSkipped, long exportErrors, long removalQuestions) {
}
