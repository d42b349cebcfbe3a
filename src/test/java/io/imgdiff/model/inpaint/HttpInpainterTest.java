package io.imgdiff.model.inpaint;

import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.http.EndpointConfigException;
import io.imgdiff.model.http.EndpointUnavailableException;
import io.imgdiff.model.inpaint.InpaintStub.Reply;
import io.imgdiff.testing.StubServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
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

/** The {@code http} removal backend against a protocol-faithful stub of an inpainting service. */
class HttpInpainterTest {

    private static final String KEY = "sk-inpaint-0123456789";
    private static final Box BOX = new Box(20, 10, 50, 40);
    private static final long SEED = -7_123_456_789_012_345_678L;

    private final InpaintStub stub = InpaintStub.start(KEY);
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        stub.close();
    }

    private HttpInpainter inpainter(String key, String... keyValues) {
        List<String> kv = new ArrayList<>(List.of("retry-backoff", "100ms", "retry-backoff-max", "5s",
                "max-retries", "3"));
        kv.addAll(List.of(keyValues));
        return new HttpInpainter(new InpaintClient(stub.config(key, kv.toArray(String[]::new)), waits::add),
                40_000_000);
    }

    /** A grey scene with a red square on {@link #BOX}. */
    private static RgbImage scene() {
        RgbImage img = RgbImage.blank(96, 64);
        for (int p = 0; p < img.pixels(); p++) {
            boolean inside = BOX.x1() <= p % 96 && p % 96 < BOX.x2() && BOX.y1() <= p / 96 && p / 96 < BOX.y2();
            img.rgb()[p * 3] = (byte) (inside ? 220 : 100);
            img.rgb()[p * 3 + 1] = (byte) 100;
            img.rgb()[p * 3 + 2] = (byte) 100;
        }
        return img;
    }

    @Test
    void theRequestCarriesImageMaskBoxNounAndSeedAndTheFilledImageComesBack() {
        RgbImage a = scene();
        RgbImage b = inpainter(KEY).inpaint(a, BOX, "cat", 4, SEED);

        InpaintStub.Received r = stub.received().get(0);
        assertArrayEquals(a.rgb(), r.image().rgb(), "image A as PNG, lossless");
        assertEquals(BOX, r.box());
        assertEquals("cat", r.noun());
        assertEquals(SEED, r.seed(), "the item seed as a full 64-bit integer");
        assertEquals("Bearer " + KEY, r.authorization());
        List<String> fields = new ArrayList<>();
        r.body().fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("image", "mask", "box", "noun", "seed"), fields, "exactly the protocol's fields");
        // the mask is the box grown by 4 px: white inside, black outside
        assertEquals(255, r.mask().get(BOX.x1() - 4, BOX.y1() - 4, 0));
        assertEquals(255, r.mask().get(BOX.x2() + 3, BOX.y2() + 3, 0));
        assertEquals(0, r.mask().get(BOX.x1() - 5, BOX.y1(), 0));
        assertEquals(0, r.mask().get(BOX.x2() + 4, BOX.y1(), 0));
        assertArrayEquals(InpaintStub.fill(r).rgb(), b.rgb(), "B is the service's answer");
        assertEquals(100, b.get(30, 20, 0), "the red object is filled with the background's colour");
    }

    @Test
    void noKeyConfiguredSendsNoAuthorization() {
        try (InpaintStub open = InpaintStub.start(null)) {
            new HttpInpainter(new InpaintClient(open.config((String) null)), 40_000_000).inpaint(scene(), BOX, "cat",
                    0, 1);
            assertNull(open.received().get(0).authorization());
        }
    }

    @Test
    void a503WithRetryAfterAndA429AreRetriedThenTheRequestSucceeds() {
        stub.enqueue(Reply.error(503, "model is loading", "2"), Reply.error(429, "queue full", null));
        RgbImage b = inpainter(KEY).inpaint(scene(), BOX, "cat", 4, 5);
        assertEquals(96, b.width());
        assertEquals(3, stub.received().size());
        assertEquals(Duration.ofSeconds(2), waits.get(0), "Retry-After replaces the backoff");
        assertTrue(waits.get(1).toMillis() >= 100 && waits.get(1).toMillis() <= 200, "backoff: " + waits.get(1));
        stub.received().forEach(r -> assertEquals(5, r.seed(), "a retry resends the same request"));
    }

    @Test
    void aServiceThatStaysDownIsATransientFailureAndATooLongRetryAfterIsLeftToTheQueue() {
        stub.otherwise(r -> Reply.error(500, "CUDA out of memory", null));
        EndpointUnavailableException down = assertThrows(EndpointUnavailableException.class,
                () -> inpainter(KEY, "max-retries", "2").inpaint(scene(), BOX, "cat", 4, 5));
        assertTrue(down.getMessage().contains("after 3 attempts") && down.getMessage().contains("CUDA out of memory"),
                down.getMessage());
        assertTrue(down.getMessage().contains("inpaint endpoint " + stub.baseUrl() + "/inpaint"), down.getMessage());

        stub.otherwise(r -> Reply.error(503, "maintenance", "600"));
        EndpointUnavailableException later = assertThrows(EndpointUnavailableException.class,
                () -> inpainter(KEY).inpaint(scene(), BOX, "cat", 4, 5));
        assertTrue(later.getMessage().contains("longer than imgdiff.models.inpaint.retry-backoff-max"),
                later.getMessage());
    }

    @Test
    void aTimeoutIsRetried() {
        stub.enqueue(Reply.slow(Duration.ofSeconds(3), Reply.filled()));
        inpainter(KEY, "request-timeout", "400ms").inpaint(scene(), BOX, "cat", 4, 5);
        assertEquals(2, stub.received().size());
        assertEquals(1, waits.size());
    }

    @Test
    void aRefusedRequestFailsTheItemAtOnceWithTheServersMessage() {
        stub.enqueue(Reply.error(400, "noun 'cat' is not in the removal vocabulary", null));
        BadInputException e = assertThrows(BadInputException.class,
                () -> inpainter(KEY).inpaint(scene(), BOX, "cat", 4, 5));
        assertTrue(e.getMessage().contains("HTTP 400: noun 'cat' is not in the removal vocabulary"), e.getMessage());
        assertEquals(1, stub.hits(), "not retried");
    }

    @Test
    void anAnswerThatIsNotTheProtocolsFailsTheItemWithAClearReasonWithoutRetry() {
        stub.enqueue(Reply.json(200, "{\"image\":\"%%% not base64 %%%\"}"));
        BadInputException garbage = assertThrows(BadInputException.class,
                () -> inpainter(KEY).inpaint(scene(), BOX, "cat", 4, 5));
        assertTrue(garbage.getMessage().contains("not valid base64"), garbage.getMessage());
        stub.enqueue(Reply.json(200, "{\"images\":[]}"));
        BadInputException missing = assertThrows(BadInputException.class,
                () -> inpainter(KEY).inpaint(scene(), BOX, "cat", 4, 5));
        assertTrue(missing.getMessage().contains("without image as a base64 string (found no such field)"),
                missing.getMessage());
        String text = Base64.getEncoder().encodeToString("the GPU is on fire".getBytes());
        stub.enqueue(Reply.json(200, "{\"image\":\"" + text + "\"}"));
        BadInputException notImage = assertThrows(BadInputException.class,
                () -> inpainter(KEY).inpaint(scene(), BOX, "cat", 4, 5));
        assertTrue(notImage.getMessage().startsWith("image from inpaint endpoint " + stub.baseUrl()
                + "/inpaint is not an image"), notImage.getMessage());
        assertEquals(3, stub.hits());
    }

    @Test
    void anAnswerOfAnotherSizeIsResizedToTheInput() {
        RgbImage small = RgbImage.blank(48, 32);
        stub.enqueue(Reply.image(small));
        RgbImage b = inpainter(KEY).inpaint(scene(), BOX, "cat", 4, 5);
        assertEquals(96, b.width());
        assertEquals(64, b.height());
        assertArrayEquals(ImageCodec.matchSize(scene(), small).rgb(), b.rgb());
    }

    @Test
    void configurationErrorsNameTheSettingAndNeverTheKey() {
        EndpointConfigException none = assertThrows(EndpointConfigException.class, () -> new HttpInpainter(
                new InpaintClient(StubServer.models(Map.of()).inpaint()), 1 << 20).inpaint(scene(), BOX, "cat", 4, 5));
        assertTrue(none.getMessage().startsWith("imgdiff.models.inpaint.base-url is not set"), none.getMessage());
        EndpointConfigException bad = assertThrows(EndpointConfigException.class, () -> new HttpInpainter(
                new InpaintClient(StubServer.models(Map.of("imgdiff.models.inpaint.base-url", "lama:8000")).inpaint()),
                1 << 20).inpaint(scene(), BOX, "cat", 4, 5));
        assertTrue(bad.getMessage().contains("'lama:8000' is not a usable URL"), bad.getMessage());
        assertEquals(0, stub.hits());

        EndpointConfigException key = assertThrows(EndpointConfigException.class,
                () -> inpainter("sk-wrong-secret").inpaint(scene(), BOX, "cat", 4, 5));
        assertTrue(key.getMessage().contains("imgdiff.models.inpaint.api-key") && key.getMessage().contains("401"),
                key.getMessage());
        assertFalse(key.getMessage().contains("sk-wrong-secret"), key.getMessage());
        assertEquals(1, stub.hits(), "a refused key is not retried");

        EndpointConfigException path = assertThrows(EndpointConfigException.class,
                () -> inpainter(KEY, "base-url", stub.baseUrl() + "/v1").inpaint(scene(), BOX, "cat", 4, 5));
        assertTrue(path.getMessage().contains("404") && path.getMessage().contains("imgdiff.models.inpaint.base-url"),
                path.getMessage());
    }

    @Test
    void aBoxOutsideTheImageIsRefusedBeforeAnyRequest() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> inpainter(KEY).inpaint(scene(), new Box(90, 0, 100, 10), "cat", 4, 5));
        assertTrue(e.getMessage().contains("outside the 96x64 image"), e.getMessage());
        assertEquals(0, stub.hits());
    }
}
