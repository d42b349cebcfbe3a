package io.imgdiff.stage.export;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 100k-item run exported (records only) in every format by a JVM limited to a 256 MiB heap: it can only finish if
 * the export streams. The files are then counted by readers of their own (Jackson's streaming parser, plain lines,
 * commons-compress).
 */
class LargeExportTest {

    private static final int ITEMS = 100_000;

    @TempDir
    Path out;

    @Test
    void aHundredThousandItemsExportUnderAQuarterGigabyteHeap() throws Exception {
        long expected = expectedSamples();
        Path log = out.resolve("child.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                SyntheticExport.class.getName(), out.toString(), Integer.toString(ITEMS))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the export did not finish");
        String said = Files.readString(log);
        assertEquals(0, p.exitValue(), said);
        System.out.println(said); // the figures: seconds per format and the heap's peak, for BENCHMARKS.md
        for (String format : List.of("llava", "hf", "wds")) {
            assertTrue(said.contains("format=" + format + " items=" + ITEMS + " samples=" + expected), said);
            assertEquals(ITEMS, lines(out.resolve(format).resolve("items.jsonl")), format + " items.jsonl");
        }
        assertEquals(expected, llavaEntries(out.resolve("llava/conversations.json")));
        assertEquals(expected, lines(out.resolve("hf/train/metadata.jsonl")));
        assertEquals(expected, tarRecords(out.resolve("wds")));
    }

    /** Per three items: two replacements of one region, one removal of a region and a question. */
    private static long expectedSamples() {
        long removals = ITEMS / 3;
        return (ITEMS - removals) + 2 * removals;
    }

    private static long lines(Path file) throws IOException {
        try (Stream<String> s = Files.lines(file, StandardCharsets.UTF_8)) {
            return s.count();
        }
    }

    private static long llavaEntries(Path file) throws IOException {
        long n = 0;
        try (JsonParser parser = new ObjectMapper().getFactory().createParser(file.toFile())) {
            assertEquals(JsonToken.START_ARRAY, parser.nextToken());
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                parser.skipChildren();
                n++;
            }
        }
        return n;
    }

    private static long tarRecords(Path dir) throws IOException {
        long n = 0;
        List<Path> shards;
        try (Stream<Path> files = Files.list(dir)) {
            shards = files.filter(f -> f.toString().endsWith(".tar")).sorted().toList();
        }
        assertTrue(shards.size() > 1, "64 MiB shards: more than one for 100k records, got " + shards);
        for (Path shard : shards) {
            try (InputStream in = Files.newInputStream(shard); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    n += e.getName().endsWith(".json") ? 1 : 0;
                }
            }
        }
        return n;
    }
}
