package io.imgdiff.web;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.item.Ids;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Guards every REST resource (not {@code /q/health}, {@code /q/metrics}: probes and scrapers carry no token): with
 * {@code imgdiff.api.token} set, a mutation — or with {@code protect-reads} any request — needs
 * {@code Authorization: Bearer <token>}, else 401 with the API's JSON error body. Run and item ids in the path are
 * checked here once for every resource, so none builds a Redis key from an unchecked id. The token is compared as a
 * SHA-256 digest in constant time and never logged or echoed.
 */
@Singleton
public class ApiAccess {

    private static final Logger LOG = Logger.getLogger(ApiAccess.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final List<String> ID_PARAMS = List.of("run", "item");

    /** The settings, read on first use: REST filters are built before runtime config mappings exist. */
    private final Provider<ImgdiffConfig> config;
    private volatile Settings settings;

    private record Settings(Optional<byte[]> token, boolean protectReads) {
    }

    @Inject
    public ApiAccess(Provider<ImgdiffConfig> config) {
        this.config = config;
    }

    private Settings settings() {
        Settings s = settings;
        if (s == null) {
            ImgdiffConfig.ApiConfig api = config.get().api();
            s = new Settings(api.token().filter(t -> !t.isBlank()).map(ApiAccess::digest), api.protectReads());
            settings = s;
        }
        return s;
    }

    void warnIfOpen(@Observes StartupEvent start) {
        Optional<byte[]> token = settings().token();
        boolean serving = ConfigProvider.getConfig().getOptionalValue("quarkus.http.host-enabled", Boolean.class)
                .orElse(true);
        if (serving && token.isEmpty()) {
            LOG.warn("REST API is open: imgdiff.api.token (IMGDIFF_API_TOKEN) is not set, so anyone who can reach"
                    + " the HTTP port can submit runs (docs/security.md)");
        }
    }

    /** Rejects a request without the token (401) or with a malformed run/item id (400); null lets it through. */
    @ServerRequestFilter
    public Response check(ContainerRequestContext request, HttpServerRequest http) {
        Settings s = settings();
        boolean needsToken = s.token().isPresent() && (s.protectReads() || !READS.contains(request.getMethod()));
        if (needsToken) {
            Optional<String> refusal = refusal(request.getHeaderString(HttpHeaders.AUTHORIZATION), s.token().get());
            if (refusal.isPresent()) {
                LOG.warnf("refused %s %s from %s: %s", request.getMethod(), request.getUriInfo().getPath(),
                        http.remoteAddress(), refusal.get());
                return error(401, HttpHeaders.AUTHORIZATION, refusal.get())
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"imgdiff\"").build();
            }
        }
        for (String name : ID_PARAMS) {
            String id = request.getUriInfo().getPathParameters().getFirst(name);
            if (id != null) {
                try {
                    Ids.check(name + " id", id);
                } catch (IllegalArgumentException e) {
                    return error(400, name, e.getMessage()).build();
                }
            }
        }
        return null;
    }

    /** Why {@code authorization} is not the configured bearer token; empty when it is. */
    private static Optional<String> refusal(String authorization, byte[] token) {
        if (authorization == null || authorization.isBlank()) {
            return Optional.of("missing bearer token: send 'Authorization: Bearer <token>' (imgdiff.api.token)");
        }
        String[] parts = authorization.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            return Optional.of("expected 'Authorization: Bearer <token>', got another scheme");
        }
        return MessageDigest.isEqual(digest(parts[1]), token) ? Optional.empty()
                : Optional.of("bearer token not accepted");
    }

    static Response.ResponseBuilder error(int status, String field, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ApiErrors.Body(status, field, message));
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
