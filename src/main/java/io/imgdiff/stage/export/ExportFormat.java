package io.imgdiff.stage.export;

import java.util.Arrays;
import java.util.Locale;

/** The layouts an export writes (docs/export.md); each also writes {@code items.jsonl} and a {@code README.md} card. */
public enum ExportFormat {
    /** LLaVA-style {@code conversations.json} with {@code images/}, plus the raw pairs under {@code pairs/}. */
    LLAVA,
    /** Hugging Face {@code imagefolder}: {@code train/metadata.jsonl} with a {@code file_name} column, images by it. */
    HF,
    /** WebDataset tar shards {@code shard-000000.tar}…, {@code <key>.json} + {@code <key>.png} per sample. */
    WDS;

    /** Lower-case name used by the CLI. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code llava}, {@code hf} or {@code wds}, naming the valid ones on error. */
    public static ExportFormat of(String key) {
        for (ExportFormat f : values()) {
            if (f.key().equalsIgnoreCase(key.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown export format '" + key + "', expected one of "
                + Arrays.toString(Arrays.stream(values()).map(ExportFormat::key).toArray()));
    }
}
