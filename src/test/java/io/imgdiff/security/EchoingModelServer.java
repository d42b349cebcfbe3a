package io.imgdiff.security;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A hostile OpenAI-compatible server: answers every request 401 with the {@code Authorization} header it got in the
 * error message, as a careless proxy might — the client must not carry the key into errors, logs or dead letters.
 */
public class EchoingModelServer implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the echoing model server", e);
        }
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ("{\"error\":{\"message\":\"invalid key in '" + auth + "'\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        return Map.of("imgdiff.models.openai.base-url", base, "imgdiff.models.openai.text.model", "m",
                "imgdiff.models.openai.vision.model", "v", "imgdiff.models.openai.max-retries", "0");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
