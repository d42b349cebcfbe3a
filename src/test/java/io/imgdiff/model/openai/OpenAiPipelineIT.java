package io.imgdiff.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RegionCaption;
import io.imgdiff.model.openai.OpenAiStub.Reply;
import io.imgdiff.queue.RunStatus;
import io.imgdiff.testing.PipelineHarness;
import io.imgdiff.testing.RedisServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run with {@code --set edit.backend=openai --set caption.backend=openai} through the real pipeline (real worker,
 * redis-server, local store) against the stub server: edits and captions in the items and the export are the
 * stub's answers, and a 503 on the way is retried inside the job.
 */
@QuarkusTest
@QuarkusTestResource(RedisServerResource.class)
@QuarkusTestResource(value = OpenAiStubResource.class, restrictToAnnotatedClass = true)
class OpenAiPipelineIT {

    private static final List<String> CAPTIONS = List.of("a cat sitting next to a cup on a table",
            "a car parked near a tree", "a chair in front of a window", "an apple on a plate next to a book",
            "a cat lying on a bed", "clouds over a quiet lake");

    @TempDir
    Path dir;

    private final PipelineHarness pipeline = new PipelineHarness();

    @AfterEach
    void stop() {
        pipeline.stop();
    }

    @Test
    void aRunWithTheOpenAiBackendsExportsTheModelsEditsAndCaptions() throws Exception {
        OpenAiStub stub = OpenAiStubResource.stub();
        stub.enqueue(Reply.error(503, "model is loading"));
        RunStatus status = pipeline.runCaptions("remote", CAPTIONS, List.of("edit.backend=openai",
                "caption.backend=openai", "generate.width=256", "generate.height=256", "seed=3"));

        assertEquals(0, status.failed(), "no item should fail: " + status);
        Map<String, Item> byId = pipeline.items("remote");
        for (int i = 0; i < CAPTIONS.size() - 1; i++) {
            Item item = byId.get("c" + i);
            assertEquals(OpenAiStubResource.edited(CAPTIONS.get(i)), item.edit().captionB(), item.id());
            String from = item.edit().changedA().get(0);
            assertEquals(List.of(OpenAiStubResource.SWAPS.get(from)), item.edit().changedB(), item.id());
        }
        Item cloudy = byId.get("c5");
        assertEquals(ItemStatus.DROPPED, cloudy.status());
        assertEquals(OpenAiCaptionEditor.NOT_ONE_OBJECT, cloudy.reason());

        List<Item> done = byId.values().stream().filter(i -> i.status() == ItemStatus.DONE).toList();
        assertTrue(done.size() >= 2, "most edited pairs should be captioned: " + status);
        Map<String, RegionCaption> regions = new HashMap<>();
        for (Item item : done) {
            List<RegionCaption> rs = item.caption().regions();
            for (int k = 0; k < rs.size(); k++) {
                RegionCaption r = rs.get(k);
                assertTrue(r.captionA().startsWith("stub region of colour #"), r.captionA());
                assertEquals("stub difference: " + r.captionA() + " became " + r.captionB(), r.difference());
                regions.put(item.id() + "_" + k, r);
            }
        }

        JsonNode conversations = pipeline.export("remote", dir.resolve("export"));
        assertEquals(regions.size(), conversations.size());
        for (JsonNode e : conversations) {
            RegionCaption r = regions.get(e.get("id").asText());
            assertEquals(r.difference(), e.at("/conversations/1/value").asText());
            assertEquals(r.captionA(), e.get("captions1").asText());
            assertEquals(r.captionB(), e.get("captions2").asText());
        }

        List<OpenAiStub.Received> got = stub.received();
        Set<String> models = got.stream().map(OpenAiStub.Received::model).collect(Collectors.toSet());
        assertEquals(Set.of(OpenAiStubResource.LLM, OpenAiStubResource.VLM), models);
        assertEquals(CAPTIONS.size() + 1, got.stream().filter(r -> r.model().equals(OpenAiStubResource.LLM)).count(),
                "one edit request per item, plus the retry after the 503");
        got.forEach(r -> assertEquals("Bearer " + OpenAiStubResource.KEY, r.authorization()));
        got.stream().filter(r -> r.model().equals(OpenAiStubResource.VLM) && r.images().get(0).getWidth() > 256)
                .forEach(r -> assertEquals(2 * 256 + 20, r.images().get(0).getWidth()));
    }
}
