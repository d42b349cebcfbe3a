package io.imgdiff.model.imagegen;

import io.imgdiff.config.StagesConfig;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.PairGenerator.GeneratedPair;
import io.imgdiff.model.builtin.StagesFixture;
import io.imgdiff.model.http.EndpointConfigException;
import io.imgdiff.model.http.EndpointUnavailableException;
import io.imgdiff.model.imagegen.ImageGenStub.Reply;
import io.imgdiff.testing.StubServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code http} generate backend against a protocol-faithful stub of an image service: wire format, failures. */
class HttpPairGeneratorTest {

    private static final String KEY = "sk-imagegen-0123456789";
    private static final EditOutput CAPTIONS = new EditOutput("a cat sitting next to a cup on a table",
            "a dog sitting next to a cup on a table", List.of("cat"), List.of("dog"));
    private static final long SEED = -7_123_456_789_012_345_678L;

    private final ImageGenStub stub = ImageGenStub.start(KEY);
    /** Waits the client asked for, recorded instead of slept. */
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        stub.close();
    }

    private HttpPairGenerator generator(String key, String... keyValues) {
        List<String> kv = new ArrayList<>(List.of("retry-backoff", "100ms", "retry-backoff-max", "5s",
                "max-retries", "3"));
        kv.addAll(List.of(keyValues));
        return new HttpPairGenerator(new ImageGenClient(stub.config(key, kv.toArray(String[]::new)), waits::add),
                40_000_000);
    }

    private static StagesConfig.Generate settings(String... keyValues) {
        List<String> kv = new ArrayList<>(List.of("generate.width", "96", "generate.height", "64"));
        kv.addAll(List.of(keyValues));
        return StagesFixture.stages(kv.toArray(String[]::new)).generate();
    }

    private static RgbImage gradient(int w, int h, int shift) {
        RgbImage img = RgbImage.blank(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                img.rgb()[o] = (byte) (x * 255 / w);
                img.rgb()[o + 1] = (byte) (y * 255 / h);
                img.rgb()[o + 2] = (byte) shift;
            }
        }
        return img;
    }

    @Test
    void theRequestCarriesTheCaptionsSeedAndSettingsAndTheImagesComeBackDecoded() {
        GeneratedPair pair = generator(KEY).generate(CAPTIONS, settings("generate.steps", "30",
                "generate.guidance", "5.5"), SEED);

        assertEquals(1, stub.received().size());
        ImageGenStub.Received r = stub.received().get(0);
        assertEquals(CAPTIONS.captionA(), r.promptA());
        assertEquals(CAPTIONS.captionB(), r.promptB());
        assertEquals(SEED, r.seed(), "the item seed goes as a full 64-bit integer");
        assertEquals(96, r.width());
        assertEquals(64, r.height());
        assertEquals(30, r.steps());
        assertEquals(5.5, r.guidance());
        assertEquals("Bearer " + KEY, r.authorization());
        assertEquals(List.of("guidance", "height", "prompt_a", "prompt_b", "seed", "steps", "width"),
                fieldNames(r), "exactly the protocol's fields");

        GeneratedPair served = ImageGenStub.draw(r);
        assertEquals(96, pair.a().width());
        assertEquals(64, pair.a().height());
        assertArrayEquals(served.a().rgb(), pair.a().rgb(), "A as the service drew it (PNG is lossless)");
        assertArrayEquals(served.b().rgb(), pair.b().rgb(), "B as the service drew it");
        assertFalse(Arrays.equals(pair.a().rgb(), pair.b().rgb()), "the stub's pair differs");
        assertEquals(List.of(), pair.truth(), "a diffusion model knows no boxes");
    }

    private static List<String> fieldNames(ImageGenStub.Received r) {
        List<String> names = new ArrayList<>();
        r.body().fieldNames().forEachRemaining(names::add);
        names.sort(String::compareTo);
        return names;
    }

    @Test
    void theDefaultsAreFiftyStepsAndGuidanceSevenAndAHalf() {
        generator(KEY).generate(CAPTIONS, settings(), 1);
        assertEquals(50, stub.received().get(0).steps());
        assertEquals(7.5, stub.received().get(0).guidance());
    }

    @Test
    void noKeyConfiguredSendsNoAuthorization() {
        try (ImageGenStub open = ImageGenStub.start(null)) {
            new HttpPairGenerator(new ImageGenClient(open.config((String) null)), 40_000_000).generate(CAPTIONS, settings(), 1);
            assertNull(open.received().get(0).authorization());
        }
    }

    @Test
    void a503WithRetryAfterIsWaitedForThenTheRequestSucceeds() {
        stub.enqueue(Reply.error(503, "pipeline is loading", "2"), Reply.error(429, "queue full", null));
        GeneratedPair pair = generator(KEY).generate(CAPTIONS, settings(), 5);
        assertEquals(96, pair.a().width());
        assertEquals(3, stub.received().size());
        assertEquals(2, waits.size());
        assertEquals(Duration.ofSeconds(2), waits.get(0), "Retry-After replaces the backoff");
        assertTrue(waits.get(1).toMillis() >= 100 && waits.get(1).toMillis() <= 200, "backoff of attempt 2: "
                + waits.get(1));
        stub.received().forEach(r -> assertEquals(5, r.seed(), "a retry resends the same request"));
    }

    @Test
    void aTimeoutIsRetriedThenTheRequestSucceeds() {
        stub.enqueue(Reply.slow(Duration.ofSeconds(3), Reply.drawn()));
        GeneratedPair pair = generator(KEY, "request-timeout", "400ms").generate(CAPTIONS, settings(), 5);
        assertEquals(64, pair.a().height());
        assertEquals(2, stub.received().size());
        assertEquals(1, waits.size());
    }

    @Test
    void aServiceThatStaysDownIsATransientFailureNamingTheTimeoutSetting() {
        stub.otherwise(r -> Reply.slow(Duration.ofSeconds(3), Reply.drawn()));
        EndpointUnavailableException e = assertThrows(EndpointUnavailableException.class,
                () -> generator(KEY, "request-timeout", "300ms", "max-retries", "1").generate(CAPTIONS, settings(), 5));
        assertTrue(e.getMessage().contains("after 2 attempts") && e.getMessage().contains(
                "no answer within imgdiff.models.imagegen.request-timeout"), e.getMessage());
        assertTrue(e.getMessage().contains("imagegen endpoint " + stub.baseUrl() + "/pairs"), e.getMessage());
    }

    @Test
    void aRequestTheServiceRefusesFailsTheItemAtOnceWithItsMessage() {
        stub.enqueue(Reply.error(400, "prompt_b is longer than 77 CLIP tokens", null));
        BadInputException e = assertThrows(BadInputException.class,
                () -> generator(KEY).generate(CAPTIONS, settings(), 5));
        assertTrue(e.getMessage().contains("HTTP 400: prompt_b is longer than 77 CLIP tokens"), e.getMessage());
        assertTrue(e.getMessage().contains("refused this item's request"), e.getMessage());
        assertEquals(1, stub.hits(), "not retried");

        BadInputException unprocessable = assertThrows(BadInputException.class,
                () -> generator(KEY).generate(CAPTIONS, settings("generate.width", "9000"), 5));
        assertTrue(unprocessable.getMessage().contains("HTTP 422") && unprocessable.getMessage().contains("width"),
                unprocessable.getMessage());
        assertEquals(2, stub.hits());
    }

    @Test
    void garbageOrNonImageDataFailsTheItemWithAClearReason() {
        String png = Base64.getEncoder().encodeToString(ImageCodec.encodePng(gradient(96, 64, 0)));
        stub.enqueue(Reply.json(200, "{\"image_a\":\"" + png + "\",\"image_b\":\"%%% not base64 %%%\"}"));
        BadInputException garbage = assertThrows(BadInputException.class,
                () -> generator(KEY).generate(CAPTIONS, settings(), 5));
        assertTrue(garbage.getMessage().contains("image_b that is not valid base64"), garbage.getMessage());

        String text = Base64.getEncoder().encodeToString("sorry, the GPU is on fire".getBytes());
        stub.enqueue(Reply.json(200, "{\"image_a\":\"" + text + "\",\"image_b\":\"" + png + "\"}"));
        BadInputException notImage = assertThrows(BadInputException.class,
                () -> generator(KEY).generate(CAPTIONS, settings(), 5));
        assertTrue(notImage.getMessage().startsWith("image_a from imagegen endpoint " + stub.baseUrl()
                + "/pairs is not an image"), notImage.getMessage());
        assertTrue(notImage.getMessage().contains("sorry, the GPU"), notImage.getMessage());

        byte[] truncated = Arrays.copyOf(ImageCodec.encodePng(gradient(96, 64, 0)), 200);
        stub.enqueue(Reply.json(200, "{\"image_a\":\"" + png + "\",\"image_b\":\""
                + Base64.getEncoder().encodeToString(truncated) + "\"}"));
        BadInputException corrupt = assertThrows(BadInputException.class,
                () -> generator(KEY).generate(CAPTIONS, settings(), 5));
        assertTrue(corrupt.getMessage().contains("image_b from imagegen endpoint")
                && corrupt.getMessage().contains("corrupt or truncated PNG"), corrupt.getMessage());

        stub.enqueue(Reply.json(200, "{\"images\":[\"" + png + "\"]}"));
        BadInputException missing = assertThrows(BadInputException.class,
                () -> generator(KEY).generate(CAPTIONS, settings(), 5));
        assertTrue(missing.getMessage().contains("without image_a as a base64 string (found no such field)"),
                missing.getMessage());

        stub.enqueue(Reply.json(200, "<html>gateway</html>"));
        BadInputException html = assertThrows(BadInputException.class,
                () -> generator(KEY).generate(CAPTIONS, settings(), 5));
        assertTrue(html.getMessage().contains("no JSON") && html.getMessage().contains("gateway"), html.getMessage());
        assertEquals(5, stub.hits(), "a 200 that is not the protocol's answer is not retried");
    }

    @Test
    void aDataUrlPrefixAndLineBreaksInTheBase64AreTolerated() {
        RgbImage a = gradient(96, 64, 10);
        String wrapped = Base64.getMimeEncoder().encodeToString(ImageCodec.encodePng(a));
        assertTrue(wrapped.contains("\r\n"));
        stub.enqueue(Reply.json(200, "{\"image_a\":\"data:image/png;base64," + wrapped.replace("\r\n", "\\r\\n")
                + "\",\"image_b\":\"" + Base64.getEncoder().encodeToString(ImageCodec.encodeJpeg(a, 95))
                + "\",\"seed\":5,\"nsfw\":false}"));
        GeneratedPair pair = generator(KEY).generate(CAPTIONS, settings(), 5);
        assertArrayEquals(a.rgb(), pair.a().rgb());
        assertEquals(96, pair.b().width(), "JPEG decodes too");
    }

    @Test
    void bOfAnotherSizeIsResizedToA() {
        RgbImage a = gradient(96, 64, 0);
        RgbImage b = gradient(48, 40, 200);
        stub.enqueue(Reply.images(a, b));
        GeneratedPair pair = generator(KEY).generate(CAPTIONS, settings(), 5);
        assertEquals(96, pair.b().width());
        assertEquals(64, pair.b().height());
        assertArrayEquals(ImageCodec.matchSize(a, b).rgb(), pair.b().rgb(), "bilinear, as input normalisation");
        assertArrayEquals(a.rgb(), pair.a().rgb());
    }

    @Test
    void aOfAnotherSizeThanAskedForIsKept() {
        stub.enqueue(Reply.images(gradient(128, 80, 0), gradient(128, 80, 9)));
        GeneratedPair pair = generator(KEY).generate(CAPTIONS, settings(), 5);
        assertEquals(128, pair.a().width());
        assertEquals(80, pair.a().height());
        assertEquals(128, pair.b().width());
    }

    @Test
    void imagesOverTheMaxPixelLimitAreRefusedNamingTheSetting() {
        stub.enqueue(Reply.images(gradient(200, 200, 0), gradient(200, 200, 9)));
        HttpPairGenerator small = new HttpPairGenerator(new ImageGenClient(stub.config(KEY)), 10_000);
        BadInputException e = assertThrows(BadInputException.class, () -> small.generate(CAPTIONS,
                settings("generate.width", "100", "generate.height", "100"), 5));
        assertTrue(e.getMessage().contains("image_a from imagegen endpoint")
                && e.getMessage().contains("imgdiff.image.max-pixels"), e.getMessage());
    }

    @Test
    void aMissingBaseUrlIsAConfigurationErrorNamingTheSettingBeforeAnyRequest() {
        HttpPairGenerator none = new HttpPairGenerator(new ImageGenClient(StubServer.models(Map.of()).imagegen()), 40_000_000);
        EndpointConfigException e = assertThrows(EndpointConfigException.class,
                () -> none.generate(CAPTIONS, settings(), 5));
        assertTrue(e.getMessage().startsWith("imgdiff.models.imagegen.base-url is not set"), e.getMessage());

        HttpPairGenerator bad = new HttpPairGenerator(new ImageGenClient(StubServer.models(Map.of(
                "imgdiff.models.imagegen.base-url", "sdxl:8000")).imagegen()), 40_000_000);
        EndpointConfigException u = assertThrows(EndpointConfigException.class,
                () -> bad.generate(CAPTIONS, settings(), 5));
        assertTrue(u.getMessage().startsWith("imgdiff.models.imagegen.base-url 'sdxl:8000' is not a usable URL"),
                u.getMessage());
        assertEquals(0, stub.hits());
    }

    @Test
    void aRefusedKeyOrUnknownPathIsAConfigurationErrorNamingTheSettingAndNeverTheKey() {
        EndpointConfigException key = assertThrows(EndpointConfigException.class,
                () -> generator("sk-wrong-secret").generate(CAPTIONS, settings(), 5));
        assertTrue(key.getMessage().contains("imgdiff.models.imagegen.api-key") && key.getMessage().contains("401"),
                key.getMessage());
        assertFalse(key.getMessage().contains("sk-wrong-secret"), key.getMessage());
        assertEquals(1, stub.hits(), "a refused key is not retried");

        EndpointConfigException path = assertThrows(EndpointConfigException.class,
                () -> generator(KEY, "base-url", stub.baseUrl() + "/v1").generate(CAPTIONS, settings(), 5));
        assertTrue(path.getMessage().contains("404") && path.getMessage().contains("imgdiff.models.imagegen.base-url"),
                path.getMessage());
        assertTrue(path.getMessage().contains(stub.baseUrl() + "/v1/pairs"), path.getMessage());
    }

    @Test
    void badSettingsAreRefusedBeforeAnyRequest() {
        BadInputException steps = assertThrows(BadInputException.class,
                () -> generator(KEY).generate(CAPTIONS, settings("generate.steps", "0"), 5));
        assertTrue(steps.getMessage().startsWith("generate.steps is 0"), steps.getMessage());
        BadInputException guidance = assertThrows(BadInputException.class,
                () -> generator(KEY).generate(CAPTIONS, settings("generate.guidance", "NaN"), 5));
        assertTrue(guidance.getMessage().startsWith("generate.guidance is NaN"), guidance.getMessage());
        assertEquals(0, stub.hits());
    }
}
