package io.imgdiff.model.openai;

import io.imgdiff.detect.NounDiff;
import io.imgdiff.item.EditOutput;
import io.imgdiff.model.CaptionEditor;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The paper's caption editing with an LLM behind an OpenAI-compatible chat endpoint: the model is asked to replace
 * one entity of the caption and to answer with the sentence only (temperature 0.9, top_p 0.95, as the reference
 * code samples); the changed nouns come from {@link NounDiff}'s word diff of the two captions. An answer that
 * changes no noun, only removes one, or changes more than one object is no edit: the stage drops the item as
 * {@value #NOT_ONE_OBJECT}, keeping the answer as its {@code captionB}.
 * The request's seed is derived from the item seed, so a rerun gets the same answer where the server honours it.
 */
public class OpenAiCaptionEditor implements CaptionEditor {

    static final double TEMPERATURE = 0.9;
    static final double TOP_P = 0.95;
    /** A caption is one sentence; a longer answer is cut off and retried rather than used. */
    static final int MAX_TOKENS = 256;

    static final String PROMPT = """
            Here is a sentence describing a picture:
            "%s"
            Rewrite the sentence so that exactly one entity in it (an animal, a vehicle, a piece of furniture, a food, \
            an everyday object…) is replaced by a different entity. Change nothing else in the sentence. \
            Answer with the rewritten sentence only.""";

    /** Labels models like to put before the sentence ("Modified sentence: …"). */
    private static final Pattern LABEL = Pattern.compile(
            "^(?i)(?:(?:the\\s+)?(?:new|modified|edited|rewritten|revised)\\s+)?(?:sentence|caption|answer|output)"
                    + "\\s*:\\s*");
    /** Reasoning models (Qwen3, DeepSeek-R1) may think aloud before answering. */
    private static final Pattern THINKING = Pattern.compile("(?s)<think>.*?</think>");
    private static final String QUOTES = "\"'`“”‘’*";

    private final OpenAiClient client;
    private final NounDiff nouns;

    public OpenAiCaptionEditor(OpenAiClient client) {
        this(client, new NounDiff());
    }

    OpenAiCaptionEditor(OpenAiClient client, NounDiff nouns) {
        this.client = client;
        this.nouns = nouns;
    }

    /** Drop reason of an answer that does not replace exactly one object. */
    public static final String NOT_ONE_OBJECT = "not-one-object";

    @Override
    public Optional<EditOutput> edit(String caption, long seed) {
        return attempt(caption, seed).output();
    }

    @Override
    public Attempt attempt(String caption, long seed) {
        ChatRequest request = new ChatRequest(List.of(new ChatRequest.Text(PROMPT.formatted(caption))),
                TEMPERATURE, TOP_P, MAX_TOKENS, requestSeed(seed));
        String edited = client.chat(request, OpenAiCaptionEditor::sentence);
        return oneObjectReplaced(caption, edited).map(Attempt::edited)
                .orElseGet(() -> Attempt.rejected(NOT_ONE_OBJECT, edited));
    }

    /**
     * The pair when {@code edited} replaces one object of {@code caption}: on each side the changed nouns are one
     * noun, or two adjacent ones ("teddy bear"); anything else is empty.
     */
    Optional<EditOutput> oneObjectReplaced(String caption, String edited) {
        NounDiff.Changed changed = nouns.diff(caption, edited);
        if (!oneObject(caption, changed.a()) || !oneObject(edited, changed.b())) {
            return Optional.empty();
        }
        return Optional.of(new EditOutput(caption, edited, changed.a(), changed.b()));
    }

    private boolean oneObject(String sentence, List<String> changed) {
        if (changed.size() == 1) {
            return true;
        }
        if (changed.size() != 2) {
            return false;
        }
        List<String> words = nouns.lemmas(sentence);
        return Math.abs(words.indexOf(changed.get(0)) - words.indexOf(changed.get(1))) == 1;
    }

    /** The sentence in an answer: thinking and labels removed, the first line with text that is no preamble, unquoted. */
    static String sentence(ChatAnswer answer) throws OpenAiClient.UnusableAnswerException {
        if (answer.truncated()) {
            throw new OpenAiClient.UnusableAnswerException("the answer was cut off at max_tokens " + MAX_TOKENS
                    + "; expected one sentence");
        }
        String text = THINKING.matcher(answer.content()).replaceAll("").strip();
        // "Sure! Here is the sentence:" on a line of its own introduces the answer rather than being it
        String line = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.endsWith(":")).findFirst()
                .orElse("");
        line = LABEL.matcher(line).replaceFirst("");
        line = unquote(line);
        if (line.isEmpty()) {
            throw new OpenAiClient.UnusableAnswerException("the answer is empty; expected the rewritten sentence");
        }
        return line;
    }

    private static String unquote(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && QUOTES.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && QUOTES.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end).strip();
    }

    /**
     * The item seed folded to 31 bits: OpenAI and vLLM take any 64-bit seed, but llama.cpp and others read it as a
     * 32-bit integer.
     */
    static long requestSeed(long itemSeed) {
        return (itemSeed ^ (itemSeed >>> 31) ^ (itemSeed >>> 62)) & 0x7fffffffL;
    }
}
