package io.imgdiff.stage.export;

import java.util.Map;

/**
 * One training sample of an export: its {@code key} (unique, no dots, so WebDataset's key-at-first-dot rule keeps
 * it whole), its picture as PNG (null in a records-only export) and its record, in column order.
 */
public record Sample(String key, byte[] png, Map<String, Object> fields) {

    /** Where formats that keep pictures in a folder put this one. */
    public String imagePath() {
        return "images/" + key + ".png";
    }
}
