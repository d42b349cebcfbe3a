package io.imgdiff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.export.RunExporter;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.image.ImageFixtures;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.StageName;
import io.imgdiff.model.builtin.ProceduralPairGenerator;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.queue.RunStatus;
import io.imgdiff.submit.InputReader;
import io.imgdiff.submit.RunSubmitter;
import io.imgdiff.submit.SubmitInput;
import io.imgdiff.submit.SubmitItem;
import io.imgdiff.config.RunSettings;
import io.imgdiff.testing.RedisServerResource;
import io.imgdiff.worker.WorkerLoop;
import io.imgdiff.worker.WorkerService;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole runs through every built-in stage with real workers, a real redis-server and the local store. */
@QuarkusTest
@QuarkusTestResource(RedisServerResource.class)
class PipelineIT {

    private static final String[] NOUNS = {"cat", "dog", "horse", "car", "bus", "chair", "couch", "cup", "bowl",
        "apple", "banana", "clock", "vase", "book", "umbrella", "bicycle"};

    @Inject
    WorkerService workers;

    @Inject
    RunSubmitter submitter;

    @Inject
    RunRepository runs;

    @Inject
    RunExporter exporter;

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    @TempDir
    Path dir;

    private final List<WorkerLoop> loops = new ArrayList<>();

    @BeforeEach
    void clean() {
        redis.flushall();
    }

    @AfterEach
    void stop() {
        loops.forEach(WorkerLoop::stop);
    }

