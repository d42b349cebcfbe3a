package io.imgdiff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.RgbImage;
import io.imgdiff.stage.export.DatasetExporter;
import io.imgdiff.stage.export.SideBySide;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code imgdiff demo --set variant=removal} end to end on a real redis-server: the export has the removal questions,
 * each answer names the half that shows image A (the one with the object), its box is where detect found the
 * difference; then {@code imgdiff export} writes the same samples as an imagefolder and as WebDataset shards.
 */
@QuarkusMainTest
class RemovalDemoIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = EmbeddedRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @TempDir
    Path dir;

    private static String[] args(String... a) {
        String[] out = Arrays.copyOf(a, a.length + 2);
        out[a.length] = "--redis";
        out[a.length + 1] = redis.url();
        return out;
    }

    @Test
    void theRemovalDemoExportsQuestionsWhoseAnswersAndBoxesHold(QuarkusMainLauncher launcher) throws Exception {
        Path out = dir.resolve("demo");
        LaunchResult demo = launcher.launch(args("demo", "--items", "16", "--seed", "5", "--concurrency", "2",
                "--out", out.toString(), "--set", "variant=removal"));
        assertEquals(0, demo.exitCode(), demo.getErrorOutput());
        Matcher run = Pattern.compile("run (demo-s5-\\d+)").matcher(demo.getOutput());
        assertTrue(run.find(), demo.getOutput());

        JsonNode conv = JSON.readTree(out.resolve("conversations.json").toFile());
        Map<String, JsonNode> items = items(out.resolve("items.jsonl"));
        int questions = 0;
        for (JsonNode e : conv) {
            if (!e.path("variant").asText().equals("removal") || !e.get("id").asText().endsWith("_removal")) {
                continue;
            }
            questions++;
            String item = e.get("id").asText().replace("_removal", "");
            String noun = e.get("noun").asText();
            assertEquals("<image>\n" + String.format(DatasetExporter.REMOVAL_QUESTION, noun),
                    e.get("conversations").get(0).get("value").asText());
            String answer = e.get("answer").asText();
            assertEquals(answer, e.get("conversations").get(1).get("value").asText());
            assertAnswerShowsA(out, e.get("image").asText(), item, answer);
            assertTrue(overlapsADetectedBox(e.get("bbox").asText(), items.get(item)), e + " vs " + items.get(item));
        }
        assertTrue(questions >= 4, "removal questions among 16 demo items: " + questions + "\n" + demo.getOutput());
        assertTrue(demo.getOutput().contains("(" + questions + " removal questions)"), demo.getOutput());
        assertTrue(Files.readString(out.resolve("README.md")).contains("| variant | removal |"));

        // the demo kept its images in <out>/store; a later export reads them from the store it is configured with
        System.setProperty("imgdiff.store.local.root", out.resolve("store").toString());
        try {
            assertExportsAgree(launcher, run.group(1), conv.size());
        } finally {
            System.clearProperty("imgdiff.store.local.root");
        }
    }

    /** The half the answer names is image A pixel for pixel (the object's side), the other half is image B. */
    private static void assertAnswerShowsA(Path out, String image, String item, String answer) throws IOException {
        RgbImage sample = ImageCodec.decode(Files.readAllBytes(out.resolve(image)), 1 << 24);
        RgbImage a = ImageCodec.decode(Files.readAllBytes(out.resolve("pairs/" + item + "_a.png")), 1 << 24);
        RgbImage b = ImageCodec.decode(Files.readAllBytes(out.resolve("pairs/" + item + "_b.png")), 1 << 24);
        int right = a.width() + SideBySide.BAR_PX;
        assertTrue(sameRows(sample, answer.equals("A") ? 0 : right, a), item + ": the " + answer + " half is not A");
        assertTrue(sameRows(sample, answer.equals("A") ? right : 0, b), item + ": the other half is not B");
    }

    private static boolean sameRows(RgbImage sample, int dx, RgbImage img) {
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    if (sample.get(dx + x, y, c) != img.get(x, y, c)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The question's box (normalised) against the item's detected boxes (pixels, 512x512 images): IoU >= 0.5. */
    private static boolean overlapsADetectedBox(String bbox, JsonNode item) {
        double[] q = Arrays.stream(bbox.replaceAll("[\\[\\]]", "").split(",")).mapToDouble(s -> Double.parseDouble(
                s.trim())).toArray();
        for (JsonNode d : item.get("boxes")) {
            double[] p = {d.get(0).asDouble() / 512, d.get(1).asDouble() / 512, d.get(2).asDouble() / 512,
                    d.get(3).asDouble() / 512};
            double iw = Math.max(0, Math.min(p[2], q[2]) - Math.max(p[0], q[0]));
            double ih = Math.max(0, Math.min(p[3], q[3]) - Math.max(p[1], q[1]));
            double union = (p[2] - p[0]) * (p[3] - p[1]) + (q[2] - q[0]) * (q[3] - q[1]) - iw * ih;
            if (iw * ih / union >= 0.5) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, JsonNode> items(Path jsonl) throws IOException {
        Map<String, JsonNode> m = new HashMap<>();
        for (String line : Files.readAllLines(jsonl)) {
            JsonNode n = JSON.readTree(line);
            m.put(n.get("id").asText(), n);
        }
        return m;
    }

    private void assertExportsAgree(QuarkusMainLauncher launcher, String run, int samples) throws IOException {
        LaunchResult hf = launcher.launch(args("export", run, "--format", "hf", "--out", dir.resolve("hf").toString()));
        assertEquals(0, hf.exitCode(), hf.getErrorOutput());
        List<String> rows = Files.readAllLines(dir.resolve("hf/train/metadata.jsonl"));
        assertEquals(samples, rows.size());
        for (String row : rows) {
            assertTrue(Files.exists(dir.resolve("hf/train").resolve(JSON.readTree(row).get("file_name").asText())));
        }
        LaunchResult wds = launcher.launch(args("export", run, "--format", "wds", "--out",
                dir.resolve("wds").toString()));
        assertEquals(0, wds.exitCode(), wds.getErrorOutput());
        assertTrue(wds.getOutput().contains("as wds to "), wds.getOutput());
        Set<String> keys = new HashSet<>();
        try (Stream<Path> shards = Files.list(dir.resolve("wds"))) {
            for (Path shard : shards.filter(p -> p.toString().endsWith(".tar")).toList()) {
                try (InputStream in = Files.newInputStream(shard); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
                    TarArchiveEntry e;
                    while ((e = t.getNextEntry()) != null) {
                        keys.add(e.getName().substring(0, e.getName().indexOf('.')));
                    }
                }
            }
        }
        assertEquals(samples, keys.size());
    }
}
