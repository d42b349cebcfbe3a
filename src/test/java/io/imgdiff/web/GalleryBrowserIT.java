package io.imgdiff.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.config.RunSettings;
import io.imgdiff.item.EditOutput;
import io.imgdiff.model.builtin.ProceduralPairGenerator;
import io.imgdiff.queue.RunRepository;
import io.imgdiff.queue.RunStatus;
import io.imgdiff.testing.NodeTool;
import io.imgdiff.testing.PipelineHarness;
import io.imgdiff.testing.RedisServerResource;
import io.imgdiff.image.ImageCodec;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gallery end to end: a small demo run through every stage and one submitted pair of an odd size, served by
 * the application on a real redis-server, then looked at in Debian's headless Chromium through playwright-core
 * (src/test/node/gallery-browser.mjs: items listed, boxes drawn, paging, filters, item page; screenshots in
 * target/browser/). Also checks that the Grafana dashboard (k8s/monitoring) queries only metrics the application
 * really exports after that run.
 */
@QuarkusTest
@QuarkusTestResource(RedisServerResource.class)
class GalleryBrowserIT {

    private static final String RUN = "browser-demo";
    private static final String PAIR_RUN = "browser-pair";
    private static final Path OUT = Path.of("target/browser").toAbsolutePath();
    private static final PipelineHarness HARNESS = new PipelineHarness();
    private static boolean ran;

    @TestHTTPResource("/")
    URL base;

    @Inject
    RunRepository runs;

    @Inject
    ObjectMapper json;

    @AfterAll
    static void stopWorker() {
        HARNESS.stop();
    }

    @Test
    void theGalleryInARealBrowser() throws Exception {
        demoRuns();
        NodeTool.require("playwright-core");
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            NodeTool.missing("Debian's chromium (/usr/bin/chromium; apt-get install chromium)");
        }
        String baseUrl = base.toString().replaceAll("/$", "");
        NodeTool.Result r = NodeTool.run(300, Map.of("BASE", baseUrl, "RUN", RUN, "RUN_ITEMS",
                Long.toString(runs.status(RUN).orElseThrow().run().items()), "PAIR_RUN", PAIR_RUN, "PAIR_ITEM", "odd",
                "OUT", OUT.toString(), "CHROMIUM", "/usr/bin/chromium"), "gallery-browser.mjs");
        System.out.println(r.output());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("browser checks passed"), r.output());
        for (String shot : List.of("gallery.png", "item.png")) {
            byte[] head;
            try (var in = Files.newInputStream(OUT.resolve(shot))) {
                head = in.readNBytes(8);
            }
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, shot);
        }
    }

    @Test
    void theDashboardQueriesOnlyMetricsTheApplicationExports() throws Exception {
        demoRuns();
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String dashboard = Files.readString(Path.of("k8s/monitoring/imgdiff-dashboard.json"));
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("imgdiff_[a-z_]+").matcher(dashboard);
        while (m.find()) {
            used.add(m.group());
        }
        assertTrue(used.containsAll(Set.of("imgdiff_jobs_total", "imgdiff_stage_seconds_bucket", "imgdiff_stream_lag",
                "imgdiff_stream_pending", "imgdiff_stream_delayed")), "dashboard queries " + used);
        for (String name : used) {
            assertTrue(Pattern.compile("(?m)^" + name + "\\{[^}]*stage=\"").matcher(metrics).find(),
                    "the dashboard queries " + name + ", which /q/metrics does not export with a stage label");
        }
    }

    /** Once per class: the generated run (through every stage) and the submitted pair run, both complete. */
    private void demoRuns() throws Exception {
        if (ran) {
            return;
        }
        List<String> captions = new ArrayList<>();
        String[] objects = {"cat", "dog", "horse", "car", "bus", "cup", "chair", "bird", "sheep", "truck", "bowl"};
        for (int i = 0; i < objects.length; i++) {
            captions.add("a " + objects[i] + " next to a " + objects[(i + 3) % objects.length] + " in a park");
        }
        captions.add("a view of the mountains at sunset"); // nothing to replace: dropped at edit, for the filter
        HARNESS.runCaptions(RUN, captions, List.of("seed=7", "generate.width=256", "generate.height=256"));
        submitOddSizedPair();
        RunStatus pair = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> runs.status(PAIR_RUN).orElseThrow(), RunStatus::complete);
        assertEquals(1, pair.done() + pair.dropped(), "the submitted pair is processed: " + pair);
        ran = true;
    }

    /** A 300×200 pair (the demo run's are 256×256) showing one replaced object, submitted as images with captions. */
    private void submitOddSizedPair() throws Exception {
        var settings = RunSettings.of(Map.of("imgdiff.stages.generate.width", "300", "imgdiff.stages.generate.height",
                "200"));
        var pair = new ProceduralPairGenerator().generate(new EditOutput("a cat next to a cup", "a dog next to a cup",
                List.of("cat"), List.of("dog")), settings.generate(), 11);
        var enc = Base64.getEncoder();
        Map<String, Object> body = Map.of("run", PAIR_RUN, "images", List.of(Map.of("id", "odd",
                "imageA", enc.encodeToString(ImageCodec.encodePng(pair.a())),
                "imageB", enc.encodeToString(ImageCodec.encodePng(pair.b())),
                "captionA", "a cat next to a cup", "captionB", "a dog next to a cup")));
        given().contentType(ContentType.JSON).body(json.writeValueAsString(body)).post("/api/runs")
                .then().statusCode(201);
    }
}
