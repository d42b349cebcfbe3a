package io.imgdiff.model.openai;

import io.imgdiff.model.openai.OpenAiStub.Reply;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts an {@link OpenAiStub} serving an LLM ({@value #LLM}) and a vision model ({@value #VLM}) with key
 * {@value #KEY}, and points {@code imgdiff.models.openai.*} at it. The LLM swaps the first noun of
 * {@link #SWAPS} it finds in the quoted caption; the vision model describes a crop by its mean colour and a
 * side-by-side picture (its prompt says so) by echoing the two region captions from its prompt.
 */
public class OpenAiStubResource implements QuarkusTestResourceLifecycleManager {

    static final String KEY = "sk-e2e-secret";
    static final String LLM = "qwen2-7b-instruct";
    static final String VLM = "llava-hf/llava-v1.6-mistral-7b-hf";
    static final Map<String, String> SWAPS = Map.of("cat", "dog", "car", "bus", "cup", "bowl", "chair", "couch",
            "apple", "banana");

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern REGIONS = Pattern.compile("left image shows: (.*)\\n.*right image shows: (.*)\\n");

    private static volatile OpenAiStub stub;

    /** The running stub, for assertions on what it received. */
    static OpenAiStub stub() {
        return stub;
    }

    @Override
    public Map<String, String> start() {
        stub = OpenAiStub.start(KEY, LLM, VLM).otherwise(OpenAiStubResource::answer);
        return Map.of(
                "imgdiff.models.openai.base-url", stub.baseUrl(),
                "imgdiff.models.openai.api-key", KEY,
                "imgdiff.models.openai.text.model", LLM,
                "imgdiff.models.openai.vision.model", VLM,
                "imgdiff.models.openai.retry-backoff", "10ms",
                "imgdiff.models.openai.max-retries", "2");
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
    }

    /** What the LLM makes of {@code caption}: its first swappable noun replaced, or the caption unchanged. */
    static String edited(String caption) {
        for (String word : caption.split(" ")) {
            if (SWAPS.containsKey(word)) {
                return caption.replaceFirst("\\b" + word + "\\b", SWAPS.get(word));
            }
        }
        return caption;
    }

    private static Reply answer(OpenAiStub.Received r) {
        if (r.model().equals(LLM)) {
            Matcher m = QUOTED.matcher(r.text());
            return Reply.answer(m.find() ? "Modified sentence: " + edited(m.group(1)) : "?");
        }
        BufferedImage img = r.images().get(0);
        if (r.text().contains("side by side")) {
            Matcher m = REGIONS.matcher(r.text());
            return Reply.answer(m.find() ? "stub difference: " + m.group(1) + " became " + m.group(2) : "?");
        }
        return Reply.answer("stub region of colour " + meanColour(img));
    }

    private static String meanColour(BufferedImage img) {
        long[] sum = new long[3];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                sum[0] += (rgb >> 16) & 0xff;
                sum[1] += (rgb >> 8) & 0xff;
                sum[2] += rgb & 0xff;
            }
        }
        long n = (long) img.getWidth() * img.getHeight();
        return String.format("#%02x%02x%02x", sum[0] / n, sum[1] / n, sum[2] / n);
    }
}
