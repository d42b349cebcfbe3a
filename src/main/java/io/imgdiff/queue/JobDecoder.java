package io.imgdiff.queue;

import io.imgdiff.item.Ids;
import io.imgdiff.item.StageName;

import java.util.Map;

/**
 * Turns a stream entry into a {@link Job}, or says exactly what is wrong with it so the entry can be dead-lettered
 * instead of crashing the reader.
 */
final class JobDecoder {

    private JobDecoder() {
    }

    /** A decoded entry: either {@code job} or {@code error} is set. */
    record Decoded(Job job, String error) {
    }

    static Decoded decode(StageName stage, String stream, String entryId, Map<String, String> fields) {
        if (fields == null) {
            return new Decoded(null, where(stream, entryId) + " has no fields (deleted while pending)");
        }
        for (String f : new String[] {"run", "item", "attempt"}) {
            if (fields.get(f) == null || fields.get(f).isBlank()) {
                return new Decoded(null, where(stream, entryId) + " is malformed: missing field '" + f
                        + "', expected fields run, item, attempt; got " + fields);
            }
        }
        try {
            Ids.check("run", fields.get("run"));
            Ids.check("item", fields.get("item"));
        } catch (IllegalArgumentException e) {
            return new Decoded(null, where(stream, entryId) + " is malformed: " + e.getMessage());
        }
        int attempt;
        try {
            attempt = Integer.parseInt(fields.get("attempt").trim());
        } catch (NumberFormatException e) {
            attempt = 0;
        }
        if (attempt < 1) {
            return new Decoded(null, where(stream, entryId) + " is malformed: attempt '" + fields.get("attempt")
                    + "' is not an integer >= 1");
        }
        return new Decoded(new Job(stage, entryId, fields.get("run"), fields.get("item"), attempt), null);
    }

    private static String where(String stream, String entryId) {
        return "job entry " + entryId + " in stream '" + stream + "'";
    }
}
