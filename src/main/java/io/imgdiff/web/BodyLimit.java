package io.imgdiff.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Answers a request whose declared {@code Content-Length} exceeds {@code quarkus.http.limits.max-body-size} with
 * 413 and the API's JSON error body, before any of it is read. Quarkus enforces the same limit itself (one route
 * later, and for bodies without a length while they stream in) but answers with an empty body; this route only
 * makes the common case speak the API's error format. The limit is Quarkus' own setting, so the two cannot differ.
 */
@Singleton
public class BodyLimit {

    private final ObjectMapper json;

    BodyLimit(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .ifPresent(max -> router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                        .handler(ctx -> check(ctx, max.asLongValue())));
    }

    private void check(RoutingContext ctx, long max) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            declared = -1; // Vert.x refuses a malformed length itself
        }
        if (declared <= max) {
            ctx.next();
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(new ApiErrors.Body(413, "body", "request body of " + declared
                    + " bytes is over the limit of " + max + " bytes (quarkus.http.limits.max-body-size)"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the 413 error body", e);
        }
        // the unread body would otherwise be parsed as the next request on this connection
        ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close").end(body);
    }
}
