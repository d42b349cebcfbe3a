package io.imgdiff.model.imagegen;

import com.fasterxml.jackson.databind.JsonNode;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.model.PairGenerator;
import io.imgdiff.model.imagegen.ImageGenStub.Reply;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run with {@code --set generate.backend=http} through the real pipeline (real worker, redis-server, local store)
 * against the stub image service: edit → generate → filter → detect → caption → export, with a 503 on the way
 * retried inside the job. Items may be dropped by the filter; none may fail.
 */
@QuarkusTest
@QuarkusTestResource(RedisServerResource.class)
@QuarkusTestResource(value = ImageGenStubResource.class, restrictToAnnotatedClass = true)
class ImageGenPipelineIT {

    private final PipelineHarness harness = new PipelineHarness();

    @Inject
    ObjectStore store;

    @TempDir
    Path dir;

    /** Captions of COCO objects the lexicon editor knows, so nearly all reach generate. */
    private static final List<String> CAPTIONS = List.of("a cat sitting next to a cup on a table",
            "a car parked near a tree", "a chair in front of a window", "an apple on a plate next to a book",
            "a dog lying on a bed", "a bus on a street next to a bicycle", "a horse in a field",
            "a laptop on a desk next to a mouse");

    @AfterEach
    void stop() {
        harness.stop();
    }

    @Test
    void aRunWithTheHttpGeneratorGoesThroughEveryStageToTheExport() throws Exception {
        ImageGenStub stub = ImageGenStubResource.stub();
        stub.enqueue(Reply.error(503, "pipeline is loading", null));
        RunStatus status = harness.runCaptions("remote-gen", CAPTIONS, List.of("generate.backend=http",
                "generate.width=256", "generate.height=192", "generate.steps=20", "seed=4"));

        assertEquals(0, status.failed(), "no item should fail: " + status);
        Map<String, Item> byId = harness.items("remote-gen");
        List<Item> generated = byId.values().stream().filter(i -> i.generate() != null).toList();
        assertTrue(generated.size() >= CAPTIONS.size() - 1, "the lexicon edits nearly every caption: " + status);

        List<ImageGenStub.Received> got = stub.received();
        assertEquals(generated.size() + 1, got.size(), "one request per generated item, plus the retry after the 503");
        got.forEach(r -> assertEquals("Bearer " + ImageGenStubResource.KEY, r.authorization()));
        Map<String, ImageGenStub.Received> byPrompts = new HashMap<>();
        got.forEach(r -> byPrompts.put(r.promptA() + "|" + r.promptB(), r));
        for (Item item : generated) {
            ImageGenStub.Received r = byPrompts.get(item.edit().captionA() + "|" + item.edit().captionB());
            assertNotNull(r, "the edit's captions are the prompts of " + item.id());
            assertEquals(256, r.width());
            assertEquals(192, r.height());
            assertEquals(20, r.steps());
            assertEquals(7.5, r.guidance());
            assertEquals(List.of(), item.generate().truth(), item.id());
            assertEquals(256, item.generate().width());
            assertEquals(192, item.generate().height());
            PairGenerator.GeneratedPair served = ImageGenStub.draw(r);
            assertArrayEquals(served.b().rgb(), ImageCodec.decode(store.require(item.generate().imageB()), 1 << 24)
                    .rgb(), "b.png holds the service's image B: " + item.id());
        }

        List<Item> done = byId.values().stream().filter(i -> i.status() == ItemStatus.DONE).toList();
        assertTrue(!done.isEmpty(), "some generated pairs should be captioned: " + status);
        int regions = done.stream().mapToInt(i -> i.caption().regions().size()).sum();
        assertTrue(regions > 0, "boxes found without true changes: " + status);

        JsonNode conversations = harness.export("remote-gen", dir.resolve("export"));
        assertEquals(regions, conversations.size(), "one training sample per kept box");
    }
}
