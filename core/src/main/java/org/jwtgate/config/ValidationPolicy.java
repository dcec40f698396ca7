package org.jwtgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything in a {@link GateConfig} that decides whether a token is accepted and what the accepted
 * caller is: trusted issuers and where their keys are, audiences, algorithms, {@code typ}, clock skew,
 * length and lifetime limits, required claims, the principal and role claims. Two engines with equal
 * policies accept the same tokens as the same callers, so a decision one of them took on a request can
 * be reused by the other (a servlet filter and the JAX-RS filter on one request); otherwise the second
 * engine validates again. Paths, mode, transports and key-fetching settings decide which requests are
 * looked at and how keys are fetched, not what a token means, and are not part of it.
 */
public record ValidationPolicy(List<IssuerConfig> issuers, Set<String> audiences, Set<String> algorithms,
        Optional<String> requiredType, Duration clockSkew, int maxTokenLength, Optional<Duration> maxTokenLifetime,
        List<String> requiredClaims, String principalClaim, List<String> roleClaims) {

    /** The policy of {@code config}. */
    public static ValidationPolicy of(GateConfig config) {
        return new ValidationPolicy(config.issuers(), config.audiences(), config.algorithms(), config.requiredType(),
                config.clockSkew(), config.maxTokenLength(), config.maxTokenLifetime(), config.requiredClaims(),
                config.principalClaim(), config.roleClaims());
    }
}
