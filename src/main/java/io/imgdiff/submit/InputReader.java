package io.imgdiff.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.item.Ids;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.StageName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads what {@code imgdiff submit} and {@code POST /api/runs} accept, and decides where items enter:
 * <ul>
 *   <li>JSONL with {@code caption} per line (or a plain text file, one caption per line) → {@code edit};</li>
 *   <li>JSONL with {@code captionA} and {@code captionB} → {@code generate};</li>
 *   <li>JSONL manifest with {@code imageA} and {@code imageB} (paths relative to the manifest; captions optional),
 *       or a directory of {@code <id>_a.<ext>} / {@code <id>_b.<ext>} files → {@code filter}.</li>
 * </ul>
 * Lines may carry an {@code id}; otherwise items are numbered {@code 000001}, {@code 000002}, ...
 * Errors name the file, the line and what was expected.
 */
public final class InputReader {

    private static final Pattern PAIR_FILE = Pattern.compile("(.+)_([ab])\\.([A-Za-z0-9]+)");

    private final ObjectMapper json;

    public InputReader(ObjectMapper json) {
        this.json = json;
    }

    /** Reads a file or directory. */
    public SubmitInput read(Path path) {
        if (Files.isDirectory(path)) {
            return readPairDirectory(path);
        }
        if (!Files.exists(path) || !Files.isReadable(path)) { // regular files, and pipes such as <(...)
            throw new IllegalArgumentException("cannot read input '" + path + "': no such readable file or directory");
        }
        try {
            return readLines(Files.readAllLines(path), path.toString(), path.toAbsolutePath().getParent());
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read input '" + path + "': " + e.getMessage());
        }
    }

    /** Reads JSONL (or plain caption) text; {@code baseDir} resolves relative image paths (null: none allowed). */
    public SubmitInput readLines(List<String> lines, String source, Path baseDir) {
        List<SubmitItem> items = new ArrayList<>();
        StageName entry = null;
        Set<String> ids = new HashSet<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = source + " line " + n;
            SubmitItem item = line.startsWith("{") ? parseJson(line, where, baseDir, items.size() + 1)
                    : new SubmitItem(defaultId(items.size() + 1), ItemInput.ofCaption(line), null, null);
            StageName kind = kindOf(item);
            if (entry != null && kind != entry) {
                throw new IllegalArgumentException(where + ": a " + kind.key() + " item among " + entry.key()
                        + " items; expected every line of one kind");
            }
            entry = kind;
            if (!ids.add(item.id())) {
                throw new IllegalArgumentException(where + ": duplicate item id '" + item.id() + "'");
            }
            items.add(item);
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("input '" + source + "' has no items");
        }
        return new SubmitInput(entry, items);
    }

    private SubmitItem parseJson(String line, String where, Path baseDir, int index) {
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        String id = node.hasNonNull("id") ? node.get("id").asText() : defaultId(index);
        try {
            Ids.check("item id", id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        String caption = text(node, "caption");
        String captionA = text(node, "captionA");
        String captionB = text(node, "captionB");
        String imageA = text(node, "imageA");
        String imageB = text(node, "imageB");
        if (imageA != null || imageB != null) {
            if (imageA == null || imageB == null || baseDir == null) {
                throw new IllegalArgumentException(where + ": an image pair needs both imageA and imageB paths");
            }
            return new SubmitItem(id, ItemInput.ofImagePair(null, null, captionA, captionB),
                    file(baseDir.resolve(imageA), where), file(baseDir.resolve(imageB), where));
        }
        if (captionA != null || captionB != null) {
            if (captionA == null || captionB == null) {
                throw new IllegalArgumentException(where + ": a caption pair needs both captionA and captionB");
            }
            return new SubmitItem(id, ItemInput.ofCaptionPair(captionA, captionB), null, null);
        }
        if (caption == null) {
            throw new IllegalArgumentException(where + ": expected a 'caption', a 'captionA'/'captionB' pair or an"
                    + " 'imageA'/'imageB' pair");
        }
        return new SubmitItem(id, ItemInput.ofCaption(caption), null, null);
    }

    private SubmitInput readPairDirectory(Path dir) {
        TreeMap<String, Path[]> pairs = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                Matcher m = PAIR_FILE.matcher(f.getFileName().toString());
                if (m.matches()) {
                    pairs.computeIfAbsent(m.group(1), k -> new Path[2])[m.group(2).equals("a") ? 0 : 1] = f;
                }
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list directory '" + dir + "': " + e.getMessage());
        }
        List<SubmitItem> items = new ArrayList<>();
        for (var e : pairs.entrySet()) {
            Path[] p = e.getValue();
            if (p[0] == null || p[1] == null) {
                throw new IllegalArgumentException("directory '" + dir + "': pair '" + e.getKey() + "' lacks its "
                        + (p[0] == null ? "_a" : "_b") + " image");
            }
            String where = "directory '" + dir + "'";
            items.add(new SubmitItem(Ids.check("item id", e.getKey()), ItemInput.ofImagePair(null, null, null, null),
                    file(p[0], where), file(p[1], where)));
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("directory '" + dir + "' has no <id>_a.<ext> / <id>_b.<ext> pairs");
        }
        return new SubmitInput(StageName.FILTER, items);
    }

    private static StageName kindOf(SubmitItem item) {
        if (item.imageA() != null) {
            return StageName.FILTER;
        }
        return item.input().caption() != null ? StageName.EDIT : StageName.GENERATE;
    }

    private static SubmitItem.ImageSource file(Path path, String where) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(where + ": image '" + path + "' does not exist");
        }
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "bin" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return new SubmitItem.ImageSource() {
            @Override
            public byte[] read() {
                try {
                    return Files.readAllBytes(path);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read image '" + path + "'", e);
                }
            }

            @Override
            public String extension() {
                return ext.matches("[a-z0-9]{1,8}") ? ext : "bin";
            }
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static String defaultId(int index) {
        return String.format(Locale.ROOT, "%06d", index);
    }
}
