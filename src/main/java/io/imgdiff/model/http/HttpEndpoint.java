package io.imgdiff.model.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.config.ImgdiffConfig.HttpEndpointConfig;
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
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP plumbing every remote model backend shares: one JDK {@link HttpClient} (HTTP/1.1), JSON {@code POST}s
 * with an optional {@code Authorization: Bearer} key, at most {@code max-concurrent-requests} in flight, and the
 * retry loop inside one job:
 * <ul>
 *   <li>connection failures, timeouts ({@code request-timeout} bounds the whole exchange) and HTTP 408, 409, 425,
 *       429 and 5xx are retried up to {@code max-retries} times, after the backoff (doubled per attempt, equal
 *       jitter, capped by {@code retry-backoff-max}) or the server's {@code Retry-After} (seconds or an HTTP date);
 *       a {@code Retry-After} above the cap is not waited for. Still failing: {@code Failures.unavailable}, which
 *       the queue retries later;</li>
 *   <li>a 2xx goes to the caller's {@link Exchange#answered}: a result, or {@link Outcome#again} to ask once more
 *       (retries that stay so end in a permanent {@link BadInputException});</li>
 *   <li>any other status goes to {@link Exchange#refused}, which says what to throw (a configuration error for
 *       401/403/404, a {@link BadInputException} for a refused request).</li>
 * </ul>
 * The key is never logged nor put in a message; servers that echo it have it replaced by {@code ***}.
 */
public final class HttpEndpoint {

    private static final Logger LOG = Logger.getLogger(HttpEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often a configuration error is logged per endpoint; every failed item records it anyway. */
    private static final long CONFIG_WARNING_EVERY_MS = 60_000;

    /** How the endpoint waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * How a backend names its endpoint in messages ({@code where}, e.g. {@code imagegen endpoint
     * http://host:8000/pairs}) and which exceptions it throws: {@code unavailable} when the server stayed unavailable
     * through the retries (transient, for the queue to retry), {@code misconfigured} when the endpoint cannot work as
     * configured (not the item's fault; the message names the setting).
     */
    public record Failures(Function<URI, String> where, BiFunction<String, Throwable, RuntimeException> unavailable,
                           Function<String, RuntimeException> misconfigured) {
    }

    /** What one request makes of the server's answers. */
    public interface Exchange<T> {
        /** A 2xx response: the result, or {@link Outcome#again} with what was wrong. */
        Outcome<T> answered(HttpResponse<String> response);

        /**
         * A status that is neither 2xx nor transient; {@code said} is the server's error message (key redacted).
         * Returns what to throw, e.g. {@link HttpEndpoint#misconfigured} or a {@link BadInputException}.
         */
        RuntimeException refused(int status, String said);
    }

    /** A result, or another attempt. */
    public static final class Outcome<T> {
        private final T value;
        private final String problem;
        private final byte[] nextBody;
        private final boolean backoff;

        private Outcome(T value, String problem, byte[] nextBody, boolean backoff) {
            this.value = value;
            this.problem = problem;
            this.nextBody = nextBody;
            this.backoff = backoff;
        }

        public static <T> Outcome<T> done(T value) {
            return new Outcome<>(value, null, null, false);
        }

        /** Ask again with the same body after the backoff; {@code problem} says what was wrong and what was expected. */
        public static <T> Outcome<T> again(String problem) {
            return new Outcome<>(null, problem, null, true);
        }

        /** Ask again at once with {@code nextBody} (e.g. another seed). */
        public static <T> Outcome<T> againWith(String problem, byte[] nextBody) {
            return new Outcome<>(null, problem, nextBody, false);
        }
    }

    private final String prefix;
    private final HttpEndpointConfig config;
    private final String apiKey;
    private final Failures failures;
    private final HttpClient http;
    private final Semaphore slots;
    private final Sleeper sleeper;
    private final AtomicLong lastConfigWarning = new AtomicLong();

    /**
     * An endpoint configured by {@code config}, whose settings are named {@code prefix + "request-timeout"} etc. in
     * messages; {@code apiKey} null or blank sends no key.
     */
    public HttpEndpoint(String prefix, HttpEndpointConfig config, String apiKey, Failures failures, Sleeper sleeper) {
        if (config.maxRetries() < 0 || config.maxConcurrentRequests() < 1) {
            throw new IllegalArgumentException(prefix + "max-retries " + config.maxRetries() + " and "
                    + prefix + "max-concurrent-requests " + config.maxConcurrentRequests()
                    + " are invalid; expected max-retries >= 0 and max-concurrent-requests >= 1");
        }
        this.prefix = prefix;
        this.config = config;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        this.failures = failures;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // model servers speak HTTP/1.1; skip the h2c upgrade dance
                .connectTimeout(config.connectTimeout())
                .build();
        this.slots = new Semaphore(config.maxConcurrentRequests(), true);
        this.sleeper = sleeper;
    }

    /** Sleeps for real. */
    public static Sleeper sleeping() {
        return d -> Thread.sleep(d.toMillis());
    }

    /**
     * {@code base} without trailing slashes, plus {@code path} unless it already ends so; throws
     * {@link IllegalArgumentException} saying why when it is not an http(s) URL with a host.
     */
    public static URI resolve(String base, String path) {
        String b = base.strip();
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        URI uri = URI.create(b.endsWith(path) ? b : b + path);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL with a host");
        }
        return uri;
    }

