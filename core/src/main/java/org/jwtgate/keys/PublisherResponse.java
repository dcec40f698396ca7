package org.jwtgate.keys;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A complete response of the publisher, decided in core and written verbatim by every adapter: the
 * status, the headers in order (including {@code Content-Length}) and the body, which is empty for
 * {@code HEAD}, {@code 204} and {@code 304}.
 */
public record PublisherResponse(int status, Map<String, String> headers, byte[] body) {

    public PublisherResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(headers, "headers")));
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A header value, or null. */
    public String header(String name) {
        return headers.get(name);
    }
}
