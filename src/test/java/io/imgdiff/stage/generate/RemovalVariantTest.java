package io.imgdiff.stage.generate;

import io.imgdiff.image.Crops;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.Box;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.GenerateOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.StageName;
import io.imgdiff.model.ImageTextMatcher;
import io.imgdiff.model.builtin.MapObjectStore;
import io.imgdiff.model.builtin.ProceduralPairGenerator;
import io.imgdiff.model.builtin.StagesFixture;
import io.imgdiff.model.inpaint.Inpainter;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The removal variant in {@code generate}: which items, what is removed, by whom, and the paper's check. */
class RemovalVariantTest {

    private static final EditOutput EDIT = new EditOutput("a cat next to a cup on a table",
            "a dog next to a cup on a table", List.of("cat"), List.of("dog"));
    private static final ProceduralPairGenerator RENDERER = new ProceduralPairGenerator();

    private final MapObjectStore store = new MapObjectStore();

    private static Item item() {
        return new Item("run-1", "item-1", StageName.EDIT, null, EDIT, null, null, null, null, ItemStatus.QUEUED,
                StageName.GENERATE, null, null);
    }

    private StageResult run(GenerateStage stage, long seed, String... settings) {
        return stage.process(new StageContext(item(), StagesFixture.stages(settings), store, seed));
    }

    private static GenerateStage stage(Function<String, Inpainter> inpainters,
                                       Function<String, ImageTextMatcher> matchers) {
        return new GenerateStage(name -> RENDERER, inpainters, matchers);
    }

    private RgbImage image(String key) {
        return ImageCodec.decode(store.require(key), 1 << 22);
    }

    @Test
    void theProceduralRemovalLeavesTheObjectOutOfBAndKnowsItsBox() {
        StageResult r = run(new GenerateStage(name -> RENDERER), 7, "variant", "removal");
        GenerateOutput out = (GenerateOutput) assertInstanceOf(StageResult.Pass.class, r).output();
        assertEquals("cat", out.removal().noun());
        assertEquals("procedural", out.removal().backend());
        assertEquals("truth", out.removal().check());
        assertEquals(1, out.truth().size());
        assertEquals("cat", out.truth().get(0).labelA());
        assertNull(out.truth().get(0).labelB(), "removed: nothing in B");
        Box box = out.removal().box();
        assertEquals(box, out.truth().get(0).box());
        RgbImage a = image(out.imageA());
        RgbImage b = image(out.imageB());
        assertFalse(Arrays.equals(Crops.crop(a, box).rgb(), Crops.crop(b, box).rgb()), "the box changed");
        // outside the box only the regeneration noise differs (sigma 1.5: a few levels at most)
        assertTrue(Math.abs(a.get(0, 0, 0) - b.get(0, 0, 0)) <= 10);
    }

    @Test
    void aReplacementRunHasNoRemoval() {
        GenerateOutput out = (GenerateOutput) run(new GenerateStage(name -> RENDERER), 7).output();
        assertNull(out.removal());
        assertEquals("dog", out.truth().get(0).labelB());
    }

    @Test
    void aMixMakesAboutItsFractionOfRemovalsTheSameForTheSameSeed() {
        GenerateStage stage = new GenerateStage(name -> RENDERER);
        int removals = 0;
        for (long seed = 0; seed < 40; seed++) {
            GenerateOutput out = (GenerateOutput) run(stage, seed, "variant", "mix", "removal.fraction", "0.5",
                    "generate.width", "64", "generate.height", "64").output();
            removals += out.removal() != null ? 1 : 0;
            GenerateOutput again = (GenerateOutput) run(stage, seed, "variant", "mix", "removal.fraction", "0.5",
                    "generate.width", "64", "generate.height", "64").output();
            assertEquals(out.removal() != null, again.removal() != null, "seed " + seed);
        }
        assertTrue(removals >= 10 && removals <= 30, "removals of 40 at 0.5: " + removals);
        assertEquals(0, countRemovals(stage, "0"));
        assertEquals(20, countRemovals(stage, "1"));
    }

    private int countRemovals(GenerateStage stage, String fraction) {
        int n = 0;
        for (long seed = 0; seed < 20; seed++) {
            n += ((GenerateOutput) run(stage, seed, "variant", "mix", "removal.fraction", fraction,
                    "generate.width", "64", "generate.height", "64").output()).removal() != null ? 1 : 0;
        }
        return n;
    }

