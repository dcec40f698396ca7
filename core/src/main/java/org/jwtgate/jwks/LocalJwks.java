package org.jwtgate.jwks;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jwtgate.keys.PublisherResponse;

/**
 * Key documents served in the same process: an application that publishes its tenants' keys
 * ({@link org.jwtgate.keys.JwksPublisher}) and trusts those tenants answers its own JWKS and
 * discovery fetches without a network hop, so the public URL in its issuers need not be reachable
 * from the server itself.
 *
 * <p>Only the transport changes: the engine asks for the same URL it would fetch, gets the exact
 * response the publisher's servlet would send for it (same bytes, same status, same
 * {@code Cache-Control}), and reads it with the same rules as a fetched one (status 200 only, size
 * cap, discovery's issuer and origin checks, a JWK Set without private members, algorithm binding,
 * {@code kid} lookup, caching and refresh). A URL no local publisher serves goes over the network.
 */
@FunctionalInterface
public interface LocalJwks {
    /** No document is served in process: everything is fetched. */
    LocalJwks NONE = location -> Optional.empty();

    /**
     * The in-process answer to a {@code GET} of {@code location}, or empty when no local publisher
     * serves that URL (it is then fetched). A present answer is authoritative, whatever its status.
     */
    Optional<PublisherResponse> get(String location);

    /**
     * The first answer of the sources {@code sources} supplies at the time of each call: a lazy lookup,
     * so an engine built before its application's publishers exist finds them once they do.
     */
    static LocalJwks firstOf(Supplier<? extends Collection<? extends LocalJwks>> sources) {
        Objects.requireNonNull(sources, "sources");
        return location -> {
            for (LocalJwks source : sources.get()) {
                Optional<PublisherResponse> answer = source.get(location);
                if (answer.isPresent()) {
                    return answer;
                }
            }
            return Optional.empty();
        };
    }
}
