package io.imgdiff.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.imgdiff.config.ImgdiffConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The HTTP side of the model-server stubs ({@code OpenAiStub}, {@code ImageGenStub}): a JDK {@link HttpServer} on
 * 127.0.0.1 and an ephemeral port, one thread per exchange, counting requests and how many were in flight at once.
 * A stub's {@link #handle} gets each exchange with its body read (a client that went away, as in a timeout test,
 * is ignored) and, for a request it accepts (type {@code R}), takes the reply (type {@code P}) from
 * {@link #answer}: the scripted replies in order, then the fallback. {@code S} is the stub's own type, for chaining.
 */
public abstract class StubServer<S extends StubServer<S, R, P>, R, P> implements AutoCloseable {

    private final Deque<P> scripted = new ConcurrentLinkedDeque<>();
    private final List<R> received = new CopyOnWriteArrayList<>();
    private volatile Function<R, P> fallback;
    private final HttpServer server;
    private final ExecutorService threads;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    protected StubServer(String threadName, Function<R, P> fallback) {
        this.fallback = fallback;
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stub server", e);
        }
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                handle(ex, ex.getRequestBody().readAllBytes());
            } catch (IOException e) {
                // the client went away (a timeout test): nothing to answer
            } finally {
                inFlight.decrementAndGet();
                ex.close();
            }
        });
        server.setExecutor(threads);
    }

    /** Starts serving; called once the stub is fully built. */
    protected S serve() {
        server.start();
        return self();
    }

    /** Answers one exchange. */
    protected abstract void handle(HttpExchange exchange, byte[] body) throws IOException;

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /** Records the accepted {@code request} and returns its reply. */
    protected P answer(R request) {
        received.add(request);
        P next = scripted.poll();
        return next != null ? next : fallback.apply(request);
    }

    /** Replies used, in order, before the fallback. */
    @SafeVarargs
    public final S enqueue(P... replies) {
        scripted.addAll(Arrays.asList(replies));
        return self();
    }

    /** How requests are answered once the scripted replies are used up. */
    public S otherwise(Function<R, P> reply) {
        this.fallback = reply;
        return self();
    }

    /** Every request that passed validation, in arrival order. */
    public List<R> received() {
        return List.copyOf(received);
    }

    /** {@code http://127.0.0.1:port}. */
    protected String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request that reached the server, valid or not. */
    public int hits() {
        return hits.get();
    }

    /** Most requests the server was answering at one time. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** Sends {@code body} with {@code status}, and {@code Retry-After} when not null. */
    public static void send(HttpExchange ex, int status, String contentType, String body, String retryAfter)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        if (retryAfter != null) {
            ex.getResponseHeaders().set("Retry-After", retryAfter);
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Sleeps {@code delay} (a slow server); false when interrupted, i.e. the stub is closing. */
    public static boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The properties of one endpoint's settings under {@code prefix} (e.g. {@code imgdiff.models.openai.}): its
     * {@code base-url}, {@code api-key} when not null, and {@code keyValues} (names relative to {@code prefix}).
     */
    public static Map<String, String> endpoint(String prefix, String baseUrl, String key, String... keyValues) {
        Map<String, String> props = new HashMap<>();
        props.put(prefix + "base-url", baseUrl);
        if (key != null) {
            props.put(prefix + "api-key", key);
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(prefix + keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    /** {@code imgdiff.models.*} built from exactly {@code props} (full names) through the real mapping. */
    public static ImgdiffConfig.ModelsConfig models(Map<String, String> props) {
        // Quarkus' converter reads "10s", "300ms", as application.properties does
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(props, "test", 500))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(ImgdiffConfig.ModelsConfig.class, "imgdiff.models").build()
                .getConfigMapping(ImgdiffConfig.ModelsConfig.class, "imgdiff.models");
    }
}
