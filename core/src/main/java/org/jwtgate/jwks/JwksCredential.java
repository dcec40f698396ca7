package org.jwtgate.jwks;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.IssuerConfig;

/**
 * A static {@code Authorization} header value for one issuer's protected key endpoints (Oracle IDCS
 * style), bound to the one {@link Origin} it was configured for: the origin of the issuer's configured
 * JWKS URI, or, when the keys are discovered, the issuer's own origin (its discovery document and a
 * {@code jwks_uri} on the same origin). {@link BoundedGet} sends it to that origin only, never on a
 * redirect (it follows none) and never to a discovered {@code jwks_uri} on another origin. The value
 * is a secret: {@link #toString()} hides it.
 */
public final class JwksCredential {
    private final Origin origin;
    private final String headerValue;

    public JwksCredential(Origin origin, String headerValue) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.headerValue = Objects.requireNonNull(headerValue, "headerValue");
    }

    /**
     * The credential configured for {@code issuer}, bound to the origin its keys are fetched from; only
     * for an issuer exactly as configured in {@code issuers} (same JWKS URI or the same discovery): a
     * key set made for the same {@code iss} some other way (a tenant's issuer from {@code tenant-issuer}
     * with {@code tenant-jwks-uri}) gets none, so the credential never follows it to another origin.
     */
    public static Optional<JwksCredential> of(IssuerConfig issuer, GateConfig config) {
        if (!config.issuers().contains(issuer)) {
            return Optional.empty();
        }
        return config.jwksAuthorization(issuer.issuer()).map(value -> {
            URI target = issuer.jwksUri().orElse(issuer.discoveryUri());
            Origin origin = Origin.of(target).orElseThrow(() -> new IllegalArgumentException("no origin: " + target));
            return new JwksCredential(origin, value);
        });
    }

    /** The only origin this credential is sent to. */
    public Origin origin() {
        return origin;
    }

    /** The header value, for the request to {@link #origin()} only. */
    String headerValue() {
        return headerValue;
    }

    /** Whether a request that reaches {@code target} may carry this credential. */
    boolean isFor(Optional<Origin> target) {
        return target.isPresent() && target.get().equals(origin);
    }

    @Override
    public String toString() {
        return "JwksCredential[origin=" + origin + ", value hidden]";
    }
}
