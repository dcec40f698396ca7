package org.jwtgate.jwks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jose4j.http.SimpleGet;
import org.jose4j.http.SimpleResponse;
import org.jwtgate.keys.PublisherResponse;

/**
 * The {@link SimpleGet} of an issuer whose documents may be served in process: a URL a
 * {@link LocalJwks} answers is read from it, under the rules {@link BoundedGet} applies to a fetched
 * response (anything but 200 is a failed fetch; a body over the size cap is refused); any other URL
 * goes to the network through {@code remote}.
 */
public final class LocalFirstGet implements SimpleGet {
    private final LocalJwks local;
    private final SimpleGet remote;
    private final int maxBytes;

    public LocalFirstGet(LocalJwks local, SimpleGet remote, int maxBytes) {
        this.local = Objects.requireNonNull(local, "local");
        this.remote = Objects.requireNonNull(remote, "remote");
        this.maxBytes = maxBytes;
    }

    @Override
    public SimpleResponse get(String location) throws IOException {
        Optional<PublisherResponse> answer;
        try {
            answer = local.get(location);
        } catch (RuntimeException e) {
            throw new JwksFetchException("the in-process publisher failed to answer for " + location + " ("
                    + e.getClass().getName() + ")");
        }
        if (answer.isEmpty()) {
            return remote.get(location);
        }
        PublisherResponse r = answer.get();
        if (r.status() != 200) {
            throw new JwksFetchException(location + " answered HTTP " + r.status() + " instead of 200 (in process)");
        }
        byte[] body = r.body();
        if (body.length > maxBytes) {
            throw new JwksFetchException(location + " sent " + body.length + " bytes, more than the " + maxBytes
                    + " allowed (jwks-max-response-size) (in process)");
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        r.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), List.of(value)));
        return new FetchedDocument(r.status(), headers, new String(body, StandardCharsets.UTF_8));
    }
}
