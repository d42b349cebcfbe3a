package io.imgdiff.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imgdiff.config.ImgdiffConfig.OpenAiConfig;
import io.imgdiff.config.ImgdiffConfig.OpenAiModel;
import io.imgdiff.item.BadInputException;
import io.imgdiff.model.http.HttpEndpoint;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Optional;

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
 * Transport, retries, concurrency ({@code max-concurrent-requests} in flight per client) and key handling (never
 * logged nor put in a message) are {@link HttpEndpoint}'s.
 */
public final class OpenAiClient {

    private static final Logger LOG = Logger.getLogger(OpenAiClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "imgdiff.models.openai.";
    private static final String COMPLETIONS = "/chat/completions";

    /** Which configured model a client talks to: the edit stage's LLM or the caption stage's vision model. */
    public enum Purpose {
        TEXT("text"), VISION("vision");

        final String key;

        Purpose(String key) {
            this.key = key;
        }
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

    private final String purpose;
    private final Setting baseUrl;
    private final Setting model;
    private final Setting apiKey;
    private final HttpEndpoint endpoint;

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
        this(config, purpose, HttpEndpoint.sleeping());
    }

    /** With an explicit way to wait between attempts (tests). */
    public OpenAiClient(OpenAiConfig config, Purpose purpose, HttpEndpoint.Sleeper sleeper) {
        OpenAiModel own = purpose == Purpose.TEXT ? config.text() : config.vision();
        this.purpose = purpose.key;
        this.baseUrl = pick(own.baseUrl(), PREFIX + purpose.key + ".base-url", config.baseUrl(), PREFIX + "base-url");
        this.apiKey = pick(own.apiKey(), PREFIX + purpose.key + ".api-key", config.apiKey(), PREFIX + "api-key");
        this.model = new Setting(PREFIX + purpose.key + ".model", own.model().orElse(null));
        this.endpoint = new HttpEndpoint(PREFIX, config, apiKey.value(), new HttpEndpoint.Failures(this::where,
                OpenAiUnavailableException::new, OpenAiConfigException::new), sleeper);
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
        String where = where(uri);
        int[] attempt = {0};
        return endpoint.post(uri, body(modelName, request), new HttpEndpoint.Exchange<T>() {
            @Override
            public HttpEndpoint.Outcome<T> answered(HttpResponse<String> response) {
                attempt[0]++;
                ChatAnswer answer;
                try {
                    answer = parseCompletion(response.body());
                } catch (MalformedResponseException e) {
                    return HttpEndpoint.Outcome.again(e.getMessage()
                            + "; expected a chat completion with choices[0].message.content");
                }
                LOG.debugf("%s: %d prompt + %d completion tokens", where, answer.promptTokens(),
                        answer.completionTokens());
                try {
                    return HttpEndpoint.Outcome.done(parser.parse(answer));
                } catch (UnusableAnswerException e) {
                    LOG.debugf("%s: unusable answer: %s", where, e.getMessage());
                    // a server honouring the seed would repeat the same answer; 31 bits suit every server
                    ChatRequest next = request.seed() == null ? request
                            : request.withSeed((request.seed() + attempt[0]) & 0x7fffffffL);
                    return HttpEndpoint.Outcome.againWith(e.getMessage(), body(modelName, next));
                }
            }

            @Override
            public RuntimeException refused(int status, String said) {
                if (status == 401 || status == 403) {
                    return endpoint.misconfigured(where + " refused " + (apiKey.present() ? "the key in "
                            + apiKey.name() : "the request without a key (" + apiKey.name() + " is not set)") + " ("
                            + status + ": " + said + "); expected a key the server accepts");
                }
                if (status == 404 || status == 405) {
                    return endpoint.misconfigured(where + " answered " + status + " (" + said + "); expected "
                            + model.name() + " to name a model the server serves (see its /models) and "
                            + baseUrl.name() + " to be its API root, e.g. http://host:8000/v1");
                }
                return new BadInputException(where + " refused this item's request (HTTP " + status + ": " + said
                        + "); expected it to accept the prompt" + (hasImage(request) ? " and images" : ""));
            }
        });
    }

    private URI completionsUri() {
        if (!baseUrl.present()) {
            throw endpoint.misconfigured(PREFIX + "base-url is not set (nor " + PREFIX + purpose + ".base-url);"
                    + " expected the API root of an OpenAI-compatible server, e.g. http://vllm:8000/v1");
        }
        try {
            return HttpEndpoint.resolve(baseUrl.value(), COMPLETIONS);
        } catch (IllegalArgumentException e) {
            throw endpoint.misconfigured(baseUrl.name() + " '" + baseUrl.value() + "' is not a usable URL ("
                    + e.getMessage() + "); expected e.g. http://vllm:8000/v1");
        }
    }

    /** The endpoint in messages; without any user:password of the URL. */
    private String where(URI uri) {
        return "openai " + purpose + " endpoint " + HttpEndpoint.shown(uri) + " (model '" + model.value() + "')";
    }

    private String modelName() {
        if (!model.present()) {
            throw endpoint.misconfigured(model.name() + " is not set; expected the name of the "
                    + (purpose.equals("text") ? "LLM" : "vision model") + " the server at " + baseUrl.name()
                    + " serves (see its /models)");
        }
        return model.value();
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
            throw new MalformedResponseException("response is not JSON (" + HttpEndpoint.preview(body) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedResponseException("response is not a JSON object (" + HttpEndpoint.preview(body) + ")");
        }
        JsonNode choices = root.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw new MalformedResponseException("response has no choices (" + HttpEndpoint.preview(body) + ")");
        }
        JsonNode message = choices.get(0).path("message");
        if (!message.isObject()) {
            throw new MalformedResponseException("choices[0] has no message (" + HttpEndpoint.preview(body) + ")");
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
                    + " (" + HttpEndpoint.preview(body) + ")");
        }
        JsonNode finish = choices.get(0).path("finish_reason");
        JsonNode usage = root.path("usage");
        return new ChatAnswer(text, finish.isTextual() ? finish.asText() : null,
                usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0));
    }
}
