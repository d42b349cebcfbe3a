package io.imgdiff.model.inpaint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;
import io.imgdiff.testing.StubServer;

import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A stand-in for an inpainting service speaking the imgdiff inpaint protocol v1 on 127.0.0.1 and an ephemeral port,
 * checking what such a server (FastAPI in front of LaMa or an SDXL inpainting pipeline) checks, in order and with the
 * same codes: path (404), method (405), {@code Authorization: Bearer} (401), a JSON body (400), then the fields
 * (422, FastAPI's {@code {"detail": [...]}}): {@code image} and {@code mask} base64 images of one size, {@code box} four
 * integers inside the image, {@code noun} a non-empty string, {@code seed} a 64-bit integer. A valid request is
 * recorded and answered by the next scripted {@link Reply}, else by the fallback: the image with every masked pixel
 * set to the mean colour of the unmasked ones (a crude but honest fill).
 */
public final class InpaintStub extends StubServer<InpaintStub, InpaintStub.Received, InpaintStub.Reply> {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One accepted request, decoded. */
    public record Received(RgbImage image, RgbImage mask, Box box, String noun, long seed, String authorization,
                           JsonNode body) {
    }

    /** What the stub does with one accepted request. */
    public sealed interface Reply {
        /** 200 with the masked pixels filled by the mean colour of the rest. */
        static Reply filled() {
            return new Filled();
        }

        /** 200 with this image's PNG. */
        static Reply image(RgbImage img) {
            return json(200, "{\"image\":\"" + Base64.getEncoder().encodeToString(ImageCodec.encodePng(img)) + "\"}");
        }

        /** An error as FastAPI sends it ({@code {"detail": message}}), with {@code Retry-After} when not null. */
        static Reply error(int status, String message, String retryAfter) {
            return new Raw(status, JSON.createObjectNode().put("detail", message).toString(), retryAfter);
        }

        static Reply json(int status, String body) {
            return new Raw(status, body, null);
        }

        static Reply slow(Duration delay, Reply then) {
            return new Slow(delay, then);
        }
    }

    record Filled() implements Reply {
    }

    record Raw(int status, String body, String retryAfter) implements Reply {
    }

    record Slow(Duration delay, Reply then) implements Reply {
    }

    private final String apiKey;

    private InpaintStub(String apiKey) {
        super("inpaint-stub", r -> Reply.filled());
        this.apiKey = apiKey;
    }

    /** A stub; {@code apiKey} null accepts requests without a key. */
    public static InpaintStub start(String apiKey) {
        return new InpaintStub(apiKey).serve();
    }

    public String baseUrl() {
        return root();
    }

    /** {@code imgdiff.models.inpaint.*} of this stub's {@code base-url}, {@code key} and {@code keyValues}. */
    public ImgdiffConfig.InpaintConfig config(String key, String... keyValues) {
        return StubServer.models(StubServer.endpoint("imgdiff.models.inpaint.", baseUrl(), key, keyValues)).inpaint();
    }

    /** The default reply's image for {@code r}. */
    public static RgbImage fill(Received r) {
        RgbImage out = new RgbImage(r.image().width(), r.image().height(), r.image().rgb().clone());
        long[] sum = new long[3];
        long n = 0;
        for (int p = 0; p < out.pixels(); p++) {
            if (r.mask().rgb()[p * 3] == 0) {
                for (int c = 0; c < 3; c++) {
                    sum[c] += out.rgb()[p * 3 + c] & 0xFF;
                }
                n++;
            }
        }
        for (int p = 0; p < out.pixels(); p++) {
            if (r.mask().rgb()[p * 3] != 0) {
                for (int c = 0; c < 3; c++) {
                    out.rgb()[p * 3 + c] = (byte) (n == 0 ? 0 : sum[c] / n);
                }
            }
        }
        return out;
    }

    @Override
    protected void handle(HttpExchange ex, byte[] body) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/inpaint")) {
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
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            send(ex, Reply.error(400, "Content-Type must be application/json, got " + type, null));
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            send(ex, Reply.error(400, "body is not valid JSON", null));
            return;
        }
        String invalid = invalid(root);
        if (invalid != null) {
            var error = JSON.createObjectNode();
            error.putArray("loc").add("body").add(invalid.substring(0, invalid.indexOf(':')));
            error.put("msg", invalid);
            error.put("type", "value_error");
            var detail = JSON.createObjectNode();
            detail.putArray("detail").add(error);
            send(ex, Reply.json(422, detail.toString()));
            return;
        }
        Received r = new Received(decode(root.get("image")), decode(root.get("mask")), box(root.get("box")),
                root.get("noun").asText(), root.get("seed").asLong(), auth, root);
        reply(ex, answer(r), r);
    }

    /** The first field that breaks the protocol, as "field: why"; null when the request is valid. */
    private static String invalid(JsonNode root) {
        if (root == null || !root.isObject()) {
            return "body: must be a JSON object";
        }
        RgbImage image = null;
        for (String f : List.of("image", "mask")) {
            RgbImage img = root.path(f).isTextual() ? decodeOrNull(root.get(f)) : null;
            if (img == null) {
                return f + ": a base64 PNG or JPEG is required";
            }
            if (image != null && (img.width() != image.width() || img.height() != image.height())) {
                return "mask: must have the image's size " + image.width() + "x" + image.height();
            }
            image = img;
        }
        JsonNode b = root.path("box");
        if (!b.isArray() || b.size() != 4 || !b.get(0).isInt() || !b.get(1).isInt() || !b.get(2).isInt()
                || !b.get(3).isInt() || b.get(0).asInt() < 0 || b.get(1).asInt() < 0
                || b.get(2).asInt() > image.width() || b.get(3).asInt() > image.height()
                || b.get(0).asInt() >= b.get(2).asInt() || b.get(1).asInt() >= b.get(3).asInt()) {
            return "box: four integers [x1, y1, x2, y2] inside the image, x1 < x2, y1 < y2";
        }
        if (!root.path("noun").isTextual() || root.get("noun").asText().isBlank()) {
            return "noun: a non-empty string is required";
        }
        if (!root.path("seed").isIntegralNumber() || !root.get("seed").canConvertToLong()) {
            return "seed: a 64-bit integer is required";
        }
        return null;
    }

    private static RgbImage decodeOrNull(JsonNode n) {
        try {
            return decode(n);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static RgbImage decode(JsonNode n) {
        return ImageCodec.decode(Base64.getDecoder().decode(n.asText()), 1 << 26);
    }

    private static Box box(JsonNode b) {
        return new Box(b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(), b.get(3).asInt());
    }

    private void reply(HttpExchange ex, Reply reply, Received r) throws IOException {
        if (reply instanceof Slow s) {
            if (StubServer.sleep(s.delay())) {
                reply(ex, s.then(), r);
            }
        } else if (reply instanceof Filled) {
            send(ex, Reply.image(fill(r)));
        } else {
            send(ex, reply);
        }
    }

    private static void send(HttpExchange ex, Reply reply) throws IOException {
        Raw raw = (Raw) reply;
        StubServer.send(ex, raw.status(), "application/json", raw.body(), raw.retryAfter());
    }
}
