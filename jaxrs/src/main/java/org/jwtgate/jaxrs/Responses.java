package org.jwtgate.jaxrs;

import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import org.jwtgate.error.ErrorResponse;

/** Turns a refusal decided in core into a JAX-RS response, verbatim: status, headers in order, body. */
final class Responses {
    private Responses() {
    }

    static Response of(ErrorResponse error) {
        Response.ResponseBuilder b = Response.status(error.status());
        error.headers().forEach(b::header);
        return b.entity(error.body().getBytes(StandardCharsets.UTF_8)).type(ErrorResponse.CONTENT_TYPE).build();
    }
}
