package io.imgdiff.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns API errors into JSON bodies; nothing else leaks a stack trace to clients. */
public class ApiErrors {

    /** The JSON error body. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(int status, String field, String error) {
    }

    @ServerExceptionMapper
    public Response map(ApiException e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .entity(new Body(e.status(), e.field(), e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response map(IllegalArgumentException e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(new Body(400, null, e.getMessage())).build();
    }
}
