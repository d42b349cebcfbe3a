package io.imgdiff.model.openai;

import io.imgdiff.image.Crops;
import io.imgdiff.item.Box;
import io.imgdiff.model.RegionCaptioner;
import io.imgdiff.stage.export.SideBySide;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The paper's Difference Captions Generator with a vision model (LLaVA, Qwen-VL… behind vLLM) on an
 * OpenAI-compatible chat endpoint: the model describes the box's crop of A and of B, then is shown the pair side
 * by side (A | 20 px black bar | B, the box framed in red, grown by 5 px, 3 px line: {@link SideBySide}, the same
 * picture the export writes) with both region captions and asked for the difference. Sampling as the reference
 * code: temperature 0.2, up to 1024 new tokens. The seed comes from the box, so a rerun repeats its answers where
 * the server honours seeds.
 */
public class OpenAiRegionCaptioner implements RegionCaptioner {

    static final double TEMPERATURE = 0.2;
    static final int MAX_TOKENS = 1024;

    static final String REGION_PROMPT = "This image is a region cut out of a larger picture. Describe the main"
            + " object it shows in one short phrase: what it is, its colour and anything notable. If it shows no"
            + " object, answer \"only background\". Answer with the description only.";

    static final String DIFFERENCE_PROMPT = """
            The picture shows two images side by side, the left image and the right image, separated by a black \
            vertical bar. A red box marks the same region in both images.
            Inside the red box, the left image shows: %s
            Inside the red box, the right image shows: %s
            Describe how the content of the red box differs between the left image and the right image, in one or \
            two sentences. Answer with the description only.""";

    private static final Pattern THINKING = Pattern.compile("(?s)<think>.*?</think>");
    private static final String QUOTES = "\"'`“”‘’";

    private final OpenAiClient client;

    public OpenAiRegionCaptioner(OpenAiClient client) {
        this.client = client;
    }

    @Override
    public Captions caption(Region region) {
        int w = region.a().width();
        int h = region.a().height();
        Box box = region.box().grow(0, w, h); // clipped to the image
        long seed = seed(box, w, h);
        String inA = describe(ChatRequest.Image.png(Crops.crop(region.a(), box)), seed, "region caption of A");
        String inB = describe(ChatRequest.Image.png(Crops.crop(region.b(), box)), seed, "region caption of B");
        ChatRequest difference = new ChatRequest(List.of(
                ChatRequest.Image.png(SideBySide.compose(region.a(), region.b(), box)),
                new ChatRequest.Text(DIFFERENCE_PROMPT.formatted(inA, inB))), TEMPERATURE, null, MAX_TOKENS, seed);
        String diff = client.chat(difference, a -> text(a, "a difference caption"));
        return new Captions(inA, inB, diff);
    }

    private String describe(ChatRequest.Image crop, long seed, String what) {
        ChatRequest request = new ChatRequest(List.of(crop, new ChatRequest.Text(REGION_PROMPT)), TEMPERATURE, null,
                MAX_TOKENS, seed);
        return client.chat(request, a -> text(a, "a " + what));
    }

    /** The answer's text, thinking removed, whitespace collapsed and unquoted; empty is unusable. */
    static String text(ChatAnswer answer, String expected) throws OpenAiClient.UnusableAnswerException {
        String s = THINKING.matcher(answer.content()).replaceAll("").replaceAll("\\s+", " ").strip();
        if (s.length() >= 2 && QUOTES.indexOf(s.charAt(0)) >= 0 && QUOTES.indexOf(s.charAt(s.length() - 1)) >= 0) {
            s = s.substring(1, s.length() - 1).strip();
        }
        if (s.isEmpty()) {
            throw new OpenAiClient.UnusableAnswerException("the answer is empty; expected " + expected);
        }
        return s;
    }

    /** A 31-bit seed from the box and the image size. */
    static long seed(Box box, int width, int height) {
        long h = 17;
        for (int v : new int[] {box.x1(), box.y1(), box.x2(), box.y2(), width, height}) {
            h = (h ^ v) * 0x100000001B3L;
        }
        return (h ^ (h >>> 31)) & 0x7fffffffL;
    }
}
