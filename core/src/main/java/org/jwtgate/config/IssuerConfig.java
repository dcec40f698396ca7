package org.jwtgate.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * One trusted issuer: its exact {@code iss} value and where its keys are. Without a JWKS URI the keys
 * are found through OpenID Connect discovery at {@code {issuer}/.well-known/openid-configuration}.
 */
public record IssuerConfig(String issuer, Optional<URI> jwksUri) {

    public IssuerConfig {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(jwksUri, "jwksUri");
    }

    /** An issuer whose keys are discovered. */
    public static IssuerConfig discovered(String issuer) {
        return new IssuerConfig(issuer, Optional.empty());
    }

    /** An issuer whose JWKS URI is given. */
    public static IssuerConfig withJwks(String issuer, String jwksUri) {
        return new IssuerConfig(issuer, Optional.of(URI.create(jwksUri)));
    }

    /** The OpenID Connect discovery document location (OpenID Connect Discovery 1.0 §4). */
    public URI discoveryUri() {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return URI.create(base + "/.well-known/openid-configuration");
    }

    // equals, hashCode and toString written out: a record's generated ones are linked through
    // java.lang.runtime.ObjectMethods (see ValidationPolicy).

    @Override
    public boolean equals(Object o) {
        return o instanceof IssuerConfig i && issuer.equals(i.issuer) && jwksUri.equals(i.jwksUri);
    }

    @Override
    public int hashCode() {
        return Objects.hash(issuer, jwksUri);
    }

    @Override
    public String toString() {
        return "IssuerConfig[issuer=" + issuer + ", jwksUri=" + jwksUri + "]";
    }
}
