package org.jwtgate.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jwtgate.internal.RecordMethods;

/**
 * A complete refusal, decided in core and written verbatim by every adapter: the status, the
 * headers in order ({@code WWW-Authenticate}, {@code Retry-After}, {@code Cache-Control}) and a small
 * JSON body. Two adapters given the same request write the same bytes.
 */
public record ErrorResponse(int status, Map<String, String> headers, String body) {

    /** The media type of {@link #body()}. */
    public static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    public ErrorResponse {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** This response with one more header (or {@code name} replaced), last: a value decided in core, never request data. */
    public ErrorResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ErrorResponse(status, h, body);
    }

    /** The {@code WWW-Authenticate} value, or null when the response has none (503). */
    public String wwwAuthenticate() {
        return headers.get("WWW-Authenticate");
    }

    // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof ErrorResponse that
                && status == that.status
                && Objects.equals(headers, that.headers)
                && Objects.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return RecordMethods.hash(status, headers, body);
    }

    @Override
    public String toString() {
        return RecordMethods.toString(this);
    }
}