    @Test
    void anInpainterRepaintsBFromAAndTheBox() {
        List<Box> asked = new ArrayList<>();
        RgbImage painted = RgbImage.blank(512, 512);
        Inpainter inpainter = (image, box, noun, grow, seed) -> {
            asked.add(box);
            assertEquals("cat", noun);
            assertEquals(4, grow);
            return painted;
        };
        StageResult r = run(stage(name -> inpainter, name -> null), 7, "variant", "removal", "removal.backend",
                "http");
        GenerateOutput out = (GenerateOutput) assertInstanceOf(StageResult.Pass.class, r).output();
        assertEquals(List.of(out.removal().box()), asked);
        assertArrayEquals(painted.rgb(), image(out.imageB()).rgb(), "B is what the inpainter answered");
        assertEquals("http", out.removal().backend());
        assertTrue(out.removal().check().startsWith("skipped: removal.matcher=truth cannot see"), out.removal().check());
        assertNull(out.removal().scoreBefore());
    }

    /** A matcher scoring A and B crops as told, recording the crops it was shown. */
    private static ImageTextMatcher matcher(double a, double b, List<ImageTextMatcher.Crop> seen) {
        return new ImageTextMatcher() {
            @Override
            public String name() {
                return "fake-clip";
            }

            @Override
            public double score(Crop crop, String noun) {
                seen.add(crop);
                return crop.side() == Side.A ? a : b;
            }
        };
    }

    @Test
    void theCheckKeepsAnObjectSeenBeforeAndGoneAfterOnTheCropWithItsMargin() {
        List<ImageTextMatcher.Crop> seen = new ArrayList<>();
        StageResult r = run(stage(name -> null, name -> matcher(0.35, 0.3499, seen)), 7, "variant", "removal",
                "removal.matcher", "clip", "removal.crop-margin", "0.25");
        GenerateOutput out = (GenerateOutput) assertInstanceOf(StageResult.Pass.class, r).output();
        assertEquals("fake-clip", out.removal().check());
        assertEquals(0.35, out.removal().scoreBefore());
        assertEquals(0.3499, out.removal().scoreAfter());
        Box box = out.removal().box();
        int grow = (int) Math.round(0.25 * Math.max(box.width(), box.height()));
        assertEquals(box.grow(grow, 512, 512), seen.get(0).box(), "the crop has the margin");
        assertEquals(seen.get(0).box().width(), seen.get(0).pixels().width());
    }

    @Test
    void theCheckDropsAnObjectNotSeenBeforeOrStillSeenAfter() {
        StageResult unseen = run(stage(name -> null, name -> matcher(0.2, 0.1, new ArrayList<>())), 7,
                "variant", "removal", "removal.matcher", "clip");
        assertEquals("removal-not-visible", assertInstanceOf(StageResult.Drop.class, unseen).reason());
        StageResult still = run(stage(name -> null, name -> matcher(0.9, 0.35, new ArrayList<>())), 7,
                "variant", "removal", "removal.matcher", "clip");
        assertEquals("removal-still-visible", assertInstanceOf(StageResult.Drop.class, still).reason());
        assertEquals(0.35, ((GenerateOutput) still.output()).removal().scoreAfter(), "the drop keeps its scores");
    }

    @Test
    void badSettingsFailTheItemNamingTheSetting() {
        GenerateStage stage = new GenerateStage(name -> RENDERER);
        BadInputException v = assertThrows(BadInputException.class, () -> run(stage, 1, "variant", "removals"));
        assertTrue(v.getMessage().contains("variant is 'removals', expected replacement, removal or mix"));
        BadInputException g = assertThrows(BadInputException.class, () -> run(stage, 1, "variant", "removal",
                "generate.backend", "http"));
        assertTrue(g.getMessage().contains("needs generate.backend=procedural"), g.getMessage());
        BadInputException m = assertThrows(BadInputException.class, () -> run(stage, 1, "variant", "removal",
                "removal.matcher", "clip"));
        assertTrue(m.getMessage().contains("removal.matcher is 'clip'"), m.getMessage());
        BadInputException f = assertThrows(BadInputException.class, () -> run(stage, 1, "variant", "mix",
                "removal.fraction", "1.5"));
        assertTrue(f.getMessage().contains("removal.fraction is 1.5"), f.getMessage());
    }
}
