package org.jwtgate.keys;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jwtgate.internal.RecordMethods;

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

    /**
     * An error that is not the client's credentials' ({@code 404}, {@code 405}, {@code 503}, …): body
     * {@code {"error":"<error>"}}, {@code Cache-Control: no-store}, then {@code extra} headers.
     *
     * @param status the status
     * @param error a fixed error code (ASCII, no quotes)
     * @param extra further headers, such as {@code Allow} or {@code Retry-After}
     * @return the response
     */
    public static PublisherResponse error(int status, String error, Map<String, String> extra) {
        byte[] body = ("{\"error\":\"" + error + "\"}").getBytes(StandardCharsets.US_ASCII);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Cache-Control", "no-store");
        h.putAll(extra);
        h.put("Content-Length", Integer.toString(body.length));
        return new PublisherResponse(status, h, body);
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A header value, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof PublisherResponse that
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
