package io.imgdiff.eval;

import io.imgdiff.compute.cpu.CpuComputeBackend;
import io.imgdiff.detect.DetectorSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The presets: mild is the earlier set bit for bit, regen/stress carry 2-5 drift kinds, any size works. */
class HardPairGeneratorTest {

    @TempDir
    Path dir;

    private static String crc(HardPairGenerator.Pair p) {
        CRC32 c = new CRC32();
        c.update(p.a().rgb());
        c.update(p.b().rgb());
        return Long.toHexString(c.getValue());
    }

    @Test
    void mildPresetIsTheEarlierSetBitForBit() {
        // checksums and truth of the generator before the presets existed (commit 320ea79), seed 1
        HardPairGenerator mild = new HardPairGenerator(512, 512, HardPairGenerator.Preset.MILD);
        assertEquals("c2f66f0", crc(mild.generate(1, 0)));
        assertEquals("dfca041d", crc(mild.generate(1, 5)));
        HardPairGenerator.Pair p = mild.generate(1, 8);
        assertEquals("1cdc6bac", crc(p));
        assertEquals("{\"id\":\"s1-512px-00008\",\"width\":512,\"height\":512,\"boxes\":[[412,27,448,72]],"
                + "\"categories\":[\"color-matched\"]}", PairSource.toJson(p.truth()));
    }

    @Test
    void regenPairsCarryTwoToFiveDistinctDriftKindsAndFiveCategories() {
        HardPairGenerator regen = new HardPairGenerator(256, 256, HardPairGenerator.Preset.REGEN);
        List<String> categories = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            HardPairGenerator.Pair p = regen.generate(3, i);
            List<String> kinds = p.truth().driftKinds();
            assertTrue(kinds.size() >= 2 && kinds.size() <= 5, p.id() + ": " + kinds);
            assertEquals(kinds.size(), new HashSet<>(kinds).size(), p.id() + ": " + kinds);
            assertTrue(RegenDrift.KINDS.containsAll(kinds), p.id() + ": " + kinds);
            assertFalse(kinds.contains("sharpen") && kinds.contains("blur"), p.id() + ": " + kinds);
            assertFalse(p.a().equals(p.b()));
            categories.addAll(p.truth().categories());
        }
        assertTrue(categories.containsAll(HardPairGenerator.REGEN_KINDS), "categories seen: " + categories);
    }

    @Test
    void nonSquareSizesGenerateAndEvaluateFromDisk() throws Exception {
        HardPairGenerator gen = new HardPairGenerator(384, 256, HardPairGenerator.Preset.STRESS);
        HardPairGenerator.Pair p = gen.generate(2, 1);
        assertEquals(384, p.a().width());
        assertEquals(256, p.b().height());
        assertTrue(p.id().startsWith("stress-s2-384x256-"), p.id());
        for (int[] b : p.truth().boxes()) {
            assertTrue(b[2] <= 384 && b[3] <= 256, p.id() + " box outside the image");
        }
        assertThrows(IllegalArgumentException.class,
                () -> new HardPairGenerator(384, 256, HardPairGenerator.Preset.MILD));
    }

    @Test
    void evalReadsATruthFileWithExtraFieldsAndPerPairCategories() throws Exception {
        HardPairGenerator gen = new HardPairGenerator(320, 224, HardPairGenerator.Preset.REGEN);
        List<String> lines = new ArrayList<>();
        int boxes = 0;
        for (int i = 0; i < 4; i++) {
            HardPairGenerator.Pair p = gen.generate(5, i);
            PairSource.write(dir, p);
            StringBuilder bs = new StringBuilder();
            for (int[] b : p.truth().boxes()) {
                bs.append(bs.length() == 0 ? "" : ",").append("[").append(b[0]).append(",").append(b[1]).append(",")
                        .append(b[2]).append(",").append(b[3]).append("]");
                boxes++;
            }
            // a held-out style line: per-pair category, unknown fields, no width/height
            lines.add("{\"id\":\"" + p.id() + "\",\"boxes\":[" + bs + "],\"category\":\"small\",\"source\":\"sdxl\","
                    + "\"p2p\":{\"cross\":0.8}}");
        }
        Path truth = dir.resolve("truth.jsonl");
        Files.write(truth, lines);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EvalMetrics.Summary s = new EvalRun(new CpuComputeBackend(), DetectorSettings.defaults(), "pixel",
                new PrintStream(out, true, StandardCharsets.UTF_8)).onDisk(dir, truth, null, null);
        assertEquals(4, s.pairs());
        assertEquals(boxes, s.truths());
        assertTrue(boxes > 0);
        assertEquals(List.of("small"), new ArrayList<>(s.categories().keySet()));
        assertEquals(boxes, s.categories().get("small").truths());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("small          truths"), out.toString());
    }
}
