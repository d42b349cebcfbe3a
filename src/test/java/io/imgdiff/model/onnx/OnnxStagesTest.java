package io.imgdiff.model.onnx;

import io.imgdiff.compute.cpu.CpuComputeBackend;
import io.imgdiff.config.RunSettings;
import io.imgdiff.config.StagesConfig;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.DetectOutput;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.FilterOutput;
import io.imgdiff.item.GenerateOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.StageName;
import io.imgdiff.model.ImageEmbedder;
import io.imgdiff.model.PairGenerator;
import io.imgdiff.model.builtin.MapObjectStore;
import io.imgdiff.model.builtin.ProceduralPairGenerator;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import io.imgdiff.stage.detect.DetectStage;
import io.imgdiff.stage.filter.FilterStage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real ONNX Runtime sessions (the generated test models) through the filter and detect stages. */
class OnnxStagesTest {

    @Test
    void filterAndDetectRunOnTheClipAndFastSamTestModels() {
        try (OnnxBackends backends = new OnnxBackends(OnnxBackendsTest.config(OnnxBackendsTest.clip()), () -> null)) {
            MapObjectStore store = new MapObjectStore();
            EditOutput edit = new EditOutput("a cat next to a red chair", "a dog next to a red chair",
                    List.of("cat"), List.of("dog"));
            StagesConfig settings = RunSettings.of(Map.of("imgdiff.stages.filter.backend", "clip",
                    "imgdiff.stages.filter.min-cos", "-1", "imgdiff.stages.filter.max-cos", "1",
                    "imgdiff.stages.detect.embedder", "clip", "imgdiff.stages.detect.matcher", "clip",
                    "imgdiff.stages.detect.proposers", "pixel,fastsam", "imgdiff.stages.generate.width", "256",
                    "imgdiff.stages.generate.height", "256"));
            PairGenerator.GeneratedPair pair = new ProceduralPairGenerator().generate(edit, settings.generate(), 3);
            store.put("a.png", ImageCodec.encodePng(pair.a()), "image/png");
            store.put("b.png", ImageCodec.encodePng(pair.b()), "image/png");
            Item item = new Item("r", "i", StageName.EDIT, ItemInput.ofCaption(edit.captionA()), edit,
                    new GenerateOutput("a.png", "b.png", 256, 256, pair.truth()), null, null, null,
                    ItemStatus.QUEUED, StageName.FILTER, null, null);

            FilterStage filter = new FilterStage(name -> name.equals("clip") ? backends.clipImageEmbedder() : null,
                    40_000_000);
            StageResult f = filter.process(new StageContext(item, settings, store, 1));
            FilterOutput fo = (FilterOutput) f.output();
            List<float[]> e = backends.clipImageEmbedder().embedAll(List.of(pair.a(), pair.b()));
            assertEquals(ImageEmbedder.cosine(e.get(0), e.get(1)), fo.cosine(), 1e-5);

            DetectStage detect = new DetectStage(new CpuComputeBackend(), backends.clipImageEmbedder(),
                    backends.imageTextMatcher(), List.of(backends.fastSamProposer()), 40_000_000);
            DetectOutput out = (DetectOutput) detect.process(new StageContext(item, settings, store, 1)).output();
            assertNotNull(out);
            int fastSamBoxes = backends.fastSamProposer().propose(pair.a(), pair.b()).size();
            assertTrue(fastSamBoxes > 0, "the test FastSAM head proposes boxes");
            assertTrue(out.boxes().size() + out.rejected().size() >= fastSamBoxes,
                    "every FastSAM proposal is judged: kept or rejected with a reason");
            assertTrue(out.textMatching().contains("clip"), out.textMatching());
        }
    }
}
