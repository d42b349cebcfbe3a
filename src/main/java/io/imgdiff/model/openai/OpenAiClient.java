package io.imgdiff.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imgdiff.config.ImgdiffConfig.OpenAiConfig;
import io.imgdiff.config.ImgdiffConfig.OpenAiModel;
import io.imgdiff.item.BadInputException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of one OpenAI-compatible {@code POST {base-url}/chat/completions} endpoint (vLLM, llama.cpp, Ollama,
 * OpenAI), on the JDK's HTTP client. Outcomes, as the worker's queue understands them:
 * <ul>
 *   <li>429, 408, 5xx, connection failures and timeouts are retried here ({@code max-retries}, backoff with jitter,
 *       {@code Retry-After} honoured); still failing, {@link OpenAiUnavailableException}: the queue retries later;</li>
 *   <li>a response that is not a chat completion, or an answer the backend cannot use, is retried too (an unusable
 *       answer with the next seed); still so, {@link BadInputException}: the item fails permanently;</li>
 *   <li>another 4xx (400: the item's prompt or image was refused) is a {@link BadInputException} at once;</li>
 *   <li>401/403 and 404/405, like a missing URL or model, are an {@link OpenAiConfigException} naming the setting.</li>
 * </ul>
 * At most {@code max-concurrent-requests} requests are in flight per client; the key is never logged nor put in a
 * message.
 */
public final class OpenAiClient {

    private static final Logger LOG = Logger.getLogger(OpenAiClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "imgdiff.models.openai.";
    private static final String COMPLETIONS = "/chat/completions";
    /** How often a configuration error is logged per client; every failed item records it anyway. */
    private static final long CONFIG_WARNING_EVERY_MS = 60_000;

    /** Which configured model a client talks to: the edit stage's LLM or the caption stage's vision model. */
    public enum Purpose {
        TEXT("text"), VISION("vision");

        final String key;

        Purpose(String key) {
            this.key = key;
        }
    }

    /** How the client waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** Turns an answer into a backend's result, or says why it cannot ({@link UnusableAnswerException}). */
    @FunctionalInterface
    public interface AnswerParser<T> {
        T parse(ChatAnswer answer) throws UnusableAnswerException;
    }

    /** An answer a backend cannot use; the message says what was wrong and what was expected. */
    public static final class UnusableAnswerException extends Exception {
        public UnusableAnswerException(String message) {
            super(message);
        }
    }

    /** The response body is not a chat completion. */
    private static final class MalformedResponseException extends Exception {
        MalformedResponseException(String message) {
            super(message);
        }
    }

    private final OpenAiConfig config;
    private final String purpose;
    private final Setting baseUrl;
    private final Setting model;
    private final Setting apiKey;
    private final HttpClient http;
    private final Semaphore slots;
    private final Sleeper sleeper;
    private final AtomicLong lastConfigWarning = new AtomicLong();

    /** A value and the name of the setting it came from (for messages that say what to fix). */
    private record Setting(String name, String value) {
        boolean present() {
            return value != null && !value.isBlank();
        }

        @Override
        public String toString() {
            return name; // the value may be the key
        }
    }

    public OpenAiClient(OpenAiConfig config, Purpose purpose) {
        this(config, purpose, d -> Thread.sleep(d.toMillis()));
    }

    /** With an explicit way to wait between attempts (tests). */
    public OpenAiClient(OpenAiConfig config, Purpose purpose, Sleeper sleeper) {
        if (config.maxRetries() < 0 || config.maxConcurrentRequests() < 1) {
            throw new IllegalArgumentException(PREFIX + "max-retries " + config.maxRetries() + " and "
                    + PREFIX + "max-concurrent-requests " + config.maxConcurrentRequests()
                    + " are invalid; expected max-retries >= 0 and max-concurrent-requests >= 1");
        }
        OpenAiModel own = purpose == Purpose.TEXT ? config.text() : config.vision();
        this.config = config;
        this.purpose = purpose.key;
        this.baseUrl = pick(own.baseUrl(), PREFIX + purpose.key + ".base-url", config.baseUrl(), PREFIX + "base-url");
        this.apiKey = pick(own.apiKey(), PREFIX + purpose.key + ".api-key", config.apiKey(), PREFIX + "api-key");
        this.model = new Setting(PREFIX + purpose.key + ".model", own.model().orElse(null));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // model servers speak HTTP/1.1; skip the h2c upgrade dance
                .connectTimeout(config.connectTimeout())
                .build();
        this.slots = new Semaphore(config.maxConcurrentRequests(), true);
        this.sleeper = sleeper;
    }

    private static Setting pick(Optional<String> own, String ownName, Optional<String> shared, String sharedName) {
        if (own.isPresent() && !own.get().isBlank()) {
            return new Setting(ownName, own.get().strip());
        }
        return new Setting(sharedName, shared.map(String::strip).orElse(null));
    }

    /** The model name requests carry, for outputs that record which model answered; null when unset. */
    public String model() {
        return model.value();
    }

    /**
     * Sends {@code request} and returns what {@code parser} makes of the answer, retrying as the class comment says.
     * Throws {@link OpenAiUnavailableException}, {@link BadInputException} or {@link OpenAiConfigException}.
     */
    public <T> T chat(ChatRequest request, AnswerParser<T> parser) {
        URI uri = completionsUri();
        String modelName = modelName();
        int attempts = config.maxRetries() + 1;
        ChatRequest current = request;
        String problem = null;
        Throwable cause = null;
        boolean transientProblem = false;
        Duration wait = Duration.ZERO;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                pause(wait, uri);
            }
            HttpResponse<String> response;
            try {
                response = send(uri, body(modelName, current));
            } catch (IOException | TimeoutException e) {
                transientProblem = true;
                cause = e;
                problem = e instanceof TimeoutException || e instanceof java.net.http.HttpTimeoutException
                        ? "no answer within " + PREFIX + "request-timeout " + config.requestTimeout()
                        : "request failed: " + describe(e);
                wait = backoff(attempt);
                LOG.debugf("%s: attempt %d/%d: %s", where(uri), attempt, attempts, problem);
                continue;
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                ChatAnswer answer;
                try {
                    answer = parseCompletion(response.body());
                } catch (MalformedResponseException e) {
                    transientProblem = false;
                    cause = null;
                    problem = e.getMessage() + "; expected a chat completion with choices[0].message.content";
                    wait = backoff(attempt);
                    LOG.debugf("%s: attempt %d/%d: %s", where(uri), attempt, attempts, problem);
                    continue;
                }
                LOG.debugf("%s: %d prompt + %d completion tokens", where(uri), answer.promptTokens(),
                        answer.completionTokens());
                try {
                    return parser.parse(answer);
                } catch (UnusableAnswerException e) {
                    transientProblem = false;
                    cause = null;
                    problem = e.getMessage();
                    // a server honouring the seed would repeat the same answer; 31 bits suit every server
                    current = current.seed() == null ? current
                            : current.withSeed((request.seed() + attempt) & 0x7fffffffL);
                    wait = Duration.ZERO;
                    LOG.debugf("%s: attempt %d/%d: unusable answer: %s", where(uri), attempt, attempts, problem);
                    continue;
                }
            }
            String said = serverMessage(response.body());
            if (status == 401 || status == 403) {
                throw configError(where(uri) + " refused " + (apiKey.present() ? "the key in " + apiKey.name()
                        : "the request without a key (" + apiKey.name() + " is not set)") + " (" + status + ": " + said
                        + "); expected a key the server accepts");
            }
            if (status == 404 || status == 405) {
                throw configError(where(uri) + " answered " + status + " (" + said + "); expected " + model.name()
                        + " to name a model the server serves (see its /models) and " + baseUrl.name()
                        + " to be its API root, e.g. http://host:8000/v1");
            }
            if (status == 408 || status == 409 || status == 425 || status == 429 || status >= 500) {
                transientProblem = true;
                cause = null;
                problem = "HTTP " + status + " (" + said + ")";
                Optional<Duration> after = retryAfter(response);
                if (after.isPresent() && after.get().compareTo(config.retryBackoffMax()) > 0) {
                    problem += " with Retry-After " + after.get().toSeconds() + "s, longer than " + PREFIX
                            + "retry-backoff-max " + config.retryBackoffMax();
                    break; // waiting that long here would only hold the job; the queue's backoff takes over
                }
                wait = after.isPresent() ? after.get() : backoff(attempt);
                LOG.debugf("%s: attempt %d/%d: %s", where(uri), attempt, attempts, problem);
                continue;
            }
            throw new BadInputException(where(uri) + " refused this item's request (HTTP " + status + ": " + said
                    + "); expected it to accept the prompt" + (hasImage(current) ? " and images" : ""));
        }
        if (transientProblem) {
            throw new OpenAiUnavailableException(where(uri) + " unavailable after " + attempts + " attempt"
                    + (attempts == 1 ? "" : "s") + ": " + problem, cause);
        }
        throw new BadInputException(where(uri) + " gave no usable answer in " + attempts + " attempt"
                + (attempts == 1 ? "" : "s") + ": " + problem);
    }

    private HttpResponse<String> send(URI uri, byte[] body) throws IOException, TimeoutException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey.present()) {
            b.header("Authorization", "Bearer " + apiKey.value());
        }
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            throw interrupted(uri, e);
        }
        CompletableFuture<HttpResponse<String>> f = null;
        try {
            f = http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            // request.timeout() covers the wait for the headers only; this bounds the whole exchange
            return f.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            f.cancel(true);
            throw interrupted(uri, e);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw e;
        } finally {
            slots.release();
        }
    }

    private void pause(Duration wait, URI uri) {
        if (wait.isZero() || wait.isNegative()) {
            return;
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            throw interrupted(uri, e);
        }
    }

    private OpenAiUnavailableException interrupted(URI uri, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new OpenAiUnavailableException(where(uri) + ": interrupted (worker shutting down)", e);
    }

    /** Equal jitter: half the doubled delay plus a random half, so a retry never comes right away. */
    private Duration backoff(int attempt) {
        long base = Math.max(1, config.retryBackoff().toMillis());
        long cap = Math.min(config.retryBackoffMax().toMillis(), base << Math.min(attempt - 1, 20));
        return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1));
    }

    /** {@code Retry-After} as seconds or an HTTP date; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After").map(String::strip);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String v = header.get();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    private URI completionsUri() {
        if (!baseUrl.present()) {
            throw configError(PREFIX + "base-url is not set (nor " + PREFIX + purpose + ".base-url); expected the API"
                    + " root of an OpenAI-compatible server, e.g. http://vllm:8000/v1");
        }
        String base = baseUrl.value();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String url = base.endsWith(COMPLETIONS) ? base : base + COMPLETIONS;
        try {
            URI uri = URI.create(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw configError(baseUrl.name() + " '" + baseUrl.value() + "' is not a usable URL (" + e.getMessage()
                    + "); expected e.g. http://vllm:8000/v1");
        }
    }

    private String modelName() {
        if (!model.present()) {
            throw configError(model.name() + " is not set; expected the name of the " + (purpose.equals("text")
                    ? "LLM" : "vision model") + " the server at " + baseUrl.name() + " serves (see its /models)");
        }
        return model.value();
    }

    private OpenAiConfigException configError(String message) {
        long now = System.currentTimeMillis();
        long last = lastConfigWarning.get();
        if (now - last >= CONFIG_WARNING_EVERY_MS && lastConfigWarning.compareAndSet(last, now)) {
            LOG.error(message);
        }
        return new OpenAiConfigException(message);
    }

    /** The endpoint in messages; without any user:password of the URL. */
    private String where(URI uri) {
        String shown = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + uri.getRawPath();
        return "openai " + purpose + " endpoint " + shown + " (model '" + model.value() + "')";
    }

    /** The wire request: all-text content goes as a plain string, which every server accepts. */
    static byte[] body(String model, ChatRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        ObjectNode user = root.putArray("messages").addObject();
        user.put("role", "user");
        if (!hasImage(request)) {
            StringBuilder text = new StringBuilder();
            request.content().forEach(p -> text.append(text.length() == 0 ? "" : "\n\n")
                    .append(((ChatRequest.Text) p).text()));
            user.put("content", text.toString());
        } else {
            ArrayNode parts = user.putArray("content");
            for (ChatRequest.Part p : request.content()) {
                ObjectNode part = parts.addObject();
                if (p instanceof ChatRequest.Text t) {
                    part.put("type", "text");
                    part.put("text", t.text());
                } else if (p instanceof ChatRequest.Image i) {
                    part.put("type", "image_url");
                    part.putObject("image_url").put("url", i.dataUrl());
                }
            }
        }
        root.put("temperature", request.temperature());
        if (request.topP() != null) {
            root.put("top_p", request.topP());
        }
        root.put("max_tokens", request.maxTokens());
        if (request.seed() != null) {
            root.put("seed", request.seed());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a chat request", e);
        }
    }

    private static boolean hasImage(ChatRequest request) {
        return request.content().stream().anyMatch(p -> p instanceof ChatRequest.Image);
    }

    /** {@code choices[0].message.content} (a string, or text parts joined), {@code finish_reason}, {@code usage}. */
    static ChatAnswer parseCompletion(String body) throws MalformedResponseException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new MalformedResponseException("response is not JSON (" + preview(body) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedResponseException("response is not a JSON object (" + preview(body) + ")");
        }
        JsonNode choices = root.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw new MalformedResponseException("response has no choices (" + preview(body) + ")");
        }
        JsonNode message = choices.get(0).path("message");
        if (!message.isObject()) {
            throw new MalformedResponseException("choices[0] has no message (" + preview(body) + ")");
        }
        JsonNode content = message.path("content");
        String text;
        if (content.isTextual()) {
            text = content.asText();
        } else if (content.isMissingNode() || content.isNull()) {
            text = "";
        } else if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            content.forEach(p -> sb.append(p.path("text").asText("")));
            text = sb.toString();
        } else {
            throw new MalformedResponseException("choices[0].message.content is " + content.getNodeType()
                    + " (" + preview(body) + ")");
        }
        JsonNode finish = choices.get(0).path("finish_reason");
        JsonNode usage = root.path("usage");
        return new ChatAnswer(text, finish.isTextual() ? finish.asText() : null,
                usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0));
    }

    /** The error text of an error response ({@code error.message} or vLLM's {@code message}), else its start. */
    private String serverMessage(String body) {
        String said;
        try {
            JsonNode root = JSON.readTree(body == null ? "" : body);
            JsonNode m = root == null ? null : root.path("error").path("message");
            if (m == null || !m.isTextual()) {
                m = root == null ? null : root.path("message");
            }
            if (m == null || !m.isTextual()) {
                m = root == null ? null : root.path("error");
            }
            said = m != null && m.isTextual() ? m.asText() : preview(body);
        } catch (IOException e) {
            said = preview(body);
        }
        said = said.replaceAll("\\s+", " ").strip();
        if (apiKey.present()) {
            said = said.replace(apiKey.value(), "***"); // some servers echo the key they refused
        }
        return said.length() > 300 ? said.substring(0, 300) + "…" : said;
    }

    private static String preview(String body) {
        if (body == null || body.isEmpty()) {
            return "empty body";
        }
        String s = body.replaceAll("\\s+", " ").strip();
        return "'" + (s.length() > 120 ? s.substring(0, 120) + "…" : s) + "'";
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