    /** {@code uri} for messages: scheme, host, port and path, without any user:password. */
    public static String shown(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + uri.getRawPath();
    }

    /**
     * Posts {@code body} to {@code uri} and returns what {@code exchange} makes of the answer, retrying as the class
     * comment says.
     */
    public <T> T post(URI uri, byte[] body, Exchange<T> exchange) {
        int attempts = config.maxRetries() + 1;
        byte[] current = body;
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
                response = send(uri, current);
            } catch (IOException | TimeoutException e) {
                transientProblem = true;
                cause = e;
                problem = e instanceof TimeoutException || e instanceof java.net.http.HttpTimeoutException
                        ? "no answer within " + prefix + "request-timeout " + config.requestTimeout()
                        : "request failed: " + describe(e);
                wait = backoff(attempt);
                LOG.debugf("%s: attempt %d/%d: %s", failures.where().apply(uri), attempt, attempts, problem);
                continue;
            }
            int status = response.statusCode();
            if (status / 100 == 2) {
                Outcome<T> outcome = exchange.answered(response);
                if (outcome.problem == null) {
                    return outcome.value;
                }
                transientProblem = false;
                cause = null;
                problem = outcome.problem;
                current = outcome.nextBody != null ? outcome.nextBody : current;
                wait = outcome.backoff ? backoff(attempt) : Duration.ZERO;
                LOG.debugf("%s: attempt %d/%d: %s", failures.where().apply(uri), attempt, attempts, problem);
                continue;
            }
            String said = serverMessage(response.body());
            if (status == 408 || status == 409 || status == 425 || status == 429 || status >= 500) {
                transientProblem = true;
                cause = null;
                problem = "HTTP " + status + " (" + said + ")";
                Optional<Duration> after = retryAfter(response);
                if (after.isPresent() && after.get().compareTo(config.retryBackoffMax()) > 0) {
                    problem += " with Retry-After " + after.get().toSeconds() + "s, longer than " + prefix
                            + "retry-backoff-max " + config.retryBackoffMax();
                    break; // waiting that long here would only hold the job; the queue's backoff takes over
                }
                wait = after.isPresent() ? after.get() : backoff(attempt);
                LOG.debugf("%s: attempt %d/%d: %s", failures.where().apply(uri), attempt, attempts, problem);
                continue;
            }
            throw exchange.refused(status, said);
        }
        if (transientProblem) {
            throw failures.unavailable().apply(failures.where().apply(uri) + " unavailable after " + attempts + " attempt"
                    + (attempts == 1 ? "" : "s") + ": " + problem, cause);
        }
        throw new BadInputException(failures.where().apply(uri) + " gave no usable answer in " + attempts + " attempt"
                + (attempts == 1 ? "" : "s") + ": " + problem);
    }

    /**
     * The configuration error a refusal of our image services means, or null when {@code status} is the item's own
     * problem: 401/403 blame the key setting, 404/405 the base URL ({@code service} says what it must point at,
     * e.g. {@code "the imgdiff inpaint protocol v1 (POST {base-url}/inpaint), e.g. http://lama:8000"}).
     */
    public RuntimeException misconfiguredBy(String where, int status, String said, String service) {
        if (status == 401 || status == 403) {
            return misconfigured(where + " refused " + (apiKey != null ? "the key in " + prefix + "api-key"
                    : "the request without a key (" + prefix + "api-key is not set)") + " (" + status + ": " + said
                    + "); expected a key the service accepts");
        }
        if (status == 404 || status == 405) {
            return misconfigured(where + " answered " + status + " (" + said + "); expected " + prefix
                    + "base-url to be the root of a service speaking " + service);
        }
        return null;
    }

    /** The configuration error of {@code Failures.misconfigured}, logged at most once a minute. */
    public RuntimeException misconfigured(String message) {
        long now = System.currentTimeMillis();
        long last = lastConfigWarning.get();
        if (now - last >= CONFIG_WARNING_EVERY_MS && lastConfigWarning.compareAndSet(last, now)) {
            LOG.error(message);
        }
        return failures.misconfigured().apply(message);
    }

    private HttpResponse<String> send(URI uri, byte[] body) throws IOException, TimeoutException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
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

    private RuntimeException interrupted(URI uri, InterruptedException e) {
        Thread.currentThread().interrupt();
        return failures.unavailable().apply(failures.where().apply(uri) + ": interrupted (worker shutting down)", e);
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

    /**
     * The error text of an error response: {@code error.message} (OpenAI), {@code message} (vLLM), {@code error}
     * or {@code detail} (FastAPI) when a string, else the body's start; one line, key redacted, at most 300 chars.
     */
    public String serverMessage(String body) {
        String said = null;
        try {
            JsonNode root = JSON.readTree(body == null ? "" : body);
            if (root != null) {
                for (JsonNode m : new JsonNode[]{root.path("error").path("message"), root.path("message"),
                        root.path("error"), root.path("detail")}) {
                    if (m.isTextual()) {
                        said = m.asText();
                        break;
                    }
                }
            }
        } catch (IOException e) {
            // not JSON: the body's start below
        }
        if (said == null) {
            said = preview(body);
        }
        said = said.replaceAll("\\s+", " ").strip();
        if (apiKey != null) {
            said = said.replace(apiKey, "***"); // some servers echo the key they refused
        }
        return said.length() > 300 ? said.substring(0, 300) + "…" : said;
    }

    /** The start of a body, quoted, for messages; {@code empty body} when there is none. */
    public static String preview(String body) {
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
