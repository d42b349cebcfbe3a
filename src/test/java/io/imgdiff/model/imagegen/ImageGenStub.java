package io.imgdiff.model.imagegen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.builtin.CaptionDiff;
import io.imgdiff.model.builtin.CocoLexicon;
import io.imgdiff.model.builtin.ProceduralPairGenerator;
import io.imgdiff.model.builtin.StagesFixture;
import io.imgdiff.model.PairGenerator;
import io.imgdiff.testing.StubServer;

import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A stand-in for an image-generation service speaking the imgdiff pair protocol v1 on 127.0.0.1 and an ephemeral
 * port, checking what such a server (FastAPI in front of a diffusers pipeline) checks, in the same order and with
 * the same codes: path (404), method (405), {@code Authorization: Bearer} (401), a JSON body (400), the seven
 * fields with their types and ranges (422, FastAPI's {@code {"detail": [...]}} shape). A valid request is recorded
 * and answered by the next scripted {@link Reply}, else by the fallback: by default the pair the built-in
 * procedural renderer draws for the two prompts and the seed, at the requested size, as base64 PNGs.
 */
public final class ImageGenStub extends StubServer<ImageGenStub, ImageGenStub.Received, ImageGenStub.Reply> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CaptionDiff DIFF = new CaptionDiff(CocoLexicon.load());
    private static final ProceduralPairGenerator RENDERER = new ProceduralPairGenerator();

    /** One accepted request, decoded. */
    public record Received(String promptA, String promptB, long seed, int width, int height, int steps,
                           double guidance, String authorization, JsonNode body) {
    }

    /** What the stub does with one accepted request. */
    public sealed interface Reply {
        /** 200 with the procedurally drawn pair of the request. */
        static Reply drawn() {
            return new Drawn();
        }

        /** 200 with these images' PNGs. */
        static Reply images(RgbImage a, RgbImage b) {
            return json(200, "{\"image_a\":\"" + Base64.getEncoder().encodeToString(ImageCodec.encodePng(a))
                    + "\",\"image_b\":\"" + Base64.getEncoder().encodeToString(ImageCodec.encodePng(b)) + "\"}");
        }

        /** An error as FastAPI sends it ({@code {"detail": message}}), with {@code Retry-After} when not null. */
        static Reply error(int status, String message, String retryAfter) {
            return new Raw(status, "application/json", JSON.createObjectNode().put("detail", message).toString(),
                    retryAfter);
        }

        /** Any status and JSON body. */
        static Reply json(int status, String body) {
            return new Raw(status, "application/json", body, null);
        }

        /** {@code then}, after {@code delay}. */
        static Reply slow(Duration delay, Reply then) {
            return new Slow(delay, then);
        }
    }

    record Drawn() implements Reply {
    }

    record Raw(int status, String contentType, String body, String retryAfter) implements Reply {
    }

    record Slow(Duration delay, Reply then) implements Reply {
    }

    private final String apiKey;

    private ImageGenStub(String apiKey) {
        super("imagegen-stub", r -> Reply.drawn());
        this.apiKey = apiKey;
    }

    /** A stub; {@code apiKey} null accepts requests without a key. */
    public static ImageGenStub start(String apiKey) {
        return new ImageGenStub(apiKey).serve();
    }

    /** The root clients are configured with: {@code http://127.0.0.1:port}. */
    public String baseUrl() {
        return root();
    }

    /** The pair the default reply draws for {@code r}. */
    public static PairGenerator.GeneratedPair draw(Received r) {
        return RENDERER.generate(DIFF.diff(r.promptA(), r.promptB()), StagesFixture.stages("generate.width",
                String.valueOf(r.width()), "generate.height", String.valueOf(r.height())).generate(), r.seed());
    }

    /** {@code imgdiff.models.imagegen.*} of this stub's {@code base-url}, {@code key} and {@code keyValues}. */
    public ImgdiffConfig.ImageGenConfig config(String key, String... keyValues) {
        return StubServer.models(StubServer.endpoint("imgdiff.models.imagegen.", baseUrl(), key, keyValues))
                .imagegen();
    }

    @Override
    protected void handle(HttpExchange ex, byte[] body) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/pairs")) {
            send(ex, Reply.json(404, "{\"detail\":\"Not Found\"}"));
            return;
        }
        if (!ex.getRequestMethod().equals("POST")) {
            send(ex, Reply.json(405, "{\"detail\":\"Method Not Allowed\"}"));
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (apiKey != null && !("Bearer " + apiKey).equals(auth)) {
            send(ex, Reply.error(401, "Invalid or missing API key", null));
            return;
        }
        Received r;
        try {
            r = validate(body, auth, ex.getRequestHeaders().getFirst("Content-Type"));
        } catch (Invalid e) {
            send(ex, e.status == 422 ? Reply.json(422, unprocessable(e)) : Reply.error(e.status, e.getMessage(), null));
            return;
        }
        reply(ex, answer(r), r);
    }

    private static final class Invalid extends Exception {
        final int status;
        final String field;

        Invalid(int status, String field, String message) {
            super(message);
            this.status = status;
            this.field = field;
        }
    }

    /** FastAPI's 422 body: {@code {"detail": [{"loc": ["body", field], "msg", "type"}]}}. */
    private static String unprocessable(Invalid e) {
        var error = JSON.createObjectNode();
        error.putArray("loc").add("body").add(e.field);
        error.put("msg", e.getMessage());
        error.put("type", "value_error");
        var root = JSON.createObjectNode();
        root.putArray("detail").add(error);
        return root.toString();
    }

    private static Received validate(byte[] body, String auth, String contentType) throws Invalid {
        if (contentType == null || !contentType.startsWith("application/json")) {
            throw new Invalid(400, "", "Content-Type must be application/json, got " + contentType);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new Invalid(400, "", "body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Invalid(422, "", "body must be a JSON object");
        }
        for (String f : List.of("prompt_a", "prompt_b")) {
            if (!root.path(f).isTextual() || root.get(f).asText().isBlank()) {
                throw new Invalid(422, f, "field required: a non-empty string");
            }
        }
        if (!root.path("seed").isIntegralNumber() || !root.get("seed").canConvertToLong()) {
            throw new Invalid(422, "seed", "field required: a 64-bit integer");
        }
        for (String f : List.of("width", "height", "steps")) {
            if (!root.path(f).isIntegralNumber() || root.get(f).asLong() < 1 || root.get(f).asLong() > 8192) {
                throw new Invalid(422, f, "field required: an integer in 1..8192");
            }
        }
        if (!root.path("guidance").isNumber()) {
            throw new Invalid(422, "guidance", "field required: a number");
        }
        return new Received(root.get("prompt_a").asText(), root.get("prompt_b").asText(), root.get("seed").asLong(),
                root.get("width").asInt(), root.get("height").asInt(), root.get("steps").asInt(),
                root.get("guidance").asDouble(), auth, root);
    }

    private void reply(HttpExchange ex, Reply reply, Received r) throws IOException {
        if (reply instanceof Slow s) {
            if (StubServer.sleep(s.delay())) {
                reply(ex, s.then(), r);
            }
        } else if (reply instanceof Drawn) {
            PairGenerator.GeneratedPair pair = draw(r);
            send(ex, (Raw) Reply.images(pair.a(), pair.b()));
        } else {
            send(ex, (Raw) reply);
        }
    }

    private static void send(HttpExchange ex, Reply reply) throws IOException {
        Raw raw = (Raw) reply;
        StubServer.send(ex, raw.status(), raw.contentType(), raw.body(), raw.retryAfter());
    }
}
