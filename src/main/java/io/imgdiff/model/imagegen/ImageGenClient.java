package io.imgdiff.model.imagegen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.imgdiff.config.ImgdiffConfig.ImageGenConfig;
import io.imgdiff.item.BadInputException;
import io.imgdiff.model.http.Base64ImageAnswer;
import io.imgdiff.model.http.EndpointConfigException;
import io.imgdiff.model.http.EndpointUnavailableException;
import io.imgdiff.model.http.HttpEndpoint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;

/**
 * A client of an image-generation service speaking the <b>imgdiff pair protocol v1</b> (docs/models.md):
 * {@code POST {base-url}/pairs} with {@code {"prompt_a", "prompt_b", "seed", "width", "height", "steps",
 * "guidance"}}, answered by {@code 200 {"image_a", "image_b"}} (base64 PNG or JPEG; other fields ignored).
 * Outcomes, as the worker's queue understands them:
 * <ul>
 *   <li>429, 503 and other 5xx (and 408/409/425), connection failures and timeouts are retried here
 *       ({@link HttpEndpoint}); still failing, {@link EndpointUnavailableException}: the queue retries later;</li>
 *   <li>400, 422 and other 4xx: the server refuses this request, a {@link BadInputException} with its message;</li>
 *   <li>a 200 that is not the protocol's answer (not JSON, an image field missing, not base64) is a
 *       {@link BadInputException} at once: generation is slow, and the same request gives the same answer;</li>
 *   <li>401/403 and 404/405, like a missing or unusable {@code base-url}, are an {@link EndpointConfigException}
 *       naming the setting.</li>
 * </ul>
 */
public final class ImageGenClient {

    static final String PREFIX = "imgdiff.models.imagegen.";
    private static final String PAIRS = "/pairs";
    private static final ObjectMapper WIRE = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** One request of the protocol; its JSON is these fields in snake case ({@code prompt_a}, …). */
    public record Request(String promptA, String promptB, long seed, int width, int height, int steps,
                          double guidance) {
    }

    /** The two images as the server encoded them, and the endpoint they came from (for messages). */
    public record Answer(byte[] imageA, byte[] imageB, String where) {
    }

    private final ImageGenConfig config;
    private final HttpEndpoint endpoint;

    public ImageGenClient(ImageGenConfig config) {
        this(config, HttpEndpoint.sleeping());
    }

    /** With an explicit way to wait between attempts (tests). */
    public ImageGenClient(ImageGenConfig config, HttpEndpoint.Sleeper sleeper) {
        this.config = config;
        this.endpoint = new HttpEndpoint(PREFIX, config, config.apiKey().orElse(null), new HttpEndpoint.Failures(
                ImageGenClient::where, EndpointUnavailableException::new, EndpointConfigException::new), sleeper);
    }

    /** Asks the service for the pair of {@code request}, retrying as the class comment says. */
    public Answer generate(Request request) {
        URI uri = pairsUri();
        String where = where(uri);
        return endpoint.post(uri, body(request), new HttpEndpoint.Exchange<>() {
            @Override
            public HttpEndpoint.Outcome<Answer> answered(HttpResponse<String> response) {
                return HttpEndpoint.Outcome.done(parse(response.body(), where));
            }

            @Override
            public RuntimeException refused(int status, String said) {
                RuntimeException config = endpoint.misconfiguredBy(where, status, said,
                        "the imgdiff pair protocol v1 (POST {base-url}/pairs), e.g. http://sdxl:8000");
                if (config != null) {
                    return config;
                }
                return new BadInputException(where + " refused this item's request (HTTP " + status + ": " + said
                        + "); expected it to accept the prompts, seed, " + request.width() + "x" + request.height()
                        + ", steps " + request.steps() + " and guidance " + request.guidance());
            }
        });
    }

    private URI pairsUri() {
        String base = config.baseUrl().map(String::strip).orElse("");
        if (base.isEmpty()) {
            throw endpoint.misconfigured(PREFIX + "base-url is not set; expected the root of an image-generation"
                    + " service speaking the imgdiff pair protocol v1, e.g. http://sdxl:8000 (requests go to"
                    + " {base-url}/pairs)");
        }
        try {
            return HttpEndpoint.resolve(base, PAIRS);
        } catch (IllegalArgumentException e) {
            throw endpoint.misconfigured(PREFIX + "base-url '" + base + "' is not a usable URL (" + e.getMessage()
                    + "); expected e.g. http://sdxl:8000");
        }
    }

    private static String where(URI uri) {
        return "imagegen endpoint " + HttpEndpoint.shown(uri);
    }

    /** The wire request: the record's fields in snake case. */
    static byte[] body(Request r) {
        try {
            return WIRE.writeValueAsBytes(r);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a pair request", e);
        }
    }

    /** {@code image_a} and {@code image_b}, base64-decoded; anything else is a {@link BadInputException}. */
    static Answer parse(String body, String where) {
        Base64ImageAnswer answer = Base64ImageAnswer.parse(body, where, "{\"image_a\", \"image_b\"}",
                "imgdiff pair protocol v1");
        return new Answer(answer.image("image_a"), answer.image("image_b"), where);
    }
}
