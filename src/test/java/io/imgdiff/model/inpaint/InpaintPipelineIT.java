package io.imgdiff.model.inpaint;

import com.fasterxml.jackson.databind.JsonNode;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RemovalOutput;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.inpaint.InpaintStub.Reply;
import io.imgdiff.queue.RunStatus;
import io.imgdiff.store.ObjectStore;
import io.imgdiff.testing.PipelineHarness;
import io.imgdiff.testing.RedisServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run with {@code --set variant=removal --set removal.backend=http} through the real pipeline (real worker,
 * redis-server, local store) against the inpainting stub: every image B is the stub's fill of A, a 503 on the way is
 * retried inside the job, the export has the removal questions and the gallery shows them.
 */
@QuarkusTest
@QuarkusTestResource(RedisServerResource.class)
@QuarkusTestResource(value = InpaintStubResource.class, restrictToAnnotatedClass = true)
class InpaintPipelineIT {

    private static final List<String> CAPTIONS = List.of("a cat sitting next to a cup on a table",
            "a car parked near a tree", "a chair in front of a window", "an apple on a plate next to a book",
            "a dog lying on a bed", "a bird on a fence");

    @TempDir
    Path dir;

    @Inject
    ObjectStore store;

    private final PipelineHarness pipeline = new PipelineHarness();

    @AfterEach
    void stop() {
        pipeline.stop();
    }

    @Test
    void aRemovalRunWithTheInpainterExportsItsQuestionsAndShowsThemInTheGallery() throws Exception {
        InpaintStub stub = InpaintStubResource.stub();
        stub.enqueue(Reply.error(503, "model is loading", null));
        RunStatus status = pipeline.runCaptions("inpaint", CAPTIONS, List.of("variant=removal",
                "removal.backend=http", "generate.width=256", "generate.height=256", "seed=4"));
        assertEquals(0, status.failed(), "no item should fail: " + status);

        Map<String, Item> items = pipeline.items("inpaint");
        List<InpaintStub.Received> asked = stub.received();
        List<Item> generated = items.values().stream().filter(i -> i.generate() != null).toList();
        assertTrue(generated.size() >= CAPTIONS.size() - 1, "the edit stage keeps these captions: " + status);
        assertEquals(generated.size() + 1, asked.size(), "one request per generated item, plus the retried 503");
        for (Item item : generated) {
            RemovalOutput removal = item.generate().removal();
            assertEquals("http", removal.backend());
            RgbImage a = ImageCodec.decode(store.require(item.generate().imageA()), 1 << 20);
            RgbImage b = ImageCodec.decode(store.require(item.generate().imageB()), 1 << 20);
            InpaintStub.Received r = asked.stream().filter(x -> x.box().equals(removal.box())
                    && java.util.Arrays.equals(x.image().rgb(), a.rgb())).findFirst().orElseThrow();
            assertEquals(removal.noun(), r.noun());
            assertArrayEquals(InpaintStub.fill(r).rgb(), b.rgb(), item.id() + ": B is the stub's fill of A");
        }

        JsonNode conv = pipeline.export("inpaint", dir);
        long questions = 0;
        for (JsonNode e : conv) {
            questions += e.get("id").asText().endsWith("_removal") ? 1 : 0;
        }
        long done = items.values().stream().filter(i -> i.status() == ItemStatus.DONE).count();
        assertTrue(done >= 1, "some removals pass filter, detect and caption: " + status);
        assertEquals(done, questions, "one question per done removal");

        String gallery = given().get("/runs/inpaint/gallery?limit=10").then().statusCode(200).extract().asString();
        assertTrue(gallery.contains("removal: which image contains the "), gallery);
    }
}
