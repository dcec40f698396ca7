package org.jwtgate.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jwtgate.crypto.CryptoProvider;
import org.jwtgate.mtls.AddressRange;
import org.jwtgate.tenant.TenantId;
import org.jwtgate.tenant.TenantSource;

/**
 * The immutable configuration of one filter or servlet. Built in code with {@link #builder()} or
 * from string key/values (web.xml init-params, JAX-RS properties) with {@link #fromParameters(Map)};
 * both paths end in the same validation in {@link Builder#build()}. Every parameter, its default
 * and its syntax is listed in {@link Parameters}.
 */
public final class GateConfig {

    /** RS256/384/512, PS256/384/512, ES256/384/512 and EdDSA: asymmetric only. */
    public static final Set<String> DEFAULT_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384",
            "PS512", "ES256", "ES384", "ES512", "EdDSA");

    /** {@link #DEFAULT_ALGORITHMS} in the order they are written when listed. */
    public static final List<String> ALGORITHM_ORDER = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512", "EdDSA");

    private final boolean enabled;
    private final String realm;
    private final List<IssuerConfig> issuers;
    private final Set<String> audiences;
    private final Set<String> algorithms;
    private final int maxTokenLength;
    private final Duration clockSkew;
    private final Optional<Duration> maxTokenLifetime;
    private final Optional<String> requiredType;
    private final boolean acceptIdTokens;
    private final List<String> requiredClaims;
    private final String principalClaim;
    private final List<String> roleClaims;
    private final boolean queryParameter;
    private final boolean formParameter;
    private final Optional<String> cookieName;
    private final Mode mode;
    private final List<String> protectedPaths;
    private final List<String> excludedPaths;
    private final Duration jwksConnectTimeout;
    private final Duration jwksReadTimeout;
    private final int jwksMaxResponseBytes;
    private final Duration jwksDefaultTtl;
    private final Duration jwksMinTtl;
    private final Duration jwksMaxTtl;
    private final Duration jwksRefreshInterval;
    private final Duration jwksMaxStaleness;
    private final Duration jwksRefreshAhead;
    private final boolean jwksAllowHttp;
    private final Optional<Path> jwksTrustStore;
    private final Optional<String> jwksTrustStorePassword;
    private final String jwksTrustStoreType;
    private final boolean jwksAllowCrossOrigin;
    private final Map<String, String> jwksAuthorizations;
    private final Duration retryAfter;
    private final boolean tokenCache;
    private final int tokenCacheSize;
    private final int tokenCacheMemory;
    private final Duration tokenCacheMaxTtl;
    private final boolean metrics;
    private final CryptoProvider cryptoProvider;
    private final Optional<String> tenantIssuer;
    private final Optional<TenantSource> tenantSource;
    private final Optional<String> tenantJwksUri;
    private final Set<TenantId> tenants;
    private final int tenantCacheSize;
    private final int tenantLoadLimit;
    private final DpopMode dpop;
    private final Set<String> dpopAlgorithms;
    private final Duration dpopProofMaxAge;
    private final int dpopReplayCacheSize;
    private final Optional<URI> publicOrigin;
    private final boolean requestOriginTrusted;
    private final DpopReplayStore dpopReplayStore;
    private final Optional<String> dpopReplayJdbcJndiName;
    private final Optional<String> dpopReplayJdbcUrl;
    private final Optional<String> dpopReplayJdbcUser;
    private final Optional<String> dpopReplayJdbcPassword;
    private final String dpopReplayJdbcTable;
    private final MtlsMode mtlsBoundTokens;
    private final List<AddressRange> clientCertTrustedProxies;
    private final boolean dpopNonce;
    private final Optional<String> dpopNonceSecret;
    private final Duration dpopNonceLifetime;
    private final List<String> requiredAcr;
    private final Optional<Duration> maxAuthAge;
    private final Map<String, List<String>> requiredAcrByPath;
    private final Map<String, Duration> maxAuthAgeByPath;
    private final Optional<ResourceMetadataConfig> resourceMetadata;
    private final Clock clock;

    private GateConfig(Builder b, Map<String, String> jwksAuthorizations) {
        this.enabled = b.enabled;
        this.realm = b.realm;
        this.issuers = List.copyOf(b.issuers);
        this.audiences = Set.copyOf(b.audiences);
        this.algorithms = Set.copyOf(b.algorithms);
        this.maxTokenLength = b.maxTokenLength;
        this.clockSkew = b.clockSkew;
        this.maxTokenLifetime = b.maxTokenLifetime;
        this.requiredType = b.requiredType;
        this.acceptIdTokens = b.acceptIdTokens;
        this.requiredClaims = List.copyOf(b.requiredClaims);
        this.principalClaim = b.principalClaim;
        this.roleClaims = List.copyOf(b.roleClaims);
        this.queryParameter = b.queryParameter;
        this.formParameter = b.formParameter;
        this.cookieName = b.cookieName;
        this.mode = b.mode;
        this.protectedPaths = List.copyOf(b.protectedPaths);
        this.excludedPaths = List.copyOf(b.excludedPaths);
        this.jwksConnectTimeout = b.jwksConnectTimeout;
        this.jwksReadTimeout = b.jwksReadTimeout;
        this.jwksMaxResponseBytes = b.jwksMaxResponseBytes;
        this.jwksDefaultTtl = b.jwksDefaultTtl;
        this.jwksMinTtl = b.jwksMinTtl;
        this.jwksMaxTtl = b.jwksMaxTtl;
        this.jwksRefreshInterval = b.jwksRefreshInterval;
        this.jwksMaxStaleness = b.jwksMaxStaleness;
        this.jwksRefreshAhead = b.jwksRefreshAhead;
        this.jwksAllowHttp = b.jwksAllowHttp;
        this.jwksTrustStore = b.jwksTrustStore;
        this.jwksTrustStorePassword = b.jwksTrustStorePassword;
        this.jwksTrustStoreType = b.jwksTrustStoreType;
        this.jwksAllowCrossOrigin = b.jwksAllowCrossOrigin;
        this.jwksAuthorizations = Map.copyOf(jwksAuthorizations);
        this.retryAfter = b.retryAfter;
        this.tokenCache = b.tokenCache;
        this.tokenCacheSize = b.tokenCacheSize;
        this.tokenCacheMemory = b.tokenCacheMemory;
        this.tokenCacheMaxTtl = b.tokenCacheMaxTtl;
        this.metrics = b.metrics;
        this.cryptoProvider = b.cryptoProvider;
        this.tenantIssuer = b.tenantIssuer;
        this.tenantSource = b.tenantSource;
        this.tenantJwksUri = b.tenantJwksUri;
        this.tenants = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(b.tenants));
        this.tenantCacheSize = b.tenantCacheSize;
        this.tenantLoadLimit = b.tenantLoadLimit;
        this.dpop = b.dpop;
        // The algs of the DPoP challenge: as written, or the engine's in a fixed order (the same on every node).
        this.dpopAlgorithms = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(b.dpopAlgorithms.isEmpty()
                ? ALGORITHM_ORDER.stream().filter(b.algorithms::contains).toList() : b.dpopAlgorithms));
        this.dpopProofMaxAge = b.dpopProofMaxAge;
        this.dpopReplayCacheSize = b.dpopReplayCacheSize;
        this.publicOrigin = b.publicOrigin;
        this.requestOriginTrusted = b.requestOriginTrusted;
        this.dpopReplayStore = b.dpopReplayStore;
        this.dpopReplayJdbcJndiName = b.dpopReplayJdbcJndiName;
        this.dpopReplayJdbcUrl = b.dpopReplayJdbcUrl;
        this.dpopReplayJdbcUser = b.dpopReplayJdbcUser;
        this.dpopReplayJdbcPassword = b.dpopReplayJdbcPassword;
        this.dpopReplayJdbcTable = b.dpopReplayJdbcTable;
        this.mtlsBoundTokens = b.mtlsBoundTokens;
        this.clientCertTrustedProxies = List.copyOf(b.clientCertTrustedProxies);
        this.dpopNonce = b.dpopNonce;
        this.dpopNonceSecret = b.dpopNonceSecret;
        this.dpopNonceLifetime = b.dpopNonceLifetime;
        this.requiredAcr = List.copyOf(b.requiredAcr);
        this.maxAuthAge = b.maxAuthAge;
        Map<String, List<String>> acrByPath = new java.util.LinkedHashMap<>();
        b.requiredAcrByPath.forEach((k, v) -> acrByPath.put(k, List.copyOf(v)));
        this.requiredAcrByPath = java.util.Collections.unmodifiableMap(acrByPath);
        this.maxAuthAgeByPath = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(b.maxAuthAgeByPath));
        this.resourceMetadata = b.resourceMetadata;
        this.clock = b.clock;
    }

    /** A builder with every default of {@link Parameters}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses string key/values (placeholders resolved against the environment and system
     * properties). Unknown keys and bad values throw {@link ConfigException}.
     */
    public static GateConfig fromParameters(Map<String, String> parameters) {
        return Parameters.parse(parameters, Placeholders.system()).build();
    }

    public boolean enabled() { return enabled; }
    public String realm() { return realm; }
    public List<IssuerConfig> issuers() { return issuers; }
    public Set<String> audiences() { return audiences; }
    public Set<String> algorithms() { return algorithms; }
    public int maxTokenLength() { return maxTokenLength; }
    public Duration clockSkew() { return clockSkew; }
    /**
     * The longest a token may be valid: {@code exp} at most this far (plus the clock skew) from now and
     * from {@code iat}; empty when the operator opted out with {@code max-token-lifetime=unlimited}.
     */
    public Optional<Duration> maxTokenLifetime() { return maxTokenLifetime; }
    public Optional<String> requiredType() { return requiredType; }
    /**
     * Whether tokens carrying what only OpenID Connect ID tokens carry (payload {@code typ} "ID",
     * {@code nonce}, {@code at_hash}, {@code c_hash}, {@code s_hash}) are accepted as access tokens;
     * {@code false} by default (parameter {@code accept-id-tokens}).
     */
    public boolean acceptIdTokens() { return acceptIdTokens; }
    public List<String> requiredClaims() { return requiredClaims; }
    public String principalClaim() { return principalClaim; }
    public List<String> roleClaims() { return roleClaims; }
    public boolean queryParameter() { return queryParameter; }
    public boolean formParameter() { return formParameter; }
    public Optional<String> cookieName() { return cookieName; }
    public Mode mode() { return mode; }
    public List<String> protectedPaths() { return protectedPaths; }
    public List<String> excludedPaths() { return excludedPaths; }
    public Duration jwksConnectTimeout() { return jwksConnectTimeout; }
    public Duration jwksReadTimeout() { return jwksReadTimeout; }
    public int jwksMaxResponseBytes() { return jwksMaxResponseBytes; }
    public Duration jwksDefaultTtl() { return jwksDefaultTtl; }
    public Duration jwksMinTtl() { return jwksMinTtl; }
    public Duration jwksMaxTtl() { return jwksMaxTtl; }
    public Duration jwksRefreshInterval() { return jwksRefreshInterval; }
    public Duration jwksMaxStaleness() { return jwksMaxStaleness; }
    public Duration jwksRefreshAhead() { return jwksRefreshAhead; }
    public boolean jwksAllowHttp() { return jwksAllowHttp; }
    public Optional<Path> jwksTrustStore() { return jwksTrustStore; }
    public Optional<String> jwksTrustStorePassword() { return jwksTrustStorePassword; }
    public String jwksTrustStoreType() { return jwksTrustStoreType; }
    /**
     * Whether a {@code jwks_uri} found through discovery may be on another origin than its issuer
     * (it still obeys the https/loopback rule of {@link #jwksAllowHttp()}).
     */
    public boolean jwksAllowCrossOrigin() { return jwksAllowCrossOrigin; }
    /**
     * The static {@code Authorization} header value configured for this issuer's key endpoints, if
     * any. A secret: callers send it to that issuer's own key origin only (see
     * {@code org.jwtgate.jwks.JwksCredential}) and never log it.
     */
    public Optional<String> jwksAuthorization(String issuer) { return Optional.ofNullable(jwksAuthorizations.get(issuer)); }
    public Duration retryAfter() { return retryAfter; }
    /** Whether verified tokens are cached until they expire (see {@code org.jwtgate.validation.TokenValidator}). */
    public boolean tokenCache() { return tokenCache; }
    public int tokenCacheSize() { return tokenCacheSize; }
    /** The bound on the estimated heap of the token cache, in bytes. */
    public int tokenCacheMemory() { return tokenCacheMemory; }
    public Duration tokenCacheMaxTtl() { return tokenCacheMaxTtl; }
    /** Whether the engine counts decisions and times validations ({@code metrics}). */
    public boolean metrics() { return metrics; }
    /**
     * Which engine verifies signatures ({@code crypto-provider}, default {@code auto}); its rules are in
     * {@link org.jwtgate.crypto.SignatureEngines}.
     */
    public CryptoProvider cryptoProvider() { return cryptoProvider; }
    /**
     * The issuer template of tenant-bound routes, with {@code {tenant}}: on a route of
     * {@link #tenantSource()}, a token is accepted only from the issuer of the tenant the request names.
     */
    public Optional<String> tenantIssuer() { return tenantIssuer; }
    /** Where a request names its tenant; present exactly when {@link #tenantIssuer()} is. */
    public Optional<TenantSource> tenantSource() { return tenantSource; }
    /** The JWKS URI template of the tenants' issuers; empty: each tenant's keys are discovered. */
    public Optional<String> tenantJwksUri() { return tenantJwksUri; }
    /** The tenants that may be named; empty: any well-formed tenant. */
    public Set<TenantId> tenants() { return tenants; }
    /** The most tenants whose issuers (consumer and key set) are held at once. */
    public int tenantCacheSize() { return tenantCacheSize; }
    /** Without {@link #tenants()}: the most tenants not held yet that are admitted per refresh interval. */
    public int tenantLoadLimit() { return tenantLoadLimit; }
    /** Whether DPoP-bound tokens (RFC 9449) are taken: {@code dpop}. */
    public DpopMode dpop() { return dpop; }
    /** The {@code alg}s a DPoP proof may use ({@code dpop-algs}; by default the engine's {@link #algorithms()}). */
    public Set<String> dpopAlgorithms() { return dpopAlgorithms; }
    /** How old a DPoP proof's {@code iat} may be, before the clock skew ({@code dpop-proof-max-age}). */
    public Duration dpopProofMaxAge() { return dpopProofMaxAge; }
    /** The most DPoP proof ids remembered against replay, per engine ({@code dpop-replay-cache-size}). */
    public int dpopReplayCacheSize() { return dpopReplayCacheSize; }
    /**
     * The scheme, host and port clients use to reach this application ({@code public-origin}); a DPoP
     * proof's {@code htu} is compared with it and the request's path. Empty: see {@link #requestOriginTrusted()}.
     */
    public Optional<URI> publicOrigin() { return publicOrigin; }
    /**
     * {@code public-origin=from-request}: the explicit opt-in to take the origin of a DPoP proof's
     * {@code htu} from the request as the container reports it (its {@code Host} header, or whatever the
     * container was told to trust, such as {@code X-Forwarded-*}).
     */
    public boolean requestOriginTrusted() { return requestOriginTrusted; }
    /** Where accepted DPoP proofs are remembered ({@code dpop-replay-store}). */
    public DpopReplayStore dpopReplayStore() { return dpopReplayStore; }
    /** With {@link DpopReplayStore#JDBC}: the JNDI name of the container's {@code DataSource}. */
    public Optional<String> dpopReplayJdbcJndiName() { return dpopReplayJdbcJndiName; }
    /** With {@link DpopReplayStore#JDBC}: a JDBC URL instead (tests and tools; no pool). */
    public Optional<String> dpopReplayJdbcUrl() { return dpopReplayJdbcUrl; }
    public Optional<String> dpopReplayJdbcUser() { return dpopReplayJdbcUser; }
    /** A secret: never logged or shown. */
    public Optional<String> dpopReplayJdbcPassword() { return dpopReplayJdbcPassword; }
    /** The table of the proof ids ({@code dpop-replay-jdbc-table}). */
    public String dpopReplayJdbcTable() { return dpopReplayJdbcTable; }
    /** Which tokens must be bound to the client's certificate, RFC 8705 §3 ({@code mtls-bound-tokens}). */
    public MtlsMode mtlsBoundTokens() { return mtlsBoundTokens; }
    /**
     * The peer addresses whose RFC 9440 {@code Client-Cert} header is believed ({@code client-cert-trusted-proxies});
     * empty (the default): the header is never read.
     */
    public List<AddressRange> clientCertTrustedProxies() { return clientCertTrustedProxies; }
    /** Whether every DPoP proof must carry a nonce this server provided ({@code dpop-nonce=required}, RFC 9449 §8). */
    public boolean dpopNonce() { return dpopNonce; }
    /**
     * The secret the nonces are made with, the same on every node ({@code dpop-nonce-secret}); empty: a
     * random one per engine. A secret: never logged or shown.
     */
    public Optional<String> dpopNonceSecret() { return dpopNonceSecret; }
    /** How long one nonce is handed out; it is accepted for that long again ({@code dpop-nonce-lifetime}). */
    public Duration dpopNonceLifetime() { return dpopNonceLifetime; }
    /** The {@code acr} values of which a caller needs one everywhere ({@code required-acr}); empty: none required. */
    public List<String> requiredAcr() { return requiredAcr; }
    /** The maximum authentication age ({@code auth_time}) everywhere ({@code max-auth-age}); empty: none required. */
    public Optional<Duration> maxAuthAge() { return maxAuthAge; }
    /** {@code required-acr[PATTERN]}: the {@code acr} values required on the paths of each pattern, in order given. */
    public Map<String, List<String>> requiredAcrByPath() { return requiredAcrByPath; }
    /** {@code max-auth-age[PATTERN]}: the maximum authentication age on the paths of each pattern. */
    public Map<String, Duration> maxAuthAgeByPath() { return maxAuthAgeByPath; }
    /**
     * The application as an OAuth 2.0 protected resource (RFC 9728, {@code resource-identifier} and the
     * {@code resource-*} parameters); empty when no resource identifier is configured. When present,
     * every challenge carries {@code resource_metadata} and the metadata servlet or resource serves it.
     */
    public Optional<ResourceMetadataConfig> resourceMetadata() { return resourceMetadata; }
    /** The time source of every time-dependent rule; a test seam. */
    public Clock clock() { return clock; }

    @Override
    public String toString() {
        return "GateConfig[issuers=" + issuers + ", audiences=" + audiences + ", mode=" + mode
                + tenantIssuer.map(t -> ", tenant-issuer=" + t + ", tenant-source=" + tenantSource.orElseThrow()
                        + (tenants.isEmpty() ? "" : ", tenants=" + tenants)).orElse("") + "]";
    }

    /**
     * Builds a {@link GateConfig}. Values are checked in {@link #build()}; the exception names the
     * parameter (the same names as in {@link Parameters}) and the bad value.
     */
    public static final class Builder {
        private boolean enabled = true;
        private String realm = "jwtgate";
        private final List<IssuerConfig> issuers = new ArrayList<>();
        private final Set<String> audiences = new LinkedHashSet<>();
        private Set<String> algorithms = new LinkedHashSet<>(DEFAULT_ALGORITHMS);
        private int maxTokenLength = 16 * 1024;
        private Duration clockSkew = Duration.ofSeconds(60);
        private Optional<Duration> maxTokenLifetime = Optional.of(Duration.ofHours(24));
        private Optional<String> requiredType = Optional.empty();
        private boolean acceptIdTokens;
        private List<String> requiredClaims = new ArrayList<>();
        private String principalClaim = "sub";
        private List<String> roleClaims = new ArrayList<>(List.of("groups"));
        private boolean queryParameter;
        private boolean formParameter;
        private Optional<String> cookieName = Optional.empty();
        private Mode mode = Mode.REQUIRED;
        private List<String> protectedPaths = new ArrayList<>(List.of("/*"));
        private List<String> excludedPaths = new ArrayList<>();
        private Duration jwksConnectTimeout = Duration.ofSeconds(2);
        private Duration jwksReadTimeout = Duration.ofSeconds(2);
        private int jwksMaxResponseBytes = 512 * 1024;
        private Duration jwksDefaultTtl = Duration.ofMinutes(5);
        private Duration jwksMinTtl = Duration.ofSeconds(30);
        private Duration jwksMaxTtl = Duration.ofHours(24);
        private Duration jwksRefreshInterval = Duration.ofSeconds(30);
        private Duration jwksMaxStaleness = Duration.ofHours(6);
        private Duration jwksRefreshAhead = Duration.ofSeconds(30);
        private boolean jwksAllowHttp;
        private Optional<Path> jwksTrustStore = Optional.empty();
        private Optional<String> jwksTrustStorePassword = Optional.empty();
        private String jwksTrustStoreType = "PKCS12";
        private boolean jwksAllowCrossOrigin;
        private Optional<String> jwksAuthorization = Optional.empty();
        private final Map<String, String> jwksAuthorizations = new java.util.LinkedHashMap<>();
        private final Set<String> jwksAuthorizationsGivenTwice = new LinkedHashSet<>();
        private Duration retryAfter = Duration.ofSeconds(30);
        private boolean tokenCache = true;
        private int tokenCacheSize = 10_000;
        private int tokenCacheMemory = 32 * 1024 * 1024;
        private Duration tokenCacheMaxTtl = Duration.ofMinutes(5);
        private boolean metrics = true;
        private CryptoProvider cryptoProvider = CryptoProvider.AUTO;
        private Optional<String> tenantIssuer = Optional.empty();
        private Optional<TenantSource> tenantSource = Optional.empty();
        private Optional<String> tenantJwksUri = Optional.empty();
        private Set<TenantId> tenants = new LinkedHashSet<>();
        private int tenantCacheSize = 1000;
        private int tenantLoadLimit = 100;
        private DpopMode dpop = DpopMode.OFF;
        private Set<String> dpopAlgorithms = new LinkedHashSet<>();
        private Duration dpopProofMaxAge = Duration.ofSeconds(60);
        private int dpopReplayCacheSize = 100_000;
        private Optional<URI> publicOrigin = Optional.empty();
        private boolean requestOriginTrusted;
        private DpopReplayStore dpopReplayStore = DpopReplayStore.MEMORY;
        private Optional<String> dpopReplayJdbcJndiName = Optional.empty();
        private Optional<String> dpopReplayJdbcUrl = Optional.empty();
        private Optional<String> dpopReplayJdbcUser = Optional.empty();
        private Optional<String> dpopReplayJdbcPassword = Optional.empty();
        private Optional<String> resourceIdentifier = Optional.empty();
        private List<String> resourceScopes = List.of();
        private List<String> resourceAuthorizationServers = List.of();
        private Optional<String> resourceJwksUri = Optional.empty();
        private List<String> resourceSigningAlgorithms = List.of();
        private Optional<String> resourceMetadataSigningTenant = Optional.empty();
        private Optional<ResourceMetadataConfig> resourceMetadata = Optional.empty();
        private String dpopReplayJdbcTable = "jwtgate_dpop_proof";
        private MtlsMode mtlsBoundTokens = MtlsMode.ALLOWED;
        private List<AddressRange> clientCertTrustedProxies = List.of();
        private boolean dpopNonce;
        private Optional<String> dpopNonceSecret = Optional.empty();
        private Duration dpopNonceLifetime = Duration.ofMinutes(1);
        private List<String> requiredAcr = new ArrayList<>();
        private Optional<Duration> maxAuthAge = Optional.empty();
        private final Map<String, List<String>> requiredAcrByPath = new java.util.LinkedHashMap<>();
        private final Map<String, Duration> maxAuthAgeByPath = new java.util.LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** {@code false} turns the filter into a pass-through (an explicit opt-out, logged). */
        public Builder enabled(boolean v) { this.enabled = v; return this; }
        public Builder realm(String v) { this.realm = Objects.requireNonNull(v, "realm"); return this; }
        /** Adds a trusted issuer. */
        public Builder issuer(IssuerConfig v) { this.issuers.add(Objects.requireNonNull(v, "issuer")); return this; }
        /** Adds a trusted issuer whose JWKS URI is discovered. */
        public Builder issuer(String issuer) { return issuer(IssuerConfig.discovered(issuer)); }
        /** Adds a trusted issuer with its JWKS URI. */
        public Builder issuer(String issuer, String jwksUri) { return issuer(IssuerConfig.withJwks(issuer, jwksUri)); }
        /** Adds accepted audiences; a token's {@code aud} must contain one of them. */
        public Builder audiences(String... v) { this.audiences.addAll(List.of(v)); return this; }
        public Builder algorithms(Collection<String> v) { this.algorithms = new LinkedHashSet<>(v); return this; }
        public Builder maxTokenLength(int v) { this.maxTokenLength = v; return this; }
        public Builder clockSkew(Duration v) { this.clockSkew = Objects.requireNonNull(v); return this; }
        /**
         * Refuses tokens whose {@code exp} lies further than this from now or from their {@code iat}
         * (default 24h); {@code null} is the explicit opt-out ({@code max-token-lifetime=unlimited}).
         */
        public Builder maxTokenLifetime(Duration v) { this.maxTokenLifetime = Optional.ofNullable(v); return this; }
        /** Requires this {@code typ} header, e.g. {@code at+jwt} (RFC 9068 §2.1). */
        public Builder requiredType(String v) { this.requiredType = Optional.ofNullable(v); return this; }
        public Builder acceptIdTokens(boolean v) { this.acceptIdTokens = v; return this; }
        public Builder requiredClaims(Collection<String> v) { this.requiredClaims = new ArrayList<>(v); return this; }
        public Builder principalClaim(String v) { this.principalClaim = Objects.requireNonNull(v); return this; }
        public Builder roleClaims(Collection<String> v) { this.roleClaims = new ArrayList<>(v); return this; }
        /** Accept {@code access_token} in the query string (RFC 6750 §2.3; discouraged). */
        public Builder queryParameter(boolean v) { this.queryParameter = v; return this; }
        /** Accept {@code access_token} in a form-encoded POST body (RFC 6750 §2.2). */
        public Builder formParameter(boolean v) { this.formParameter = v; return this; }
        public Builder cookieName(String v) { this.cookieName = Optional.ofNullable(v); return this; }
        public Builder mode(Mode v) { this.mode = Objects.requireNonNull(v); return this; }
        public Builder protectedPaths(Collection<String> v) { this.protectedPaths = new ArrayList<>(v); return this; }
        public Builder excludedPaths(Collection<String> v) { this.excludedPaths = new ArrayList<>(v); return this; }
        public Builder jwksConnectTimeout(Duration v) { this.jwksConnectTimeout = Objects.requireNonNull(v); return this; }
        public Builder jwksReadTimeout(Duration v) { this.jwksReadTimeout = Objects.requireNonNull(v); return this; }
        public Builder jwksMaxResponseBytes(int v) { this.jwksMaxResponseBytes = v; return this; }
        public Builder jwksDefaultTtl(Duration v) { this.jwksDefaultTtl = Objects.requireNonNull(v); return this; }
        public Builder jwksMinTtl(Duration v) { this.jwksMinTtl = Objects.requireNonNull(v); return this; }
        public Builder jwksMaxTtl(Duration v) { this.jwksMaxTtl = Objects.requireNonNull(v); return this; }
        public Builder jwksRefreshInterval(Duration v) { this.jwksRefreshInterval = Objects.requireNonNull(v); return this; }
        public Builder jwksMaxStaleness(Duration v) { this.jwksMaxStaleness = Objects.requireNonNull(v); return this; }
        public Builder jwksRefreshAhead(Duration v) { this.jwksRefreshAhead = Objects.requireNonNull(v); return this; }
        /** Allow plain-http JWKS and discovery URIs to non-loopback hosts (an explicit opt-out). */
        public Builder jwksAllowHttp(boolean v) { this.jwksAllowHttp = v; return this; }
        public Builder jwksTrustStore(Path v) { this.jwksTrustStore = Optional.ofNullable(v); return this; }
        public Builder jwksTrustStorePassword(String v) { this.jwksTrustStorePassword = Optional.ofNullable(v); return this; }
        public Builder jwksTrustStoreType(String v) { this.jwksTrustStoreType = Objects.requireNonNull(v); return this; }
        /**
         * Accept a {@code jwks_uri} that discovery finds on another origin than the issuer's (an explicit
         * opt-out; e.g. {@code https://accounts.google.com} publishes its keys on www.googleapis.com).
         */
        public Builder jwksAllowCrossOrigin(boolean v) { this.jwksAllowCrossOrigin = v; return this; }
        /**
         * A static {@code Authorization} header value for the key endpoints of the only configured
         * issuer; with several issuers {@link #build()} refuses it: use
         * {@link #jwksAuthorization(String, String)}.
         */
        public Builder jwksAuthorization(String v) { this.jwksAuthorization = Optional.ofNullable(v); return this; }
        /**
         * A static {@code Authorization} header value for the key endpoints of {@code issuer} (its exact
         * {@code iss}), sent only to the origin of its configured JWKS URI, or of the issuer itself when
         * its keys are discovered.
         */
        public Builder jwksAuthorization(String issuer, String v) {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(v, "value");
            if (jwksAuthorizations.put(issuer, v) != null) {
                jwksAuthorizationsGivenTwice.add(issuer);
            }
            return this;
        }
        public Builder retryAfter(Duration v) { this.retryAfter = Objects.requireNonNull(v); return this; }
        /**
         * {@code false} verifies every token's signature on every request; by default an accepted
         * token is answered from a cache (keyed by its SHA-256) until it expires, its key leaves the
         * issuer's key set, or {@link #tokenCacheMaxTtl} passes, whichever comes first.
         */
        public Builder tokenCache(boolean v) { this.tokenCache = v; return this; }
        /** The most tokens the cache holds. */
        public Builder tokenCacheSize(int v) { this.tokenCacheSize = v; return this; }
        /** The most heap, in bytes (estimated), the cache holds. */
        public Builder tokenCacheMemory(int v) { this.tokenCacheMemory = v; return this; }
        /** The longest a token is answered from the cache before it is verified again. */
        public Builder tokenCacheMaxTtl(Duration v) { this.tokenCacheMaxTtl = Objects.requireNonNull(v); return this; }
        /** Counts decisions by outcome and reason and times validations (default {@code true}). */
        public Builder metrics(boolean v) { this.metrics = v; return this; }
        /** Which engine verifies signatures (default {@link CryptoProvider#AUTO}). */
        public Builder cryptoProvider(CryptoProvider v) { this.cryptoProvider = Objects.requireNonNull(v); return this; }
        /**
         * Binds routes to tenants: the issuer of tenant {@code t} is this template with {@code {tenant}}
         * replaced by {@code t}, e.g. {@code https://auth.example.com/t/{tenant}}. Needs {@link #tenantSource}.
         */
        public Builder tenantIssuer(String v) { this.tenantIssuer = Optional.ofNullable(v); return this; }
        /** Where a request names its tenant. */
        public Builder tenantSource(TenantSource v) { this.tenantSource = Optional.ofNullable(v); return this; }
        /** The JWKS URI of each tenant's issuer, with {@code {tenant}}; by default discovered from the issuer. */
        public Builder tenantJwksUri(String v) { this.tenantJwksUri = Optional.ofNullable(v); return this; }
        /** The only tenants that may be named (none: any well-formed tenant). */
        public Builder tenants(Collection<TenantId> v) { this.tenants = new LinkedHashSet<>(v); return this; }
        /** The most tenants whose issuers are held at once (least recently used go first). */
        public Builder tenantCacheSize(int v) { this.tenantCacheSize = v; return this; }
        /** Without {@link #tenants}: the most tenants not held yet admitted per {@link #jwksRefreshInterval}. */
        public Builder tenantLoadLimit(int v) { this.tenantLoadLimit = v; return this; }
        /** Takes DPoP-bound tokens (RFC 9449): {@link DpopMode#ALLOWED} or {@link DpopMode#REQUIRED}. */
        public Builder dpop(DpopMode v) { this.dpop = Objects.requireNonNull(v); return this; }
        /** The algorithms a DPoP proof may use (asymmetric only); by default {@link #algorithms}. */
        public Builder dpopAlgorithms(Collection<String> v) { this.dpopAlgorithms = new LinkedHashSet<>(v); return this; }
        /** How old a DPoP proof may be (its {@code iat}), before the clock skew. */
        public Builder dpopProofMaxAge(Duration v) { this.dpopProofMaxAge = Objects.requireNonNull(v); return this; }
        /** The most DPoP proof ids remembered against replay. */
        public Builder dpopReplayCacheSize(int v) { this.dpopReplayCacheSize = v; return this; }
        /** The origin ({@code https://host[:port]}) clients use, when behind a proxy; see {@link GateConfig#publicOrigin()}. */
        public Builder publicOrigin(URI v) { this.publicOrigin = Optional.ofNullable(v); return this; }
        /**
         * Takes the origin of a DPoP proof's {@code htu} from the request as the container reports it
         * (an explicit opt-in: that is the client's {@code Host} header unless the container rewrites it).
         */
        public Builder requestOriginTrusted(boolean v) { this.requestOriginTrusted = v; return this; }
        /** Where accepted DPoP proofs are remembered: this node's heap (default) or a shared database. */
        public Builder dpopReplayStore(DpopReplayStore v) { this.dpopReplayStore = Objects.requireNonNull(v); return this; }
        public Builder dpopReplayJdbcJndiName(String v) { this.dpopReplayJdbcJndiName = Optional.ofNullable(v); return this; }
        public Builder dpopReplayJdbcUrl(String v) { this.dpopReplayJdbcUrl = Optional.ofNullable(v); return this; }
        public Builder dpopReplayJdbcUser(String v) { this.dpopReplayJdbcUser = Optional.ofNullable(v); return this; }
        public Builder dpopReplayJdbcPassword(String v) { this.dpopReplayJdbcPassword = Optional.ofNullable(v); return this; }
        public Builder dpopReplayJdbcTable(String v) { this.dpopReplayJdbcTable = Objects.requireNonNull(v); return this; }
        /** Which tokens must be certificate-bound (default {@link MtlsMode#ALLOWED}: bound ones are checked). */
        public Builder mtlsBoundTokens(MtlsMode v) { this.mtlsBoundTokens = Objects.requireNonNull(v); return this; }
        /** The TLS-terminating proxies whose {@code Client-Cert} header is believed (default none). */
        public Builder clientCertTrustedProxies(Collection<AddressRange> v) { this.clientCertTrustedProxies = List.copyOf(v); return this; }
        /** Requires a server-provided nonce in every DPoP proof (RFC 9449 §8). */
        public Builder dpopNonce(boolean v) { this.dpopNonce = v; return this; }
        /** The secret nonces are made with, shared by every node (at least 32 characters). */
        public Builder dpopNonceSecret(String v) { this.dpopNonceSecret = Optional.ofNullable(v); return this; }
        /** How long one nonce is handed out (it stays accepted for as long again). */
        public Builder dpopNonceLifetime(Duration v) { this.dpopNonceLifetime = Objects.requireNonNull(v); return this; }
        /** The resource identifier (RFC 9728 §1.2), an absolute https URL; see {@link GateConfig#resourceMetadata()}. */
        public Builder resourceIdentifier(String v) { this.resourceIdentifier = Optional.ofNullable(v); return this; }
        /** {@code scopes_supported} of the resource's metadata. */
        public Builder resourceScopes(Collection<String> v) { this.resourceScopes = List.copyOf(v); return this; }
        /** {@code authorization_servers} of the resource's metadata; by default the issuers. */
        public Builder resourceAuthorizationServers(Collection<String> v) { this.resourceAuthorizationServers = List.copyOf(v); return this; }
        /** {@code jwks_uri} of the resource's metadata. */
        public Builder resourceJwksUri(String v) { this.resourceJwksUri = Optional.ofNullable(v); return this; }
        /** {@code resource_signing_alg_values_supported} of the resource's metadata. */
        public Builder resourceSigningAlgorithms(Collection<String> v) { this.resourceSigningAlgorithms = List.copyOf(v); return this; }
        /** The tenant whose key signs the {@code signed_metadata} (RFC 9728 §2.2). */
        public Builder resourceMetadataSigningTenant(String v) { this.resourceMetadataSigningTenant = Optional.ofNullable(v); return this; }
        /** The time source; a test seam. */
        public Builder clock(Clock v) { this.clock = Objects.requireNonNull(v); return this; }
        /** The {@code acr} values of which a caller needs one everywhere (RFC 9470); empty: none. */
        public Builder requiredAcr(Collection<String> v) { this.requiredAcr = new ArrayList<>(v); return this; }
        /** The maximum authentication age everywhere (RFC 9470); null: none. */
        public Builder maxAuthAge(Duration v) { this.maxAuthAge = Optional.ofNullable(v); return this; }
        /** The {@code acr} values required on the paths of a servlet-style {@code pattern}, instead of the global ones. */
        public Builder requiredAcr(String pattern, Collection<String> v) {
            this.requiredAcrByPath.put(Objects.requireNonNull(pattern), new ArrayList<>(v));
            return this;
        }
        /** The maximum authentication age on the paths of a servlet-style {@code pattern}, instead of the global one. */
        public Builder maxAuthAge(String pattern, Duration v) {
            this.maxAuthAgeByPath.put(Objects.requireNonNull(pattern), Objects.requireNonNull(v));
            return this;
        }

        /** Checks every value and builds the configuration. */
        public GateConfig build() {
            if (!org.jwtgate.error.RfcCharset.isErrorText(realm)) {
                throw new ConfigException(Parameters.REALM, "'" + realm + "' must be printable ASCII without '\"' or '\\'");
            }
            if (issuers.isEmpty() && tenantIssuer.isEmpty()) {
                throw new ConfigException(Parameters.ISSUERS, "at least one trusted issuer is required (or "
                        + Parameters.TENANT_ISSUER + " for tenant-bound routes)");
            }
            Set<String> seen = new LinkedHashSet<>();
            for (IssuerConfig i : issuers) {
                checkIssuer(i);
                if (!seen.add(i.issuer())) {
                    throw new ConfigException(Parameters.ISSUERS, "issuer '" + i.issuer() + "' is listed twice");
                }
            }
            if (audiences.isEmpty() || audiences.stream().anyMatch(String::isBlank)) {
                throw new ConfigException(Parameters.AUDIENCES, "at least one non-blank accepted audience is required");
            }
            if (algorithms.isEmpty()) {
                throw new ConfigException(Parameters.ALGORITHMS, "at least one algorithm is required");
            }
            for (String alg : algorithms) {
                if (!DEFAULT_ALGORITHMS.contains(alg)) {
                    String why = alg.toLowerCase(Locale.ROOT).startsWith("hs") ? ": HMAC is never accepted with a JWKS"
                            : alg.equalsIgnoreCase("none") ? ": unsigned tokens are never accepted" : "";
                    throw new ConfigException(Parameters.ALGORITHMS, "'" + alg + "' is not allowed" + why
                            + " (allowed: " + String.join(" ", new java.util.TreeSet<>(DEFAULT_ALGORITHMS)) + ")");
                }
            }
            range(Parameters.MAX_TOKEN_LENGTH, maxTokenLength, 256, 1024 * 1024);
            range(Parameters.CLOCK_SKEW, clockSkew, Duration.ZERO, Duration.ofMinutes(10));
            if (maxTokenLifetime.isPresent()) {
                range(Parameters.MAX_TOKEN_LIFETIME, maxTokenLifetime.get(), Duration.ofMinutes(1), Duration.ofDays(3650));
            }
            if (requiredType.isPresent() && requiredType.get().isBlank()) {
                throw new ConfigException(Parameters.REQUIRED_TYPE, "must not be blank");
            }
            if (principalClaim.isBlank()) {
                throw new ConfigException(Parameters.PRINCIPAL_CLAIM, "must not be blank");
            }
            if (cookieName.isPresent() && !cookieName.get().matches("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+")) {
                throw new ConfigException(Parameters.COOKIE_NAME, "'" + cookieName.get() + "' is not a valid cookie name");
            }
            for (String p : protectedPaths) {
                checkPath(Parameters.PROTECTED_PATHS, p);
            }
            for (String p : excludedPaths) {
                checkPath(Parameters.EXCLUDED_PATHS, p);
            }
            range(Parameters.JWKS_CONNECT_TIMEOUT, jwksConnectTimeout, Duration.ofMillis(10), Duration.ofMinutes(1));
            range(Parameters.JWKS_READ_TIMEOUT, jwksReadTimeout, Duration.ofMillis(10), Duration.ofMinutes(1));
            range(Parameters.JWKS_MAX_RESPONSE_SIZE, jwksMaxResponseBytes, 1024, 16 * 1024 * 1024);
            range(Parameters.JWKS_MIN_TTL, jwksMinTtl, Duration.ZERO, Duration.ofDays(7));
            range(Parameters.JWKS_MAX_TTL, jwksMaxTtl, jwksMinTtl, Duration.ofDays(7));
            range(Parameters.JWKS_DEFAULT_TTL, jwksDefaultTtl, jwksMinTtl, jwksMaxTtl);
            range(Parameters.JWKS_REFRESH_INTERVAL, jwksRefreshInterval, Duration.ofSeconds(1), Duration.ofHours(1));
            range(Parameters.JWKS_MAX_STALENESS, jwksMaxStaleness, Duration.ZERO, Duration.ofDays(30));
            range(Parameters.JWKS_REFRESH_AHEAD, jwksRefreshAhead, Duration.ZERO, Duration.ofHours(1));
            range(Parameters.RETRY_AFTER, retryAfter, Duration.ofSeconds(1), Duration.ofHours(1));
            range(Parameters.TOKEN_CACHE_SIZE, tokenCacheSize, 1, 1_000_000);
            range(Parameters.TOKEN_CACHE_MEMORY, tokenCacheMemory, 64 * 1024, 1024 * 1024 * 1024);
            range(Parameters.TOKEN_CACHE_MAX_TTL, tokenCacheMaxTtl, Duration.ofSeconds(1), Duration.ofDays(1));
            checkTenants();
            checkDpop();
            checkStepUp();
            resourceMetadata = resourceMetadataConfig();
            if (jwksTrustStorePassword.isPresent() && jwksTrustStore.isEmpty()) {
                throw new ConfigException(Parameters.JWKS_TRUST_STORE_PASSWORD, "is set but jwks-trust-store is not");
            }
            Map<String, String> credentials = credentials(seen);
            return new GateConfig(this, credentials);
        }

        /**
         * Each issuer's credential, from {@code jwks-authorization} (one issuer only) and
         * {@code jwks-authorization[ISSUER]}. Messages name parameters and issuers, never a value.
         */
        private Map<String, String> credentials(Set<String> issuerNames) {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            if (jwksAuthorization.isPresent()) {
                if (issuerNames.isEmpty()) {
                    throw new ConfigException(Parameters.JWKS_AUTHORIZATION, "(value hidden) is for a configured issuer, "
                            + "and none is configured: the tenants' issuers (" + Parameters.TENANT_ISSUER + ") get no credential");
                }
                if (issuerNames.size() != 1) {
                    throw new ConfigException(Parameters.JWKS_AUTHORIZATION, "(value hidden) is for a single issuer, and "
                            + issuerNames.size() + " are configured: so that no other issuer receives it, give it per issuer as "
                            + Parameters.jwksAuthorizationFor("ISSUER") + " with the issuer's exact iss, e.g. "
                            + Parameters.jwksAuthorizationFor(issuerNames.iterator().next()));
                }
                checkHeaderValue(Parameters.JWKS_AUTHORIZATION, jwksAuthorization.get());
                out.put(issuerNames.iterator().next(), jwksAuthorization.get());
            }
            for (Map.Entry<String, String> e : jwksAuthorizations.entrySet()) {
                String parameter = Parameters.jwksAuthorizationFor(e.getKey());
                if (!issuerNames.contains(e.getKey())) {
                    throw new ConfigException(parameter, "'" + e.getKey() + "' is not a configured issuer (configured: "
                            + String.join(" ", issuerNames) + "); write the issuer exactly as in " + Parameters.ISSUERS);
                }
                if (out.containsKey(e.getKey())) {
                    throw new ConfigException(parameter, "names the same issuer as " + Parameters.JWKS_AUTHORIZATION
                            + "; give the credential once");
                }
                if (jwksAuthorizationsGivenTwice.contains(e.getKey())) {
                    throw new ConfigException(parameter, "is given twice; give the credential once");
                }
                checkHeaderValue(parameter, e.getValue());
                out.put(e.getKey(), e.getValue());
            }
            return out;
        }

        private static void checkHeaderValue(String parameter, String value) {
            if (value.isBlank() || !value.matches("[\\x20-\\x7E]+")) {
                throw new ConfigException(parameter, "(value hidden) must be printable ASCII");
            }
        }

        private void checkDpop() {
            for (String alg : dpopAlgorithms) {
                if (!DEFAULT_ALGORITHMS.contains(alg)) {
                    throw new ConfigException(Parameters.DPOP_ALGS, "'" + alg + "' is not allowed: a DPoP proof is signed "
                            + "with an asymmetric key (allowed: " + String.join(" ", new java.util.TreeSet<>(DEFAULT_ALGORITHMS)) + ")");
                }
            }
            range(Parameters.DPOP_PROOF_MAX_AGE, dpopProofMaxAge, Duration.ofSeconds(1), Duration.ofMinutes(10));
            range(Parameters.DPOP_REPLAY_CACHE_SIZE, dpopReplayCacheSize, 100, 10_000_000);
            if (dpopReplayStore == DpopReplayStore.JDBC) {
                if (dpopReplayJdbcJndiName.isPresent() == dpopReplayJdbcUrl.isPresent()) {
                    throw new ConfigException(Parameters.DPOP_REPLAY_JDBC_JNDI_NAME, "give either it or "
                            + Parameters.DPOP_REPLAY_JDBC_URL + " with " + Parameters.DPOP_REPLAY_STORE + "=jdbc");
                }
                if (dpop == DpopMode.OFF) {
                    throw new ConfigException(Parameters.DPOP_REPLAY_STORE, "'jdbc' is set but " + Parameters.DPOP + " is off");
                }
                if (!dpopReplayJdbcTable.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
                    throw new ConfigException(Parameters.DPOP_REPLAY_JDBC_TABLE, "'" + dpopReplayJdbcTable
                            + "' is not a table name (letters, digits and '_', at most 63)");
                }
            } else {
                String stray = dpopReplayJdbcJndiName.isPresent() ? Parameters.DPOP_REPLAY_JDBC_JNDI_NAME
                        : dpopReplayJdbcUrl.isPresent() ? Parameters.DPOP_REPLAY_JDBC_URL : null;
                if (stray != null) {
                    throw new ConfigException(stray, "is set but " + Parameters.DPOP_REPLAY_STORE + " is not jdbc");
                }
            }
            range(Parameters.DPOP_NONCE_LIFETIME, dpopNonceLifetime, Duration.ofSeconds(10), Duration.ofHours(1));
            if (dpopNonce && dpop == DpopMode.OFF) {
                throw new ConfigException(Parameters.DPOP_NONCE, "'required' is set but " + Parameters.DPOP + " is off");
            }
            if (dpopNonceSecret.isPresent()) {
                if (!dpopNonce) {
                    throw new ConfigException(Parameters.DPOP_NONCE_SECRET, "is set but " + Parameters.DPOP_NONCE + " is not required");
                }
                if (dpopNonceSecret.get().length() < 32) {
                    throw new ConfigException(Parameters.DPOP_NONCE_SECRET, "(value hidden) is too short: at least 32 characters");
                }
            }
            if (publicOrigin.isPresent() && requestOriginTrusted) {
                throw new ConfigException(Parameters.PUBLIC_ORIGIN, "is both an origin and " + Parameters.FROM_REQUEST
                        + ": give one");
            }
            if (dpop != DpopMode.OFF && publicOrigin.isEmpty() && !requestOriginTrusted) {
                throw new ConfigException(Parameters.PUBLIC_ORIGIN, "is required with " + Parameters.DPOP + "="
                        + dpop.name().toLowerCase(Locale.ROOT) + ": write the origin clients use, e.g. https://api.example.com, "
                        + "or " + Parameters.FROM_REQUEST + " to trust the Host header as the container reports it");
            }
            if (publicOrigin.isPresent()) {
                URI u = publicOrigin.get();
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                String path = u.getRawPath();
                if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null || u.getRawUserInfo() != null
                        || (path != null && !path.isEmpty() && !path.equals("/")) || u.getRawQuery() != null
                        || u.getRawFragment() != null) {
                    throw new ConfigException(Parameters.PUBLIC_ORIGIN, "'" + u + "' is not an origin: write "
                            + "https://host or https://host:port, without path, query or user");
                }
            }
        }

        private void checkStepUp() {
            checkAcr(Parameters.REQUIRED_ACR, requiredAcr);
            maxAuthAge.ifPresent(d -> checkMaxAge(Parameters.MAX_AUTH_AGE, d));
            requiredAcrByPath.forEach((pattern, acr) -> {
                String parameter = Parameters.perPath(Parameters.REQUIRED_ACR, pattern);
                checkPath(parameter, pattern);
                if (acr.isEmpty()) {
                    throw new ConfigException(parameter, "names no acr value");
                }
                checkAcr(parameter, acr);
            });
            maxAuthAgeByPath.forEach((pattern, age) -> {
                String parameter = Parameters.perPath(Parameters.MAX_AUTH_AGE, pattern);
                checkPath(parameter, pattern);
                checkMaxAge(parameter, age);
            });
        }

        private static void checkAcr(String parameter, List<String> acr) {
            for (String a : acr) {
                if (!org.jwtgate.error.RfcCharset.isScopeToken(a)) {
                    throw new ConfigException(parameter, "'" + a + "' is not an acr value that a challenge can name "
                            + "(printable ASCII without space, '\"' or '\\')");
                }
            }
        }

        private static void checkMaxAge(String parameter, Duration d) {
            try {
                org.jwtgate.stepup.StepUp.requireMaxAge(d);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(parameter, "'" + Parameters.format(d) + "' is not whole seconds from 0s to 366d");
            }
        }

        private Optional<ResourceMetadataConfig> resourceMetadataConfig() {
            if (resourceIdentifier.isEmpty()) {
                String stray = !resourceScopes.isEmpty() ? Parameters.RESOURCE_SCOPES
                        : !resourceAuthorizationServers.isEmpty() ? Parameters.RESOURCE_AUTHORIZATION_SERVERS
                        : resourceJwksUri.isPresent() ? Parameters.RESOURCE_JWKS_URI
                        : !resourceSigningAlgorithms.isEmpty() ? Parameters.RESOURCE_SIGNING_ALGS
                        : resourceMetadataSigningTenant.isPresent() ? Parameters.RESOURCE_METADATA_SIGNING_TENANT : null;
                if (stray != null) {
                    throw new ConfigException(stray, "is set but " + Parameters.RESOURCE_IDENTIFIER + " is not");
                }
                return Optional.empty();
            }
            URI resource = ResourceMetadataConfig.httpsUrl(Parameters.RESOURCE_IDENTIFIER, resourceIdentifier.get());
            Optional<URI> jwks = resourceJwksUri.map(u -> ResourceMetadataConfig.httpsUrl(Parameters.RESOURCE_JWKS_URI, u));
            Optional<TenantId> tenant = resourceMetadataSigningTenant.map(t -> TenantId.parse(t).orElseThrow(() ->
                    new ConfigException(Parameters.RESOURCE_METADATA_SIGNING_TENANT, "'" + t + "' is not a tenant id "
                            + "(1 to 63 characters a-z, 0-9 and '-', not starting with '-')")));
            return Optional.of(new ResourceMetadataConfig(resource, resourceScopes, resourceAuthorizationServers, jwks,
                    resourceSigningAlgorithms, tenant));
        }

        private void checkTenants() {
            if (tenantIssuer.isEmpty()) {
                String stray = tenantSource.isPresent() ? Parameters.TENANT_SOURCE
                        : tenantJwksUri.isPresent() ? Parameters.TENANT_JWKS_URI
                        : !tenants.isEmpty() ? Parameters.TENANTS : null;
                if (stray != null) {
                    throw new ConfigException(stray, "is set but " + Parameters.TENANT_ISSUER + " is not");
                }
                return;
            }
            String issuer = tenantIssuer.get();
            checkTemplate(Parameters.TENANT_ISSUER, issuer, tenantJwksUri.isEmpty());
            tenantJwksUri.ifPresent(u -> checkTemplate(Parameters.TENANT_JWKS_URI, u, true));
            if (tenantSource.isEmpty()) {
                throw new ConfigException(Parameters.TENANT_SOURCE, "is required with " + Parameters.TENANT_ISSUER
                        + " (path:/prefix/{tenant}/*, host or header:NAME)");
            }
            if (!(tenantSource.get() instanceof TenantSource.Path) && !issuers.isEmpty()) {
                throw new ConfigException(Parameters.TENANT_SOURCE, "'" + tenantSource.get() + "' makes every request "
                        + "a tenant's, so " + Parameters.ISSUERS + " would never be trusted: remove them, or use path:...");
            }
            range(Parameters.TENANT_CACHE_SIZE, tenantCacheSize, 1, 1_000_000);
            range(Parameters.TENANT_LOAD_LIMIT, tenantLoadLimit, 1, 1_000_000);
        }

        private void checkTemplate(String parameter, String template, boolean fetched) {
            int first = template.indexOf(TenantSource.PLACEHOLDER);
            if (first < 0 || template.indexOf(TenantSource.PLACEHOLDER, first + 1) >= 0) {
                throw new ConfigException(parameter, "'" + template + "' must contain " + TenantSource.PLACEHOLDER
                        + " exactly once");
            }
            URI uri;
            try {
                uri = new URI(template.replace(TenantSource.PLACEHOLDER, "tenant"));
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(parameter, "'" + template + "' is not a URI template");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new ConfigException(parameter, "'" + template + "' must have no query or fragment");
            }
            if (fetched) {
                checkFetchable(parameter, uri);
            }
        }

        private void checkIssuer(IssuerConfig i) {
            URI issuerUri;
            try {
                issuerUri = new URI(i.issuer());
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(Parameters.ISSUERS, "'" + i.issuer() + "' is not a URI");
            }
            if (i.jwksUri().isEmpty()) {
                // Keys are discovered from the issuer itself, so the issuer must be a fetchable URL.
                checkFetchable(Parameters.ISSUERS, issuerUri);
            } else {
                checkFetchable(Parameters.ISSUERS, i.jwksUri().get());
            }
        }

        private void checkFetchable(String parameter, URI uri) {
            if (!HttpsPolicy.isHttpUrl(uri)) {
                throw new ConfigException(parameter, "'" + uri + "' is not an absolute http(s) URL");
            }
            if (!HttpsPolicy.isAllowed(uri, jwksAllowHttp)) {
                throw new ConfigException(parameter, "'" + uri + "' uses http:// to a non-loopback host; use https, or set "
                        + Parameters.JWKS_ALLOW_HTTP + "=true to accept the risk");
            }
        }

        private static void checkPath(String parameter, String p) {
            if (p.equals("/")) {
                // In a servlet mapping '/' is the default servlet, every path not otherwise mapped; as an exact
                // pattern it would match the root alone, the opposite of what its writer likely meant.
                throw new ConfigException(parameter, "'/' is ambiguous (every path, as in a servlet mapping, or the "
                        + "application root only?); write '/*' for every path");
            }
            boolean ok = p.equals("/*") || (p.startsWith("/") && !p.contains("*"))
                    || (p.startsWith("/") && p.endsWith("/*") && p.indexOf('*') == p.length() - 1)
                    || (p.startsWith("*.") && p.length() > 2 && p.indexOf('*', 1) < 0 && p.indexOf('/') < 0);
            if (!ok) {
                throw new ConfigException(parameter, "'" + p + "' is not a servlet-style pattern (/exact, /prefix/*, *.ext, /*)");
            }
            String base = p.endsWith("/*") ? p.substring(0, p.length() - 1) : p;
            if (base.contains("//") || (base + "/").contains("/./") || (base + "/").contains("/../")) {
                throw new ConfigException(parameter, "'" + p + "' never matches: requests are matched on their normalised "
                        + "path, without '//', '.' or '..' segments");
            }
        }

        private static void range(String parameter, Duration v, Duration min, Duration max) {
            if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                throw new ConfigException(parameter, "'" + Parameters.format(v) + "' is out of range ["
                        + Parameters.format(min) + ", " + Parameters.format(max) + "]");
            }
        }

        private static void range(String parameter, int v, int min, int max) {
            if (v < min || v > max) {
                throw new ConfigException(parameter, "'" + v + "' is out of range [" + min + ", " + max + "]");
            }
        }
    }
}
