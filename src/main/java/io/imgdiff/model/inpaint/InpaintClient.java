package io.imgdiff.model.inpaint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.imgdiff.config.ImgdiffConfig.InpaintConfig;
import io.imgdiff.item.BadInputException;
import io.imgdiff.model.http.Base64ImageAnswer;
import io.imgdiff.model.http.EndpointConfigException;
import io.imgdiff.model.http.EndpointUnavailableException;
import io.imgdiff.model.http.HttpEndpoint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * A client of an inpainting service speaking the <b>imgdiff inpaint protocol v1</b> (docs/models.md):
 * {@code POST {base-url}/inpaint} with {@code {"image", "mask", "box", "noun", "seed"}} (base64 PNGs; the mask white
 * where to fill; the box {@code [x1, y1, x2, y2]} in pixels, exclusive ends), answered by {@code 200 {"image"}}
 * (base64 PNG or JPEG; other fields ignored). Outcomes as {@code ImageGenClient}'s, through the shared
 * {@link HttpEndpoint}: 429/5xx/timeouts retried here, then {@link EndpointUnavailableException} for the queue; other
 * 4xx a {@link BadInputException}; a 200 that is not the protocol's answer a {@link BadInputException} at once;
 * 401/403/404/405 and a missing or unusable {@code base-url} an {@link EndpointConfigException} naming the setting.
 */
public final class InpaintClient {

    static final String PREFIX = "imgdiff.models.inpaint.";
    private static final String PATH = "/inpaint";
    private static final ObjectMapper WIRE = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** One request of the protocol: base64 PNGs of the image and mask, the box, the noun removed and the seed. */
    public record Request(String image, String mask, List<Integer> box, String noun, long seed) {
    }

    /** The image as the server encoded it, and the endpoint it came from (for messages). */
    public record Answer(byte[] image, String where) {
    }

    private final InpaintConfig config;
    private final HttpEndpoint endpoint;

    public InpaintClient(InpaintConfig config) {
        this(config, HttpEndpoint.sleeping());
    }

    /** With an explicit way to wait between attempts (tests). */
    public InpaintClient(InpaintConfig config, HttpEndpoint.Sleeper sleeper) {
        this.config = config;
        this.endpoint = new HttpEndpoint(PREFIX, config, config.apiKey().orElse(null), new HttpEndpoint.Failures(
                InpaintClient::where, EndpointUnavailableException::new, EndpointConfigException::new), sleeper);
    }

    /** Asks the service to fill the mask of {@code request}, retrying as the class comment says. */
    public Answer inpaint(Request request) {
        URI uri = uri();
        String where = where(uri);
        return endpoint.post(uri, body(request), new HttpEndpoint.Exchange<>() {
            @Override
            public HttpEndpoint.Outcome<Answer> answered(HttpResponse<String> response) {
                return HttpEndpoint.Outcome.done(parse(response.body(), where));
            }

            @Override
            public RuntimeException refused(int status, String said) {
                RuntimeException config = endpoint.misconfiguredBy(where, status, said,
                        "the imgdiff inpaint protocol v1 (POST {base-url}/inpaint), e.g. http://lama:8000");
                if (config != null) {
                    return config;
                }
                return new BadInputException(where + " refused this item's request (HTTP " + status + ": " + said
                        + "); expected it to accept the image, the mask of box " + request.box() + " and seed "
                        + request.seed());
            }
        });
    }

    private URI uri() {
        String base = config.baseUrl().map(String::strip).orElse("");
        if (base.isEmpty()) {
            throw endpoint.misconfigured(PREFIX + "base-url is not set; expected the root of an inpainting service"
                    + " speaking the imgdiff inpaint protocol v1, e.g. http://lama:8000 (requests go to"
                    + " {base-url}/inpaint)");
        }
        try {
            return HttpEndpoint.resolve(base, PATH);
        } catch (IllegalArgumentException e) {
            throw endpoint.misconfigured(PREFIX + "base-url '" + base + "' is not a usable URL (" + e.getMessage()
                    + "); expected e.g. http://lama:8000");
        }
    }

    private static String where(URI uri) {
        return "inpaint endpoint " + HttpEndpoint.shown(uri);
    }

    /** The wire request: the record's fields in snake case. */
    static byte[] body(Request r) {
        try {
            return WIRE.writeValueAsBytes(r);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an inpaint request", e);
        }
    }

    /** {@code image}, base64-decoded; anything else is a {@link BadInputException}. */
    static Answer parse(String body, String where) {
        return new Answer(Base64ImageAnswer.parse(body, where, "{\"image\"}", "imgdiff inpaint protocol v1")
                .image("image"), where);
    }
}
