package org.jwtgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jwtgate.tenant.TenantId;
import org.jwtgate.tenant.TenantSource;

/**
 * Everything in a {@link GateConfig} that decides whether a token is accepted and what the accepted
 * caller is: trusted issuers and where their keys are, the tenant binding of tenant-bound routes (issuer
 * and JWKS URI templates, where the tenant is read, the admitted tenants), audiences, algorithms, {@code typ}, clock skew,
 * length and lifetime limits, required claims, the principal and role claims, and which key locations
are trusted at all ({@code jwks-allow-http}, {@code jwks-allow-cross-origin}, {@code jwks-trust-store}).
Two engines with equal
 * policies accept the same tokens as the same callers, so a decision one of them took on a request can
 * be reused by the other (a servlet filter and the JAX-RS filter on one request); otherwise the second
 * engine validates again. Paths, mode, transports and the other key-fetching settings (timeouts, sizes,
 * TTLs) decide which requests are looked at and how keys are fetched, not what a token means, and are
 * not part of it.
 */
public record ValidationPolicy(List<IssuerConfig> issuers, Set<String> audiences, Set<String> algorithms,
        Optional<String> requiredType, Duration clockSkew, int maxTokenLength, Optional<Duration> maxTokenLifetime,
        List<String> requiredClaims, String principalClaim, List<String> roleClaims, Optional<String> tenantIssuer,
        Optional<TenantSource> tenantSource, Optional<String> tenantJwksUri, Set<TenantId> tenants,
        boolean jwksAllowHttp, boolean jwksAllowCrossOrigin, Optional<java.nio.file.Path> jwksTrustStore) {

    /** The policy of {@code config}. */
    public static ValidationPolicy of(GateConfig config) {
        return new ValidationPolicy(config.issuers(), config.audiences(), config.algorithms(), config.requiredType(),
                config.clockSkew(), config.maxTokenLength(), config.maxTokenLifetime(), config.requiredClaims(),
                config.principalClaim(), config.roleClaims(), config.tenantIssuer(), config.tenantSource(),
                config.tenantJwksUri(), config.tenants(), config.jwksAllowHttp(), config.jwksAllowCrossOrigin(),
                config.jwksTrustStore());
    }
}
