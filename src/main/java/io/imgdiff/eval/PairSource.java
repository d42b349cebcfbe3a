package io.imgdiff.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.RgbImage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs on disk for {@code imgdiff eval --pairs}: a directory of {@code <id>_a.png}/{@code <id>_b.png}, or a JSONL
 * manifest of {@code {"id","a","b"}} (paths relative to the manifest), joined with a truth JSONL by id.
 */
public final class PairSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PairSource() {
    }

    /** One pair's files and truth. */
    public record Entry(String id, Path a, Path b, TruthRecord truth) {

        /** Decodes both images; B is not resized here, the detector refuses mismatched sizes. */
        public RgbImage[] decode() {
            try {
                return new RgbImage[] {ImageCodec.decode(Files.readAllBytes(a), Long.MAX_VALUE),
                        ImageCodec.decode(Files.readAllBytes(b), Long.MAX_VALUE)};
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read pair '" + id + "'", e);
            }
        }
    }

    /**
     * Reads a truth JSONL file, keyed by id in file order ({@link TruthRecord#parse}: unknown fields ignored, a
     * per-pair {@code "category"} applies to all its boxes); a line it cannot read fails with file, line and reason.
     */
    public static Map<String, TruthRecord> readTruth(Path file) throws IOException {
        Map<String, TruthRecord> out = new LinkedHashMap<>();
        int line = 0;
        for (String s : Files.readAllLines(file)) {
            line++;
            if (s.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(s);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(file + " line " + line + ": not JSON ("
                        + e.getOriginalMessage() + ")", e);
            }
            try {
                TruthRecord t = TruthRecord.parse(node);
                out.put(t.id(), t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + line + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Pairs listed by {@code pairs} (directory or manifest) that have a truth record, in truth order. */
    public static List<Entry> open(Path pairs, Map<String, TruthRecord> truth) throws IOException {
        Map<String, Path[]> files = new LinkedHashMap<>();
        if (Files.isDirectory(pairs)) {
            for (String id : truth.keySet()) {
                files.put(id, new Path[] {pairs.resolve(id + "_a.png"), pairs.resolve(id + "_b.png")});
            }
        } else {
            Path base = pairs.toAbsolutePath().getParent();
            for (String s : Files.readAllLines(pairs)) {
                if (!s.isBlank()) {
                    JsonNode n = JSON.readTree(s);
                    files.put(n.path("id").asText(), new Path[] {base.resolve(n.path("a").asText()),
                            base.resolve(n.path("b").asText())});
                }
            }
        }
        List<Entry> out = new ArrayList<>();
        for (TruthRecord t : truth.values()) {
            Path[] f = files.get(t.id());
            if (f == null || !Files.isRegularFile(f[0]) || !Files.isRegularFile(f[1])) {
                throw new IllegalArgumentException("pair '" + t.id() + "' named in the truth file has no images under "
                        + pairs + "; expected " + t.id() + "_a.png and " + t.id() + "_b.png or a manifest entry");
            }
            out.add(new Entry(t.id(), f[0], f[1], t));
        }
        return out;
    }

    /** Writes a generated pair as {@code <id>_a.png}/{@code <id>_b.png} under {@code dir}. */
    public static void write(Path dir, HardPairGenerator.Pair p) throws IOException {
        Files.write(dir.resolve(p.id() + "_a.png"), ImageCodec.encodePng(p.a()));
        Files.write(dir.resolve(p.id() + "_b.png"), ImageCodec.encodePng(p.b()));
    }

    /** One JSONL line for a truth record. */
    public static String toJson(TruthRecord t) {
        try {
            return JSON.writeValueAsString(t);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
