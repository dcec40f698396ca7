package org.jwtgate.validation;

import org.jose4j.jwt.consumer.JwtConsumer;
import org.jwtgate.jwks.ResilientHttpsJwks;

/**
 * One issuer a {@link TokenValidator} can verify tokens of: its exact {@code iss}, its key set and the
 * jose4j consumer built for it under the validator's policy (made by {@link TokenValidator#trust}).
 * Immutable and thread-safe; held by an {@link IssuerScope}.
 */
public final class TrustedIssuer {
    private final String issuer;
    private final ResilientHttpsJwks keys;
    private final JwtConsumer consumer;

    TrustedIssuer(String issuer, ResilientHttpsJwks keys, JwtConsumer consumer) {
        this.issuer = issuer;
        this.keys = keys;
        this.consumer = consumer;
    }

    /** The exact {@code iss} this issuer's tokens carry. */
    public String issuer() {
        return issuer;
    }

    /** Its key set. */
    public ResilientHttpsJwks keys() {
        return keys;
    }

    JwtConsumer consumer() {
        return consumer;
    }
}