    @Test
    void thousandItemsWithThreeWorkersEndExactlyOnceAndExportWithoutDuplicates() throws Exception {
        List<SubmitItem> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String caption = i % 97 == 0 ? "clouds over a quiet lake"
                    : "a " + NOUNS[i % NOUNS.length] + " next to a " + NOUNS[(i * 7 + 3) % NOUNS.length] + " in a park";
            items.add(new SubmitItem(String.format("%06d", i), ItemInput.ofCaption(caption), null, null));
        }
        // small images keep this fast on two cores; the stages are the same at any size
        submitter.submit("thousand", new SubmitInput(StageName.EDIT, items), RunSettings.parseOverrides(
                List.of("generate.width=128", "generate.height=128", "seed=5")));
        for (int w = 0; w < 3; w++) {
            start(EnumSet.allOf(StageName.class), 1);
        }
        RunStatus status = await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> runs.status("thousand").orElseThrow(), RunStatus::complete);

        assertEquals(1000, status.finished());
        assertEquals(0, status.failed(), "built-in stages should not fail: " + status);
        Map<ItemStatus, Integer> byStatus = new EnumMap<>(ItemStatus.class);
        Set<String> seen = new HashSet<>();
        runs.forEachItem("thousand", item -> {
            assertTrue(seen.add(item.id()), "item visited twice: " + item.id());
            byStatus.merge(item.status(), 1, Integer::sum);
        });
        assertEquals(1000, seen.size());
        assertEquals(status.done(), (long) byStatus.getOrDefault(ItemStatus.DONE, 0));
        assertEquals(status.dropped(), (long) byStatus.getOrDefault(ItemStatus.DROPPED, 0));
        assertTrue(status.done() > 500, "most items should make it through: " + status);

        RunExporter.Summary s = exporter.export("thousand", dir.resolve("export"));
        JsonNode conversations = json.readTree(dir.resolve("export/conversations.json").toFile());
        Set<String> ids = new HashSet<>();
        conversations.forEach(e -> assertTrue(ids.add(e.get("id").asText()), "duplicate entry " + e.get("id")));
        assertEquals(s.entries(), ids.size());
        List<String> lines = Files.readAllLines(dir.resolve("export/items.jsonl"));
        assertEquals(1000, lines.size());
        assertEquals(1000, lines.stream().map(l -> l.substring(0, l.indexOf(','))).distinct().count());
    }

    @Test
    void badInputsFailTheirOwnItemWhileEveryOtherItemCompletes() throws Exception {
        Path pairs = Files.createDirectories(dir.resolve("pairs"));
        RgbImage[] good = goodPair();
        byte[] a = ImageCodec.encodePng(good[0]);
        byte[] b = ImageCodec.encodePng(good[1]);
        byte[] jpegA = ImageCodec.encodeJpeg(good[0], 95);
        write(pairs, "good", "png", a, b);
        write(pairs, "zerobyte", "png", a, new byte[0]);
        write(pairs, "truncpng", "png", a, Arrays.copyOf(b, b.length / 2));
        write(pairs, "truncjpg", "jpg", jpegA, Arrays.copyOf(jpegA, jpegA.length / 2));
        write(pairs, "textpng", "png", a, "this is not an image\n".getBytes());
        write(pairs, "huge", "png", a, ImageFixtures.pngHeaderOnly(30000, 30000));
        write(pairs, "resized", "png", a, ImageCodec.encodePng(ImageCodec.matchSize(RgbImage.blank(200, 100), good[1])));
        write(pairs, "sixteenbit", "png", a, ImageFixtures.png(ImageFixtures.rgb16(128, 128, 40000, 20000, 100)));
        write(pairs, "exif", "jpg", jpegA, ImageFixtures.withExifOrientation(ImageCodec.encodeJpeg(good[1], 95), 6));
        write(pairs, "cmyk", "jpg", jpegA, ImageFixtures.adobeCmykJpeg(128, 128, new int[] {0, 255, 255, 0},
                new int[] {255, 255, 0, 0}));
        write(pairs, "rgba", "png", a, ImageFixtures.png(converted(good[1], java.awt.image.BufferedImage.TYPE_INT_ARGB)));
        write(pairs, "gray", "png", ImageFixtures.png(converted(good[0], java.awt.image.BufferedImage.TYPE_BYTE_GRAY)),
                ImageFixtures.png(converted(good[1], java.awt.image.BufferedImage.TYPE_BYTE_GRAY)));
        SubmitInput input = new InputReader(json).read(pairs);
        submitter.submit("bad", input, Map.of());
        start(EnumSet.allOf(StageName.class), 2);
        await().atMost(Duration.ofMinutes(3)).until(() -> runs.status("bad").orElseThrow().complete());

        Map<String, Item> byId = new java.util.HashMap<>();
        runs.forEachItem("bad", i -> byId.put(i.id(), i));
        assertFailed(byId, "zerobyte", "empty");
        assertFailed(byId, "truncpng", "truncated");
        assertFailed(byId, "truncjpg", "truncated");
        assertFailed(byId, "textpng", "not");
        assertFailed(byId, "huge", "30000x30000");
        for (String ok : List.of("good", "resized", "sixteenbit", "exif", "cmyk", "rgba", "gray")) {
            Item item = byId.get(ok);
            assertTrue(item.status() == ItemStatus.DONE || item.status() == ItemStatus.DROPPED,
                    ok + " should be processed, got " + item.status() + " " + item.error());
        }
        assertEquals(ItemStatus.DONE, byId.get("good").status(), "the planted change is found and captioned");

        // the gallery shows the found box over the pair and why the others stopped
        String html = io.restassured.RestAssured.given().get("/runs/bad/gallery").then().statusCode(200)
                .contentType("text/html").extract().asString();
        assertTrue(html.contains("id=\"good\""), html);
        assertTrue(html.contains("/api/runs/bad/items/good/files/input_a.png"), html);
        assertTrue(html.contains("failed at FILTER"), html);
        String done = io.restassured.RestAssured.given().get("/runs/bad/gallery?status=done").then().statusCode(200)
                .extract().asString();
        assertTrue(!done.contains("failed at"), "status=done shows only done items");
        io.restassured.RestAssured.given().get("/runs/bad/gallery?status=bogus").then().statusCode(400);
        io.restassured.RestAssured.given().get("/runs/none/gallery").then().statusCode(404);
    }

    private static void assertFailed(Map<String, Item> items, String id, String words) {
        Item item = items.get(id);
        assertEquals(ItemStatus.FAILED, item.status(), id + ": " + item.reason());
        assertTrue(item.error().toLowerCase().contains(words.toLowerCase()), id + ": " + item.error());
        assertTrue(item.error().contains(id), id + " error should name the item or its file: " + item.error());
    }

    private static RgbImage[] goodPair() {
        var settings = RunSettings.of(Map.of("imgdiff.stages.generate.width", "128", "imgdiff.stages.generate.height", "128"));
        var pair = new ProceduralPairGenerator().generate(new EditOutput("a cat next to a cup", "a dog next to a cup",
                List.of("cat"), List.of("dog")), settings.generate(), 11);
        return new RgbImage[] {pair.a(), pair.b()};
    }

    /** {@code image} redrawn into a BufferedImage of another type (alpha channel, or one grey channel). */
    private static java.awt.image.BufferedImage converted(RgbImage image, int type) {
        java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(image.width(), image.height(), type);
        java.awt.Graphics2D g = out.createGraphics();
        g.drawImage(ImageCodec.toBuffered(image), 0, 0, null);
        g.dispose();
        return out;
    }

    private static void write(Path dir, String id, String ext, byte[] a, byte[] b) throws Exception {
        Files.write(dir.resolve(id + "_a." + ext), a);
        Files.write(dir.resolve(id + "_b." + ext), b);
    }

    private void start(Set<StageName> stages, int concurrency) {
        WorkerLoop loop = workers.create(stages, concurrency, false);
        loops.add(loop);
        new Thread(loop::run, "pipeline-worker").start();
    }
}
