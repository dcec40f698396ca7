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
 * and JWKS URI templates, where the tenant is read, the admitted tenants), audiences, algorithms, {@code typ} and whether ID tokens pass, clock skew,
 * length and lifetime limits, required claims, the principal and role claims, and which key locations
are trusted at all ({@code jwks-allow-http}, {@code jwks-allow-cross-origin}, {@code jwks-trust-store}), and the
 * DPoP rules ({@code dpop}, {@code dpop-algs}, {@code dpop-proof-max-age}, {@code public-origin}, {@code dpop-nonce}) and
 * the certificate-binding rules ({@code mtls-bound-tokens}, {@code client-cert-trusted-proxies}).
Two engines with equal
 * policies accept the same tokens as the same callers, so a decision one of them took on a request can
 * be reused by the other (a servlet filter and the JAX-RS filter on one request); otherwise the second
 * engine validates again. Paths, mode, transports and the other key-fetching settings (timeouts, sizes,
 * TTLs) decide which requests are looked at and how keys are fetched, not what a token means, and are
 * not part of it.
 */
public record ValidationPolicy(List<IssuerConfig> issuers, Set<String> audiences, Set<String> algorithms,
        Optional<String> requiredType, boolean acceptIdTokens, Duration clockSkew, int maxTokenLength, Optional<Duration> maxTokenLifetime,
        List<String> requiredClaims, String principalClaim, List<String> roleClaims, Optional<String> tenantIssuer,
        Optional<TenantSource> tenantSource, Optional<String> tenantJwksUri, Set<TenantId> tenants,
        boolean jwksAllowHttp, boolean jwksAllowCrossOrigin, Optional<java.nio.file.Path> jwksTrustStore,
        DpopMode dpop, Set<String> dpopAlgorithms, Duration dpopProofMaxAge, Optional<java.net.URI> publicOrigin,
        boolean requestOriginTrusted, boolean dpopNonce, MtlsMode mtlsBoundTokens,
        List<org.jwtgate.mtls.AddressRange> clientCertTrustedProxies) {

    /** The policy of {@code config}. */
    public static ValidationPolicy of(GateConfig config) {
        return new ValidationPolicy(config.issuers(), config.audiences(), config.algorithms(), config.requiredType(),
                config.acceptIdTokens(),
                config.clockSkew(), config.maxTokenLength(), config.maxTokenLifetime(), config.requiredClaims(),
                config.principalClaim(), config.roleClaims(), config.tenantIssuer(), config.tenantSource(),
                config.tenantJwksUri(), config.tenants(), config.jwksAllowHttp(), config.jwksAllowCrossOrigin(),
                config.jwksTrustStore(), config.dpop(), config.dpopAlgorithms(), config.dpopProofMaxAge(),
                config.publicOrigin(), config.requestOriginTrusted(), config.dpopNonce(), config.mtlsBoundTokens(),
                config.clientCertTrustedProxies());
    }

    // equals, hashCode and toString written out: compared on every request that a second engine sees
    // (reuses), and a record's generated ones are linked through java.lang.runtime.ObjectMethods, whose
    // JDK-wide caches were seen pinning an undeployed WAR's class loader. Null-safe, as the record's were.

    @Override
    public boolean equals(Object o) {
        return o instanceof ValidationPolicy p && java.util.Objects.equals(issuers, p.issuers)
                && java.util.Objects.equals(audiences, p.audiences)
                && java.util.Objects.equals(algorithms, p.algorithms)
                && java.util.Objects.equals(requiredType, p.requiredType)
                && acceptIdTokens == p.acceptIdTokens
                && java.util.Objects.equals(clockSkew, p.clockSkew)
                && maxTokenLength == p.maxTokenLength
                && java.util.Objects.equals(maxTokenLifetime, p.maxTokenLifetime)
                && java.util.Objects.equals(requiredClaims, p.requiredClaims)
                && java.util.Objects.equals(principalClaim, p.principalClaim)
                && java.util.Objects.equals(roleClaims, p.roleClaims)
                && java.util.Objects.equals(tenantIssuer, p.tenantIssuer)
                && java.util.Objects.equals(tenantSource, p.tenantSource)
                && java.util.Objects.equals(tenantJwksUri, p.tenantJwksUri)
                && java.util.Objects.equals(tenants, p.tenants)
                && jwksAllowHttp == p.jwksAllowHttp
                && jwksAllowCrossOrigin == p.jwksAllowCrossOrigin
                && java.util.Objects.equals(jwksTrustStore, p.jwksTrustStore)
                && dpop == p.dpop
                && java.util.Objects.equals(dpopAlgorithms, p.dpopAlgorithms)
                && java.util.Objects.equals(dpopProofMaxAge, p.dpopProofMaxAge)
                && java.util.Objects.equals(publicOrigin, p.publicOrigin)
                && requestOriginTrusted == p.requestOriginTrusted
                && dpopNonce == p.dpopNonce
                && mtlsBoundTokens == p.mtlsBoundTokens
                && java.util.Objects.equals(clientCertTrustedProxies, p.clientCertTrustedProxies);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(issuers, audiences, algorithms, requiredType, acceptIdTokens, clockSkew, maxTokenLength,
                maxTokenLifetime, requiredClaims, principalClaim, roleClaims, tenantIssuer, tenantSource, tenantJwksUri,
                tenants, jwksAllowHttp, jwksAllowCrossOrigin, jwksTrustStore, dpop, dpopAlgorithms, dpopProofMaxAge,
                publicOrigin, requestOriginTrusted, dpopNonce, mtlsBoundTokens, clientCertTrustedProxies);
    }

    @Override
    public String toString() {
        return "ValidationPolicy[issuers=" + issuers
                + ", audiences=" + audiences
                + ", algorithms=" + algorithms
                + ", requiredType=" + requiredType
                + ", acceptIdTokens=" + acceptIdTokens
                + ", clockSkew=" + clockSkew
                + ", maxTokenLength=" + maxTokenLength
                + ", maxTokenLifetime=" + maxTokenLifetime
                + ", requiredClaims=" + requiredClaims
                + ", principalClaim=" + principalClaim
                + ", roleClaims=" + roleClaims
                + ", tenantIssuer=" + tenantIssuer
                + ", tenantSource=" + tenantSource
                + ", tenantJwksUri=" + tenantJwksUri
                + ", tenants=" + tenants
                + ", jwksAllowHttp=" + jwksAllowHttp
                + ", jwksAllowCrossOrigin=" + jwksAllowCrossOrigin
                + ", jwksTrustStore=" + jwksTrustStore
                + ", dpop=" + dpop
                + ", dpopAlgorithms=" + dpopAlgorithms
                + ", dpopProofMaxAge=" + dpopProofMaxAge
                + ", publicOrigin=" + publicOrigin
                + ", requestOriginTrusted=" + requestOriginTrusted
                + ", dpopNonce=" + dpopNonce
                + ", mtlsBoundTokens=" + mtlsBoundTokens
                + ", clientCertTrustedProxies=" + clientCertTrustedProxies + "]";
    }
}
