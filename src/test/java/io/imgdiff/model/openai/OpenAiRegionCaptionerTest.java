package io.imgdiff.model.openai;

import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.Box;
import io.imgdiff.item.CaptionOutput;
import io.imgdiff.item.DetectOutput;
import io.imgdiff.item.DiffBox;
import io.imgdiff.item.GenerateOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemStatus;
import io.imgdiff.item.RegionCaption;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.StageName;
import io.imgdiff.model.RegionCaptioner;
import io.imgdiff.model.builtin.MapObjectStore;
import io.imgdiff.model.builtin.StagesFixture;
import io.imgdiff.model.openai.OpenAiStub.Reply;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import io.imgdiff.stage.caption.CaptionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The caption backend against the stub server: crops of A and B for the region captions, then the side-by-side
 * picture with red frames and both captions for the difference. The stub answers from the pixels it decodes, so a
 * wrong crop or picture gives a wrong caption.
 */
class OpenAiRegionCaptionerTest {

    private static final int W = 200;
    private static final int H = 100;
    private static final Box BOX = new Box(40, 30, 80, 70);
    private static final int RED = 0xff0000;
    private static final int GREEN = 0x00c800;
    private static final int BLUE = 0x0000c8;

    private final OpenAiStub stub = OpenAiStub.start("sk-vision", "llava-v1.6-34b");
    private final OpenAiRegionCaptioner captioner = new OpenAiRegionCaptioner(new OpenAiClient(
            stub.config("sk-vision", "vision.model", "llava-v1.6-34b", "retry-backoff", "1ms"),
            OpenAiClient.Purpose.VISION));

    @AfterEach
    void stop() {
        stub.close();
    }

    private static RgbImage grey() {
        RgbImage img = RgbImage.blank(W, H);
        Arrays.fill(img.rgb(), (byte) 128);
        return img;
    }

    private static RgbImage withSquare(int rgb) {
        RgbImage img = grey();
        for (int y = BOX.y1(); y < BOX.y2(); y++) {
            for (int x = BOX.x1(); x < BOX.x2(); x++) {
                int o = (y * W + x) * 3;
                img.rgb()[o] = (byte) (rgb >> 16);
                img.rgb()[o + 1] = (byte) (rgb >> 8);
                img.rgb()[o + 2] = (byte) rgb;
            }
        }
        return img;
    }

    private static String colour(int rgb) {
        return switch (rgb & 0xffffff) {
            case GREEN -> "green";
            case BLUE -> "blue";
            case RED -> "red";
            case 0 -> "black";
            default -> String.format("#%06x", rgb & 0xffffff);
        };
    }

    /** Region captions name the crop's centre colour; the difference names what it sees at the frames and bar. */
    private static Reply describe(OpenAiStub.Received r) {
        BufferedImage img = r.images().get(0);
        if (img.getWidth() == 2 * W + 20) {
            return Reply.answer("frame " + colour(img.getRGB(BOX.x1() - 5, BOX.y1() - 5)) + ", bar "
                    + colour(img.getRGB(W + 10, H / 2)) + ", frame " + colour(img.getRGB(W + 20 + BOX.x2() + 4,
                    BOX.y2() + 4)) + ", left " + colour(img.getRGB(60, 50)) + ", right " + colour(img.getRGB(W + 20 + 60,
                    50)));
        }
        return Reply.answer(" \"a " + colour(img.getRGB(img.getWidth() / 2, img.getHeight() / 2)) + " square\"\n");
    }

    @Test
    void regionCaptionsComeFromTheCropsAndTheDifferenceFromTheFramedSideBySidePicture() {
        stub.otherwise(OpenAiRegionCaptionerTest::describe);
        RegionCaptioner.Captions c = captioner.caption(new RegionCaptioner.Region(withSquare(GREEN), withSquare(BLUE),
                BOX, "cat", "dog", false));

        assertEquals("a green square", c.captionA());
        assertEquals("a blue square", c.captionB());
        assertEquals("frame red, bar black, frame red, left green, right blue", c.difference());

        List<OpenAiStub.Received> got = stub.received();
        assertEquals(3, got.size());
        for (OpenAiStub.Received r : got) {
            assertEquals("llava-v1.6-34b", r.model());
            assertEquals("Bearer sk-vision", r.authorization());
            assertEquals(0.2, r.temperature());
            assertEquals(1024, r.maxTokens());
            assertNull(r.topP());
            assertEquals(1, r.images().size());
            assertEquals("image_url", r.body().at("/messages/0/content/0/type").asText(), "the image comes first");
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(BOX.width(), got.get(i).images().get(0).getWidth(), "crop " + i);
            assertEquals(BOX.height(), got.get(i).images().get(0).getHeight(), "crop " + i);
            assertTrue(got.get(i).text().contains("Describe the main object"), got.get(i).text());
        }
        BufferedImage sideBySide = got.get(2).images().get(0);
        assertEquals(2 * W + 20, sideBySide.getWidth());
        assertEquals(H, sideBySide.getHeight());
        assertTrue(got.get(2).text().contains("the left image shows: a green square")
                && got.get(2).text().contains("the right image shows: a blue square"), got.get(2).text());
        assertEquals(got.get(0).seed(), got.get(2).seed(), "one seed per region");
    }

    @Test
    void aBoxReachingOverTheEdgeIsClippedToTheImage() {
        stub.otherwise(OpenAiRegionCaptionerTest::describe);
        captioner.caption(new RegionCaptioner.Region(grey(), withSquare(BLUE), new Box(150, 60, 230, 140), null, null,
                false));
        assertEquals(50, stub.received().get(0).images().get(0).getWidth());
        assertEquals(40, stub.received().get(0).images().get(0).getHeight());
    }

    @Test
    void anEmptyDifferenceAnswerIsRetriedThenFailsTheItemNamingWhatWasExpected() {
        stub.enqueue(Reply.answer("a green square"), Reply.answer("a blue square"));
        stub.otherwise(r -> Reply.answer("<think>hmm</think>   "));
        BadInputException e = assertThrows(BadInputException.class, () -> captioner.caption(
                new RegionCaptioner.Region(withSquare(GREEN), withSquare(BLUE), BOX, null, null, false)));
        assertTrue(e.getMessage().contains("openai vision endpoint") && e.getMessage().contains("expected a difference"
                + " caption"), e.getMessage());
        assertEquals(2 + 4, stub.received().size());
    }

    @Test
    void theCaptionStageKeepsTheModelsCaptions() {
        stub.otherwise(OpenAiRegionCaptionerTest::describe);
        MapObjectStore store = new MapObjectStore();
        store.put("p/a.png", ImageCodec.encodePng(withSquare(GREEN)), "image/png");
        store.put("p/b.png", ImageCodec.encodePng(withSquare(BLUE)), "image/png");
        Item item = new Item("r", "it", StageName.GENERATE, null, null, new GenerateOutput("p/a.png", "p/b.png", W, H,
                List.of()), null, new DetectOutput(List.of(new DiffBox(BOX, 1, 0.5, 0.5, null)), List.of()), null,
                ItemStatus.QUEUED, StageName.CAPTION, null, null);
        CaptionStage stage = new CaptionStage(name -> captioner, 1 << 24);
        StageResult r = stage.process(new StageContext(item, StagesFixture.stages("caption.backend", "openai"), store,
                3));
        CaptionOutput out = (CaptionOutput) assertInstanceOf(StageResult.Pass.class, r).output();
        assertEquals(List.of(new RegionCaption(BOX, "a green square", "a blue square",
                "frame red, bar black, frame red, left green, right blue")), out.regions());
    }
}
