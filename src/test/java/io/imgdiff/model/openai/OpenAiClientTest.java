package io.imgdiff.model.openai;

import io.imgdiff.item.BadInputException;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.openai.OpenAiStub.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chat client against a protocol-faithful stub server: wire format, retries and how each failure ends. */
class OpenAiClientTest {

    private static final String KEY = "sk-test-0123456789";

    private final OpenAiStub stub = OpenAiStub.start(KEY, "llm", "vlm");
    /** Waits the client asked for, recorded instead of slept. */
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        stub.close();
    }

    private OpenAiClient client(String key, String... keyValues) {
        List<String> kv = new ArrayList<>(List.of("text.model", "llm", "vision.model", "vlm", "retry-backoff", "100ms",
                "retry-backoff-max", "5s", "max-retries", "3"));
        kv.addAll(List.of(keyValues));
        return new OpenAiClient(stub.config(key, kv.toArray(String[]::new)), OpenAiClient.Purpose.TEXT, waits::add);
    }

    private static ChatRequest hello() {
        return new ChatRequest(List.of(new ChatRequest.Text("say hello")), 0.7, 0.9, 16, 42L);
    }

    private static String content(ChatAnswer a) {
        return a.content();
    }

    @Test
    void requestsAreInTheOpenAiWireFormat() {
        RgbImage img = RgbImage.blank(30, 20);
        OpenAiClient vision = new OpenAiClient(stub.config(KEY, "vision.model", "vlm"), OpenAiClient.Purpose.VISION);
        assertEquals("ok", vision.chat(new ChatRequest(List.of(ChatRequest.Image.png(img),
                new ChatRequest.Text("what is this?")), 0.2, null, 1024, 7L), OpenAiClientTest::content));
        assertEquals("ok", client(KEY).chat(hello(), OpenAiClientTest::content));

        OpenAiStub.Received withImage = stub.received().get(0);
        assertEquals("vlm", withImage.model());
        assertEquals("Bearer " + KEY, withImage.authorization());
        assertEquals(1, withImage.images().size());
        assertEquals(30, withImage.images().get(0).getWidth());
        assertEquals(20, withImage.images().get(0).getHeight());
        assertEquals(List.of("what is this?"), withImage.texts());
        assertEquals(0.2, withImage.temperature());
        assertNull(withImage.topP(), "top_p is sent only when set");
        assertEquals(1024, withImage.maxTokens());
        assertEquals(7L, withImage.seed());
        assertEquals("image_url", withImage.body().at("/messages/0/content/0/type").asText());

        OpenAiStub.Received text = stub.received().get(1);
        assertEquals("llm", text.model());
        assertTrue(text.body().at("/messages/0/content").isTextual(), "text-only content goes as a plain string");
        assertEquals("user", text.body().at("/messages/0/role").asText());
        assertEquals(0.9, text.topP());
        assertEquals(42L, text.seed());
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedHonouringRetryAfterThenSucceed() {
        stub.enqueue(Reply.rateLimited(2), Reply.error(500, "engine overloaded"), Reply.error(503, "loading"));
        stub.otherwise(r -> Reply.answer("hello"));
        assertEquals("hello", client(KEY).chat(hello(), OpenAiClientTest::content));
        assertEquals(4, stub.received().size());
        assertEquals(3, waits.size());
        assertEquals(Duration.ofSeconds(2), waits.get(0), "Retry-After replaces the backoff");
        // backoff 100 ms doubled per retry, equal jitter: attempt 2 waits 100-200 ms, attempt 3 200-400 ms
        assertBetween(waits.get(1), 100, 200);
        assertBetween(waits.get(2), 200, 400);
        stub.received().forEach(r -> assertEquals(42L, r.seed(), "transport retries resend the same request"));
    }

    private static void assertBetween(Duration d, long minMs, long maxMs) {
        assertTrue(d.toMillis() >= minMs && d.toMillis() <= maxMs, d + " not in [" + minMs + ", " + maxMs + "] ms");
    }

    @Test
    void aServerThatStaysDownIsATransientFailureForTheQueueToRetry() {
        stub.otherwise(r -> Reply.error(503, "no healthy upstream"));
        RuntimeException e = assertThrows(RuntimeException.class, () -> client(KEY).chat(hello(),
                OpenAiClientTest::content));
        assertEquals(OpenAiUnavailableException.class, e.getClass(), "must not be a permanent failure: " + e);
        assertTrue(e.getMessage().contains("after 4 attempts") && e.getMessage().contains("503")
                && e.getMessage().contains("no healthy upstream"), e.getMessage());
        assertTrue(e.getMessage().contains(stub.baseUrl() + "/chat/completions"), e.getMessage());
        assertEquals(4, stub.received().size());
    }

    @Test
    void aRetryAfterLongerThanTheBackoffCapLeavesTheWaitToTheQueue() {
        stub.otherwise(r -> Reply.rateLimited(120));
        OpenAiUnavailableException e = assertThrows(OpenAiUnavailableException.class,
                () -> client(KEY).chat(hello(), OpenAiClientTest::content));
        assertTrue(e.getMessage().contains("Retry-After 120s"), e.getMessage());
        assertEquals(1, stub.received().size());
        assertTrue(waits.isEmpty(), "no wait of two minutes inside a job: " + waits);
    }

    @Test
    void aRefusedKeyIsAConfigurationErrorNamingTheSettingAndNeverTheKey() {
        OpenAiConfigException e = assertThrows(OpenAiConfigException.class,
                () -> client("sk-wrong-secret").chat(hello(), OpenAiClientTest::content));
        assertTrue(e.getMessage().contains("imgdiff.models.openai.api-key"), e.getMessage());
        assertTrue(e.getMessage().contains("401"), e.getMessage());
        assertFalse(e.getMessage().contains("sk-wrong-secret"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertEquals(1, stub.hits(), "a refused key is not retried");

        OpenAiConfigException none = assertThrows(OpenAiConfigException.class,
                () -> client(null).chat(hello(), OpenAiClientTest::content));
        assertTrue(none.getMessage().contains("imgdiff.models.openai.api-key is not set"), none.getMessage());
    }

    @Test
    void theEndpointsOwnKeyAndUrlOverrideTheSharedOnes() {
        try (OpenAiStub other = OpenAiStub.start("sk-text-only", "llm")) {
            OpenAiClient c = client("sk-shared-wrong", "text.base-url", other.baseUrl(), "text.api-key", "sk-text-only");
            assertEquals("ok", c.chat(hello(), OpenAiClientTest::content));
            assertEquals(1, other.received().size());
            assertEquals(0, stub.hits());
        }
        OpenAiConfigException e = assertThrows(OpenAiConfigException.class,
                () -> client("sk-shared-wrong", "text.api-key", "sk-also-wrong").chat(hello(), OpenAiClientTest::content));
        assertTrue(e.getMessage().contains("imgdiff.models.openai.text.api-key"), e.getMessage());
    }

    @Test
    void anUnknownModelOrPathIsAConfigurationErrorNamingTheSettings() {
        OpenAiConfigException model = assertThrows(OpenAiConfigException.class,
                () -> client(KEY, "text.model", "llama-9000").chat(hello(), OpenAiClientTest::content));
        assertTrue(model.getMessage().contains("imgdiff.models.openai.text.model"), model.getMessage());
        assertTrue(model.getMessage().contains("The model `llama-9000` does not exist"), model.getMessage());

        OpenAiConfigException path = assertThrows(OpenAiConfigException.class,
                () -> client(KEY, "base-url", stub.baseUrl().replace("/v1", "/api")).chat(hello(),
                        OpenAiClientTest::content));
        assertTrue(path.getMessage().contains("404") && path.getMessage().contains("imgdiff.models.openai.base-url"),
                path.getMessage());
    }

    @Test
    void missingSettingsAreNamedBeforeAnyRequest() {
        OpenAiClient noUrl = new OpenAiClient(OpenAiStub.config(Map.of("imgdiff.models.openai.text.model", "llm")),
                OpenAiClient.Purpose.TEXT);
        OpenAiConfigException e = assertThrows(OpenAiConfigException.class, () -> noUrl.chat(hello(),
                OpenAiClientTest::content));
        assertTrue(e.getMessage().startsWith("imgdiff.models.openai.base-url is not set"), e.getMessage());

        OpenAiClient noModel = new OpenAiClient(stub.config(KEY), OpenAiClient.Purpose.VISION);
        OpenAiConfigException m = assertThrows(OpenAiConfigException.class, () -> noModel.chat(hello(),
                OpenAiClientTest::content));
        assertTrue(m.getMessage().startsWith("imgdiff.models.openai.vision.model is not set"), m.getMessage());

        OpenAiClient badUrl = new OpenAiClient(OpenAiStub.config(Map.of("imgdiff.models.openai.base-url", "vllm:8000",
                "imgdiff.models.openai.text.model", "llm")), OpenAiClient.Purpose.TEXT);
        OpenAiConfigException u = assertThrows(OpenAiConfigException.class, () -> badUrl.chat(hello(),
                OpenAiClientTest::content));
        assertTrue(u.getMessage().startsWith("imgdiff.models.openai.base-url 'vllm:8000' is not a usable URL"),
                u.getMessage());
        assertEquals(0, stub.hits());
    }

    @Test
    void aRequestTheServerRefusesFailsTheItemAtOnce() {
        stub.enqueue(Reply.error(400, "This model's maximum context length is 4096 tokens. However, you requested"
                + " 5000 tokens."));
        BadInputException e = assertThrows(BadInputException.class, () -> client(KEY).chat(hello(),
                OpenAiClientTest::content));
        assertTrue(e.getMessage().contains("HTTP 400") && e.getMessage().contains("maximum context length"),
                e.getMessage());
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
        assertEquals(1, stub.received().size());
    }

    @Test
    void aMalformedResponseIsRetriedThenFailsTheItemPermanentlyWithAReason() {
        stub.otherwise(r -> Reply.raw(200, "text/html", "<html><body>gateway says hi</body></html>"));
        BadInputException e = assertThrows(BadInputException.class, () -> client(KEY).chat(hello(),
                OpenAiClientTest::content));
        assertTrue(e.getMessage().contains("not JSON") && e.getMessage().contains("gateway says hi"), e.getMessage());
        assertTrue(e.getMessage().contains("expected a chat completion with choices[0].message.content"),
                e.getMessage());
        assertTrue(e.getMessage().contains("openai text endpoint " + stub.baseUrl()), e.getMessage());
        assertEquals(4, stub.received().size());

        stub.otherwise(r -> Reply.raw(200, "application/json", "{\"object\":\"chat.completion\",\"choices\":[]}"));
        BadInputException noChoice = assertThrows(BadInputException.class, () -> client(KEY).chat(hello(),
                OpenAiClientTest::content));
        assertTrue(noChoice.getMessage().contains("no choices"), noChoice.getMessage());
    }

    @Test
    void anUnusableAnswerIsAskedAgainWithTheNextSeedThenFailsPermanently() {
        OpenAiClient.AnswerParser<String> nonEmpty = a -> {
            if (a.content().isBlank()) {
                throw new OpenAiClient.UnusableAnswerException("the answer is empty; expected a word");
            }
            return a.content();
        };
        stub.enqueue(Reply.answer(""), Reply.answer("  "));
        stub.otherwise(r -> Reply.answer("finally"));
        assertEquals("finally", client(KEY).chat(hello(), nonEmpty));
        assertEquals(List.of(42L, 43L, 44L), stub.received().stream().map(OpenAiStub.Received::seed).toList());

        stub.otherwise(r -> Reply.answer(""));
        BadInputException e = assertThrows(BadInputException.class, () -> client(KEY).chat(hello(), nonEmpty));
        assertTrue(e.getMessage().endsWith("no usable answer in 4 attempts: the answer is empty; expected a word"),
                e.getMessage());
    }

    @Test
    void aTimeoutIsTransient() {
        stub.otherwise(r -> Reply.slow(Duration.ofSeconds(5), Reply.answer("too late")));
        OpenAiUnavailableException e = assertThrows(OpenAiUnavailableException.class,
                () -> client(KEY, "request-timeout", "300ms", "max-retries", "1").chat(hello(),
                        OpenAiClientTest::content));
        assertTrue(e.getMessage().contains("no answer within imgdiff.models.openai.request-timeout"), e.getMessage());
        assertEquals(2, stub.received().size());
    }

    @Test
    void aRefusedConnectionIsTransient() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        OpenAiUnavailableException e = assertThrows(OpenAiUnavailableException.class,
                () -> client(KEY, "base-url", "http://127.0.0.1:" + closedPort + "/v1", "max-retries", "1")
                        .chat(hello(), OpenAiClientTest::content));
        assertTrue(e.getMessage().contains("request failed") && e.getMessage().contains("ConnectException"),
                e.getMessage());
        assertNotNull(e.getCause());
    }

    @Test
    void concurrentRequestsAreCappedPerClient() throws Exception {
        stub.otherwise(r -> Reply.slow(Duration.ofMillis(150), Reply.answer("ok")));
        OpenAiClient c = client(KEY, "max-concurrent-requests", "2");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> all = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                all.add(pool.submit(() -> c.chat(hello(), OpenAiClientTest::content)));
            }
            for (Future<String> f : all) {
                assertEquals("ok", f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(6, stub.received().size());
        assertTrue(stub.maxInFlight() <= 2, "in flight at once: " + stub.maxInFlight());
    }
}
