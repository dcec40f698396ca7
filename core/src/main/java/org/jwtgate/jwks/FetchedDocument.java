package org.jwtgate.jwks;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jose4j.http.SimpleResponse;

/**
 * A key document as jose4j's {@link org.jose4j.http.SimpleGet} gives it, whether fetched over HTTP
 * ({@link BoundedGet}) or answered in process ({@link LocalFirstGet}): status, headers with lower-case
 * names, body. A plain final class, not a record: nothing compares these.
 */
final class FetchedDocument implements SimpleResponse {
    private final int status;
    private final Map<String, List<String>> headers;
    private final String body;

    FetchedDocument(int status, Map<String, List<String>> headers, String body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    @Override
    public int getStatusCode() {
        return status;
    }

    @Override
    public String getStatusMessage() {
        return "";
    }

    @Override
    public Collection<String> getHeaderNames() {
        return headers.keySet();
    }

    @Override
    public List<String> getHeaderValues(String name) {
        return headers.get(name);
    }

    @Override
    public String getBody() {
        return body;
    }
}
