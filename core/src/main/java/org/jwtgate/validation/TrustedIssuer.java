package org.jwtgate.validation;

import org.jose4j.jwt.consumer.JwtConsumer;
import org.jwtgate.jwks.ResilientHttpsJwks;
import org.jwtgate.metrics.DecisionMetrics;

/**
 * One issuer a {@link TokenValidator} can verify tokens of: its exact {@code iss}, its key set and the
 * jose4j consumer built for it under the validator's policy (made by {@link TokenValidator#trust}).
 * Immutable and thread-safe; held by an {@link IssuerScope}.
 */
public final class TrustedIssuer {
    private final String issuer;
    private final ResilientHttpsJwks keys;
    private final AlgorithmBoundKeyResolver resolver;
    private final JwtConsumer consumer;
    private final DecisionMetrics.Counts decisions;

    TrustedIssuer(String issuer, ResilientHttpsJwks keys, AlgorithmBoundKeyResolver resolver, JwtConsumer consumer,
            DecisionMetrics.Counts decisions) {
        this.issuer = issuer;
        this.keys = keys;
        this.resolver = resolver;
        this.consumer = consumer;
        this.decisions = decisions;
    }

    /** The exact {@code iss} this issuer's tokens carry. */
    public String issuer() {
        return issuer;
    }

    /** Its key set. */
    public ResilientHttpsJwks keys() {
        return keys;
    }

    /** The decisions taken for this issuer ({@code null} when the engine does not count them: {@code metrics=false}). */
    public DecisionMetrics.Counts decisions() {
        return decisions;
    }

    /** The resolver its consumer selects keys with. */
    AlgorithmBoundKeyResolver resolver() {
        return resolver;
    }

    JwtConsumer consumer() {
        return consumer;
    }
}
