package io.imgdiff.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.testing.StubServer;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stand-in for an OpenAI-compatible server (vLLM's {@code /v1/chat/completions}) on 127.0.0.1 and an ephemeral
 * port. It checks what a real server checks, in the same order and with the same status codes: path (404), method
 * (405), {@code Authorization: Bearer} (401), a JSON body (400), a served {@code model} (404, vLLM's error shape),
 * {@code messages} of known roles whose content is a string or text / {@code image_url} parts, image parts being
 * base64 PNG data URLs that decode (400), and typed sampling fields (400). A valid request is recorded and answered
 * by the next scripted {@link Reply}, else by the fallback, in the real {@code chat.completion} shape.
 */
public final class OpenAiStub extends StubServer<OpenAiStub, OpenAiStub.Received, OpenAiStub.Reply> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** One accepted request, decoded. */
    public record Received(String model, String authorization, List<String> texts, List<BufferedImage> images,
                           double temperature, Double topP, Integer maxTokens, Long seed, JsonNode body) {

        /** All text of the request, parts joined by a blank line. */
        public String text() {
            return String.join("\n\n", texts);
        }
    }

    /** What the stub does with one accepted request. */
    public sealed interface Reply {
        /** 200 with a chat completion whose message content is {@code content}. */
        static Reply answer(String content) {
            return new Answer(content, "stop");
        }

        /** 200 with a chat completion that stopped for {@code finishReason} ({@code length}: cut at max_tokens). */
        static Reply answer(String content, String finishReason) {
            return new Answer(content, finishReason);
        }

        /** An OpenAI-shaped error ({@code {"error":{"message",…}}}). */
        static Reply error(int status, String message) {
            return new Failure(status, message, null);
        }

        /** 429 with {@code Retry-After: seconds}. */
        static Reply rateLimited(int retryAfterSeconds) {
            return new Failure(429, "Rate limit reached, retry later", String.valueOf(retryAfterSeconds));
        }

        /** Any status and body, e.g. a proxy's HTML page. */
        static Reply raw(int status, String contentType, String body) {
            return new Raw(status, contentType, body);
        }

        /** {@code then}, after {@code delay}. */
        static Reply slow(Duration delay, Reply then) {
            return new Slow(delay, then);
        }
    }

    record Answer(String content, String finishReason) implements Reply {
    }

    record Failure(int status, String message, String retryAfter) implements Reply {
    }

    record Raw(int status, String contentType, String body) implements Reply {
    }

    record Slow(Duration delay, Reply then) implements Reply {
    }

    private final String apiKey;
    private final Set<String> models;

    private OpenAiStub(String apiKey, Set<String> models) {
        super("openai-stub", r -> Reply.answer("ok"));
        this.apiKey = apiKey;
        this.models = models;
    }

    /** A stub serving {@code models}; {@code apiKey} null accepts requests without a key. */
    public static OpenAiStub start(String apiKey, String... models) {
        return new OpenAiStub(apiKey, Set.of(models)).serve();
    }

    /** The API root clients are configured with: {@code http://127.0.0.1:port/v1}. */
    public String baseUrl() {
        return root() + "/v1";
    }

    /**
     * An {@code imgdiff.models.openai} configuration through the real mapping: {@code base-url} of this stub, the
     * given key, and {@code keyValues} (names relative to {@code imgdiff.models.openai.}).
     */
    public ImgdiffConfig.OpenAiConfig config(String key, String... keyValues) {
        return config(StubServer.endpoint("imgdiff.models.openai.", baseUrl(), key, keyValues));
    }

    /** The mapping built from exactly {@code props} (full names). */
    public static ImgdiffConfig.OpenAiConfig config(Map<String, String> props) {
        return StubServer.models(props).openai();
    }

    @Override
    protected void handle(HttpExchange ex, byte[] body) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/v1/chat/completions")) {
            StubServer.send(ex, 404, "application/json", "{\"detail\":\"Not Found\"}", null);
            return;
        }
        if (!ex.getRequestMethod().equals("POST")) {
            StubServer.send(ex, 405, "application/json", "{\"detail\":\"Method Not Allowed\"}", null);
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (apiKey != null && !("Bearer " + apiKey).equals(auth)) {
            StubServer.send(ex, 401, "application/json", "{\"error\":\"Unauthorized\"}", null);
            return;
        }
        Received r;
        try {
            r = validate(body, auth, ex.getRequestHeaders().getFirst("Content-Type"));
        } catch (Invalid e) {
            reply(ex, new Failure(e.status, e.getMessage(), null), null);
            return;
        }
        reply(ex, answer(r), r);
    }

    private static final class Invalid extends Exception {
        final int status;

        Invalid(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private Received validate(byte[] body, String auth, String contentType) throws Invalid {
        if (contentType == null || !contentType.startsWith("application/json")) {
            throw new Invalid(400, "Content-Type must be application/json, got " + contentType);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new Invalid(400, "body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Invalid(400, "body must be a JSON object");
        }
        if (!root.path("model").isTextual()) {
            throw new Invalid(400, "model: field required (a string)");
        }
        String model = root.get("model").asText();
        if (!models.contains(model)) {
            throw new Invalid(404, "The model `" + model + "` does not exist.");
        }
        JsonNode messages = root.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new Invalid(400, "messages: a non-empty array is required");
        }
        List<String> texts = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        for (JsonNode m : messages) {
            String role = m.path("role").asText("");
            if (!Set.of("system", "user", "assistant").contains(role)) {
                throw new Invalid(400, "messages: unknown role '" + role + "'");
            }
            JsonNode content = m.path("content");
            if (content.isTextual()) {
                texts.add(content.asText());
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    switch (part.path("type").asText("")) {
                        case "text" -> {
                            if (!part.path("text").isTextual()) {
                                throw new Invalid(400, "text part without a string 'text'");
                            }
                            texts.add(part.get("text").asText());
                        }
                        case "image_url" -> images.add(image(part.path("image_url").path("url")));
                        default -> throw new Invalid(400, "unknown content part type '" + part.path("type") + "'");
                    }
                }
            } else {
                throw new Invalid(400, "messages: content must be a string or an array of parts");
            }
        }
        double temperature = number(root, "temperature", 0, 2, 1.0);
        Double topP = root.has("top_p") ? number(root, "top_p", 0, 1, 1.0) : null;
        Integer maxTokens = null;
        if (root.has("max_tokens")) {
            if (!root.get("max_tokens").isIntegralNumber() || root.get("max_tokens").asInt() < 1) {
                throw new Invalid(400, "max_tokens must be a positive integer");
            }
            maxTokens = root.get("max_tokens").asInt();
        }
        Long seed = null;
        if (root.has("seed")) {
            if (!root.get("seed").isIntegralNumber()) {
                throw new Invalid(400, "seed must be an integer");
            }
            seed = root.get("seed").asLong();
        }
        return new Received(model, auth, List.copyOf(texts), List.copyOf(images), temperature, topP, maxTokens, seed,
                root);
    }

    private static double number(JsonNode root, String field, double min, double max, double absent)
            throws Invalid {
        JsonNode n = root.get(field);
        if (n == null) {
            return absent;
        }
        if (!n.isNumber() || n.asDouble() < min || n.asDouble() > max) {
            throw new Invalid(400, field + " must be a number in [" + min + ", " + max + "], got " + n);
        }
        return n.asDouble();
    }

    private static BufferedImage image(JsonNode url) throws Invalid {
        String prefix = "data:image/png;base64,";
        if (!url.isTextual() || !url.asText().startsWith(prefix)) {
            throw new Invalid(400, "image_url.url must be a data:image/png;base64 URL");
        }
        byte[] png;
        try {
            png = Base64.getDecoder().decode(url.asText().substring(prefix.length()));
        } catch (IllegalArgumentException e) {
            throw new Invalid(400, "image_url.url is not valid base64");
        }
        if (png.length < 8 || !Arrays.equals(Arrays.copyOf(png, 8), PNG_SIGNATURE)) {
            throw new Invalid(400, "image_url.url does not hold a PNG");
        }
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            if (img == null) {
                throw new Invalid(400, "image_url.url holds an unreadable PNG");
            }
            return img;
        } catch (IOException e) {
            throw new Invalid(400, "image_url.url holds a corrupt PNG");
        }
    }

    private void reply(HttpExchange ex, Reply reply, Received r) throws IOException {
        if (reply instanceof Slow s) {
            if (StubServer.sleep(s.delay())) {
                reply(ex, s.then(), r);
            }
        } else if (reply instanceof Raw raw) {
            StubServer.send(ex, raw.status(), raw.contentType(), raw.body(), null);
        } else if (reply instanceof Failure e) {
            ObjectNode err = JSON.createObjectNode();
            ObjectNode inner = err.putObject("error");
            inner.put("message", e.message());
            inner.put("type", e.status() == 429 ? "rate_limit_exceeded" : "invalid_request_error");
            inner.put("code", e.status());
            StubServer.send(ex, e.status(), "application/json", err.toString(), e.retryAfter());
        } else if (reply instanceof Answer a) {
            StubServer.send(ex, 200, "application/json", completion(a, r), null);
        }
    }

    private String completion(Answer a, Received r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-" + hits());
        root.put("object", "chat.completion");
        root.put("created", System.currentTimeMillis() / 1000);
        root.put("model", r.model());
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", a.content());
        choice.put("finish_reason", a.finishReason());
        ObjectNode usage = root.putObject("usage");
        int prompt = r.text().split("\\s+").length + 576 * r.images().size();
        int completion = a.content().isBlank() ? 0 : a.content().split("\\s+").length;
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        return root.toString();
    }
}
