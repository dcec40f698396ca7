package org.jwtgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.jwtgate.internal.RecordMethods;
import org.jwtgate.tenant.TenantId;
import org.jwtgate.tenant.TenantSource;

/**
 * The one table of named parameters: every string key jwtgate accepts, its default, and the parser
 * that turns its value into a {@link GateConfig.Builder} call. web.xml init-params, context-params,
 * JAX-RS properties and system properties all go through {@link #parse}. An unknown key or a bad
 * value is a {@link ConfigException} naming the parameter and (unless secret) the value. The value
 * parsers and the parsing loop are shared with the other tables through {@link Values}.
 */
public final class Parameters {
    public static final String ENABLED = "enabled";
    public static final String REALM = "realm";
    public static final String ISSUERS = "issuers";
    public static final String AUDIENCES = "audiences";
    public static final String ALGORITHMS = "algorithms";
    public static final String MAX_TOKEN_LENGTH = "max-token-length";
    public static final String CLOCK_SKEW = "clock-skew";
    public static final String MAX_TOKEN_LIFETIME = "max-token-lifetime";
    public static final String REQUIRED_TYPE = "required-type";
    public static final String ACCEPT_ID_TOKENS = "accept-id-tokens";
    public static final String REQUIRED_CLAIMS = "required-claims";
    public static final String PRINCIPAL_CLAIM = "principal-claim";
    public static final String ROLE_CLAIMS = "role-claims";
    public static final String QUERY_PARAMETER = "query-parameter";
    public static final String FORM_PARAMETER = "form-parameter";
    public static final String COOKIE_NAME = "cookie-name";
    public static final String MODE = "mode";
    public static final String PROTECTED_PATHS = "protected-paths";
    public static final String EXCLUDED_PATHS = "excluded-paths";
    public static final String JWKS_CONNECT_TIMEOUT = "jwks-connect-timeout";
    public static final String JWKS_READ_TIMEOUT = "jwks-read-timeout";
    public static final String JWKS_MAX_RESPONSE_SIZE = "jwks-max-response-size";
    public static final String JWKS_DEFAULT_TTL = "jwks-default-ttl";
    public static final String JWKS_MIN_TTL = "jwks-min-ttl";
    public static final String JWKS_MAX_TTL = "jwks-max-ttl";
    public static final String JWKS_REFRESH_INTERVAL = "jwks-refresh-interval";
    public static final String JWKS_MAX_STALENESS = "jwks-max-staleness";
    public static final String JWKS_REFRESH_AHEAD = "jwks-refresh-ahead";
    public static final String JWKS_ALLOW_HTTP = "jwks-allow-http";
    public static final String JWKS_TRUST_STORE = "jwks-trust-store";
    public static final String JWKS_TRUST_STORE_PASSWORD = "jwks-trust-store-password";
    public static final String JWKS_TRUST_STORE_TYPE = "jwks-trust-store-type";
    public static final String JWKS_ALLOW_CROSS_ORIGIN = "jwks-allow-cross-origin";
    public static final String JWKS_AUTHORIZATION = "jwks-authorization";
    /**
     * The per-issuer credential, one parameter per issuer: {@code jwks-authorization[ISSUER]} with the
     * issuer's exact {@code iss} between the brackets (see {@link #jwksAuthorizationFor(String)}).
     */
    public static final String JWKS_AUTHORIZATION_PER_ISSUER = "jwks-authorization[ISSUER]";
    public static final String RETRY_AFTER = "retry-after";
    public static final String TOKEN_CACHE = "token-cache";
    public static final String TOKEN_CACHE_SIZE = "token-cache-size";
    public static final String TOKEN_CACHE_MEMORY = "token-cache-memory";
    public static final String TOKEN_CACHE_MAX_TTL = "token-cache-max-ttl";
    public static final String METRICS = "metrics";
    public static final String CRYPTO_PROVIDER = "crypto-provider";
    public static final String TENANT_ISSUER = "tenant-issuer";
    public static final String TENANT_SOURCE = "tenant-source";
    public static final String TENANT_JWKS_URI = "tenant-jwks-uri";
    public static final String TENANTS = "tenants";
    public static final String TENANT_CACHE_SIZE = "tenant-cache-size";
    public static final String TENANT_LOAD_LIMIT = "tenant-load-limit";
    public static final String DPOP = "dpop";
    public static final String DPOP_ALGS = "dpop-algs";
    public static final String DPOP_PROOF_MAX_AGE = "dpop-proof-max-age";
    public static final String DPOP_REPLAY_CACHE_SIZE = "dpop-replay-cache-size";
    public static final String PUBLIC_ORIGIN = "public-origin";
    public static final String DPOP_REPLAY_STORE = "dpop-replay-store";
    public static final String DPOP_REPLAY_JDBC_JNDI_NAME = "dpop-replay-jdbc-jndi-name";
    public static final String DPOP_REPLAY_JDBC_URL = "dpop-replay-jdbc-url";
    public static final String DPOP_REPLAY_JDBC_USER = "dpop-replay-jdbc-user";
    public static final String DPOP_REPLAY_JDBC_PASSWORD = "dpop-replay-jdbc-password";
    public static final String DPOP_REPLAY_JDBC_TABLE = "dpop-replay-jdbc-table";
    public static final String MTLS_BOUND_TOKENS = "mtls-bound-tokens";
    public static final String CLIENT_CERT_TRUSTED_PROXIES = "client-cert-trusted-proxies";
    public static final String DPOP_NONCE = "dpop-nonce";
    public static final String DPOP_NONCE_SECRET = "dpop-nonce-secret";
    public static final String DPOP_NONCE_LIFETIME = "dpop-nonce-lifetime";
    public static final String REQUIRED_ACR = "required-acr";
    public static final String MAX_AUTH_AGE = "max-auth-age";
    /** {@code required-acr} for the paths of one servlet-style pattern, written between the brackets. */
    public static final String REQUIRED_ACR_PER_PATH = "required-acr[PATTERN]";
    /** {@code max-auth-age} for the paths of one servlet-style pattern, written between the brackets. */
    public static final String MAX_AUTH_AGE_PER_PATH = "max-auth-age[PATTERN]";
    /**
     * The rows that document a family of parameters ({@code NAME[…]}) rather than name one: no key is
     * spelled so; each member's key carries its issuer or pattern between the brackets.
     */
    public static final java.util.Set<String> FAMILIES = java.util.Set.of(JWKS_AUTHORIZATION_PER_ISSUER,
            REQUIRED_ACR_PER_PATH, MAX_AUTH_AGE_PER_PATH);
    public static final String RESOURCE_IDENTIFIER = "resource-identifier";
    public static final String RESOURCE_SCOPES = "resource-scopes";
    public static final String RESOURCE_AUTHORIZATION_SERVERS = "resource-authorization-servers";
    public static final String RESOURCE_JWKS_URI = "resource-jwks-uri";
    public static final String RESOURCE_SIGNING_ALGS = "resource-signing-algs";
    public static final String RESOURCE_METADATA_SIGNING_TENANT = "resource-metadata-signing-tenant";
    /** The value of {@link #PUBLIC_ORIGIN} that trusts the request's own origin (its Host header). */
    public static final String FROM_REQUEST = "from-request";

    /** One row of the table. */
    public record Parameter(String name, String defaultValue, boolean secret, String description,
            BiConsumer<GateConfig.Builder, String> apply) implements ParameterRow<GateConfig.Builder> {
        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Parameter that
                    && Objects.equals(name, that.name)
                    && Objects.equals(defaultValue, that.defaultValue)
                    && secret == that.secret
                    && Objects.equals(description, that.description)
                    && Objects.equals(apply, that.apply);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(name, defaultValue, secret, description, apply);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    private static final Map<String, Parameter> TABLE = table();

    private Parameters() {
    }

    /** Every parameter, in documentation order. */
    public static Map<String, Parameter> all() {
        return TABLE;
    }

    /**
     * Applies {@code values} to a fresh builder. Placeholders are resolved first; blank values mean
     * "use the default". Call {@link GateConfig.Builder#build()} on the result.
     */
    public static GateConfig.Builder parse(Map<String, String> values, Placeholders placeholders) {
        GateConfig.Builder builder = GateConfig.builder();
        Map<String, String> named = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (perPath(builder, key, value, placeholders)) {
                return;
            }
            String issuer = perIssuer(key);
            if (issuer == null) {
                named.put(key, value);
                return;
            }
            // The value is a secret and passes through no parser that could quote it.
            String v = placeholders.resolve(key, value);
            if (v != null && !v.isBlank()) {
                builder.jwksAuthorization(issuer, v.strip());
            }
        });
        return Values.apply(named, placeholders, TABLE, builder);
    }

    /** The name of the credential parameter of {@code issuer}: {@code jwks-authorization[ISSUER]}. */
    public static String jwksAuthorizationFor(String issuer) {
        return JWKS_AUTHORIZATION + "[" + issuer + "]";
    }

    /** The key of {@code parameter} ({@link #REQUIRED_ACR} or {@link #MAX_AUTH_AGE}) for the paths of {@code pattern}. */
    public static String perPath(String parameter, String pattern) {
        return parameter + "[" + pattern + "]";
    }

    /**
     * Applies a {@code required-acr[PATTERN]} or {@code max-auth-age[PATTERN]} key; false for any other key.
     * A blank value means no such setting, as for every parameter.
     */
    private static boolean perPath(GateConfig.Builder builder, String key, String value, Placeholders placeholders) {
        for (String family : List.of(REQUIRED_ACR, MAX_AUTH_AGE)) {
            if (key != null && key.startsWith(family + "[") && key.endsWith("]")) {
                String pattern = key.substring(family.length() + 1, key.length() - 1);
                if (pattern.isEmpty()) {
                    throw new ConfigException(key, "write a path pattern between the brackets, e.g. " + perPath(family, "/admin/*"));
                }
                String v = placeholders.resolve(key, value);
                if (v == null || v.isBlank()) {
                    return true;
                }
                if (family.equals(REQUIRED_ACR)) {
                    builder.requiredAcr(pattern, list(v));
                } else {
                    builder.maxAuthAge(pattern, duration(key, v.strip()));
                }
                return true;
            }
        }
        return false;
    }

    /**
     * The parameter ({@link #REQUIRED_ACR} or {@link #MAX_AUTH_AGE}) that {@code key} sets, in its global form or
     * a {@code [PATTERN]} form; empty for any other key.
     */
    public static java.util.Optional<String> stepUpParameter(String key) {
        for (String family : List.of(REQUIRED_ACR, MAX_AUTH_AGE)) {
            if (key != null && (key.equals(family) || key.startsWith(family + "[") && key.endsWith("]"))) {
                return java.util.Optional.of(family);
            }
        }
        return java.util.Optional.empty();
    }

    /** The issuer named by a {@code jwks-authorization[ISSUER]} key, or null for any other key. */
    private static String perIssuer(String key) {
        String prefix = JWKS_AUTHORIZATION + "[";
        if (key == null || !key.startsWith(prefix) || !key.endsWith("]") || key.length() == prefix.length() + 1) {
            return null;
        }
        return key.substring(prefix.length(), key.length() - 1);
    }

    static String shown(Parameter p, String v) {
        return Values.shown(p.secret(), v);
    }

    // --- value parsers (shared with every other table, see Values) ------------------------------

    static boolean bool(String name, String v) {
        return Values.bool(name, v);
    }

    static Duration duration(String name, String v) {
        return Values.duration(name, v);
    }

    static int size(String name, String v) {
        return Values.size(name, v);
    }

    static int count(String name, String v) {
        if (!v.matches("\\d{1,9}")) {
            throw new ConfigException(name, "'" + v + "' is not a whole number");
        }
        return Integer.parseInt(v);
    }

    static List<String> list(String v) {
        return Values.list(v);
    }

    /** Issuer entries separated by commas/whitespace, each {@code ISSUER} or {@code ISSUER|JWKS_URI}. */
    static List<IssuerConfig> issuers(String name, String v) {
        List<IssuerConfig> out = new ArrayList<>();
        for (String entry : list(v.replaceAll("\\s*\\|\\s*", "|"))) {
            String[] parts = entry.split("\\|", -1);
            if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
                throw new ConfigException(name, "'" + entry + "' is not ISSUER or ISSUER|JWKS_URI");
            }
            try {
                out.add(parts.length == 1 ? IssuerConfig.discovered(parts[0]) : IssuerConfig.withJwks(parts[0], parts[1]));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, "'" + entry + "' is not ISSUER or ISSUER|JWKS_URI with valid URIs");
            }
        }
        return out;
    }

    static String format(Duration d) {
        return Values.format(d);
    }

    // --- the table ----------------------------------------------------------------------------

    private static Map<String, Parameter> table() {
        Map<String, Parameter> t = new LinkedHashMap<>();
        add(t, ENABLED, "true", false, "`false` turns the filter into a logged pass-through",
                (b, v) -> b.enabled(bool(ENABLED, v)));
        add(t, ISSUERS, "(required)", false,
                "trusted issuers, separated by commas or whitespace; each `ISSUER` (keys discovered at "
                        + "`ISSUER/.well-known/openid-configuration`) or `ISSUER|JWKS_URI`",
                (b, v) -> issuers(ISSUERS, v).forEach(b::issuer));
        add(t, AUDIENCES, "(required)", false, "accepted audiences; `aud` must contain one",
                (b, v) -> b.audiences(list(v).toArray(String[]::new)));
        add(t, TENANT_ISSUER, "(none)", false,
                "tenant-bound routes: each tenant's issuer, with `{tenant}`, e.g. `https://auth.example.com/t/{tenant}`; "
                        + "on a tenant route only the issuer of the tenant the request names is trusted (`issuers` may then be left out)",
                (b, v) -> b.tenantIssuer(v));
        add(t, TENANT_SOURCE, "(none)", false,
                "where a request names its tenant: `path:/api/t/{tenant}/*` (the segment, exactly as sent; other paths are "
                        + "no tenant routes), `host` (the host name's first label) or `header:X-Tenant`",
                (b, v) -> {
                    try {
                        b.tenantSource(TenantSource.parse(v));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(TENANT_SOURCE, e.getMessage());
                    }
                });
        add(t, TENANT_JWKS_URI, "(discovered)", false,
                "each tenant's JWKS URI, with `{tenant}`; by default found by discovery from the tenant's issuer",
                (b, v) -> b.tenantJwksUri(v));
        add(t, TENANTS, "(none)", false,
                "the only tenants that may be named (none: any well-formed tenant); any other answers 404 without a lookup",
                (b, v) -> b.tenants(list(v).stream().map(id -> TenantId.parse(id).orElseThrow(() -> new ConfigException(
                        TENANTS, "'" + id + "' is not a tenant id (1 to 63 characters a-z, 0-9 and '-', not starting with '-')")))
                        .toList()));
        add(t, TENANT_CACHE_SIZE, "1000", false,
                "the most tenants whose issuer (key set, consumer) is held; least recently used go first, never-loaded ones before",
                (b, v) -> b.tenantCacheSize(count(TENANT_CACHE_SIZE, v)));
        add(t, TENANT_LOAD_LIMIT, "100", false,
                "without `tenants`: the most tenants not held yet taken up per `jwks-refresh-interval`; tokens of further "
                        + "new tenants are refused (401) without a fetch",
                (b, v) -> b.tenantLoadLimit(count(TENANT_LOAD_LIMIT, v)));
        add(t, ALGORITHMS, "RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA", false,
                "allowed `alg` values (asymmetric only; `none` and HS* are refused)",
                (b, v) -> b.algorithms(list(v)));
        add(t, REALM, "jwtgate", false, "the `realm` of the `WWW-Authenticate` challenge", (b, v) -> b.realm(v));
        add(t, MODE, "required", false,
                "`required`: no token → 401; `optional`: no token → anonymous, a bad token is still refused",
                (b, v) -> b.mode(switch (v) {
                    case "required" -> Mode.REQUIRED;
                    case "optional" -> Mode.OPTIONAL;
                    default -> throw new ConfigException(MODE, "'" + v + "' is not a mode: use required or optional");
                }));
        add(t, PROTECTED_PATHS, "/*", false, "servlet-style patterns the filter protects: `/exact`, `/prefix/*`, `*.ext`, `/*` (every path; a bare `/` is refused)",
                (b, v) -> b.protectedPaths(list(v)));
        add(t, EXCLUDED_PATHS, "(none)", false, "patterns of the same forms left alone even inside protected paths, e.g. `/health`",
                (b, v) -> b.excludedPaths(list(v)));
        add(t, MAX_TOKEN_LENGTH, "16KiB", false, "longer tokens are refused before any parsing",
                (b, v) -> b.maxTokenLength(size(MAX_TOKEN_LENGTH, v)));
        add(t, CLOCK_SKEW, "60s", false, "tolerance for `exp`, `nbf` and `iat` (at most 10m)",
                (b, v) -> b.clockSkew(duration(CLOCK_SKEW, v)));
        add(t, MAX_TOKEN_LIFETIME, "24h", false,
                "tokens whose `exp` is further than this (plus `clock-skew`) from now or from their `iat` are refused; "
                        + "`unlimited` is the opt-out",
                (b, v) -> b.maxTokenLifetime(v.equals("unlimited") ? null : duration(MAX_TOKEN_LIFETIME, v)));
        add(t, REQUIRED_TYPE, "(none)", false, "required `typ` header, e.g. `at+jwt` (RFC 9068)",
                (b, v) -> b.requiredType(v));
        add(t, ACCEPT_ID_TOKENS, "false", false,
                "`true` accepts OpenID Connect ID tokens as access tokens; by default a token with payload `typ` "
                        + "`ID`, a `nonce`, `at_hash`, `c_hash` or `s_hash` is refused",
                (b, v) -> b.acceptIdTokens(bool(ACCEPT_ID_TOKENS, v)));
        add(t, REQUIRED_CLAIMS, "(none)", false, "claims that must be present besides `exp`, `iss` and `aud`",
                (b, v) -> b.requiredClaims(list(v)));
        add(t, PRINCIPAL_CLAIM, "sub", false, "claim that names the principal (`getRemoteUser()`)",
                (b, v) -> b.principalClaim(v));
        add(t, ROLE_CLAIMS, "groups", false,
                "claim paths holding roles, dotted for nesting (`realm_access.roles`); arrays or space-separated strings",
                (b, v) -> b.roleClaims(list(v)));
        add(t, QUERY_PARAMETER, "false", false, "accept `?access_token=` (RFC 6750 §2.3; leaks into logs)",
                (b, v) -> b.queryParameter(bool(QUERY_PARAMETER, v)));
        add(t, FORM_PARAMETER, "false", false, "accept `access_token` in a form-encoded POST body (RFC 6750 §2.2)",
                (b, v) -> b.formParameter(bool(FORM_PARAMETER, v)));
        add(t, COOKIE_NAME, "(none)", false, "also read the token from this cookie", (b, v) -> b.cookieName(v));
        add(t, JWKS_CONNECT_TIMEOUT, "2s", false, "connect timeout for JWKS and discovery fetches",
                (b, v) -> b.jwksConnectTimeout(duration(JWKS_CONNECT_TIMEOUT, v)));
        add(t, JWKS_READ_TIMEOUT, "2s", false, "read timeout, and the deadline for a whole response body",
                (b, v) -> b.jwksReadTimeout(duration(JWKS_READ_TIMEOUT, v)));
        add(t, JWKS_MAX_RESPONSE_SIZE, "512KiB", false, "larger JWKS or discovery responses are refused",
                (b, v) -> b.jwksMaxResponseBytes(size(JWKS_MAX_RESPONSE_SIZE, v)));
        add(t, JWKS_DEFAULT_TTL, "5m", false, "how long keys are fresh when the response has no `Cache-Control: max-age`",
                (b, v) -> b.jwksDefaultTtl(duration(JWKS_DEFAULT_TTL, v)));
        add(t, JWKS_MIN_TTL, "30s", false, "lower clamp for `max-age`", (b, v) -> b.jwksMinTtl(duration(JWKS_MIN_TTL, v)));
        add(t, JWKS_MAX_TTL, "24h", false, "upper clamp for `max-age`", (b, v) -> b.jwksMaxTtl(duration(JWKS_MAX_TTL, v)));
        add(t, JWKS_REFRESH_INTERVAL, "30s", false,
                "at most one fetch per issuer in this interval for unknown `kid`s or after a failure",
                (b, v) -> b.jwksRefreshInterval(duration(JWKS_REFRESH_INTERVAL, v)));
        add(t, JWKS_MAX_STALENESS, "6h", false,
                "how long past their expiry cached keys keep serving while the issuer is down; then 503",
                (b, v) -> b.jwksMaxStaleness(duration(JWKS_MAX_STALENESS, v)));
        add(t, JWKS_REFRESH_AHEAD, "30s", false, "background refresh starts this long before the keys expire",
                (b, v) -> b.jwksRefreshAhead(duration(JWKS_REFRESH_AHEAD, v)));
        add(t, JWKS_ALLOW_HTTP, "false", false, "`true` allows http:// JWKS/discovery URLs to non-loopback hosts",
                (b, v) -> b.jwksAllowHttp(bool(JWKS_ALLOW_HTTP, v)));
        add(t, JWKS_TRUST_STORE, "(JVM default)", false, "trust store file for the JWKS/discovery TLS connections",
                (b, v) -> b.jwksTrustStore(Path.of(v)));
        add(t, JWKS_TRUST_STORE_PASSWORD, "(none)", true, "its password (use a `${env:…}` placeholder)",
                (b, v) -> b.jwksTrustStorePassword(v));
        add(t, JWKS_TRUST_STORE_TYPE, "PKCS12", false, "its type (`PKCS12` or `JKS`)", (b, v) -> b.jwksTrustStoreType(v));
        add(t, JWKS_ALLOW_CROSS_ORIGIN, "false", false,
                "`true` accepts a `jwks_uri` that discovery finds on another origin than the issuer's "
                        + "(e.g. `https://accounts.google.com`); it is still fetched without the issuer's credential",
                (b, v) -> b.jwksAllowCrossOrigin(bool(JWKS_ALLOW_CROSS_ORIGIN, v)));
        add(t, JWKS_AUTHORIZATION, "(none)", true,
                "static `Authorization` header value for the key endpoints of the only configured issuer (e.g. Oracle "
                        + "IDCS); with several issuers use `jwks-authorization[ISSUER]`",
                (b, v) -> b.jwksAuthorization(v));
        // Documents the family; parse() takes every jwks-authorization[…] key before this table is consulted.
        add(t, JWKS_AUTHORIZATION_PER_ISSUER, "(none)", true,
                "static `Authorization` header value for the key endpoints of this issuer (exact `iss` between the "
                        + "brackets), sent only to the origin of its configured JWKS URI, or of the issuer when discovered",
                family(JWKS_AUTHORIZATION_PER_ISSUER, "issuer"));
        add(t, RETRY_AFTER, "30s", false, "`Retry-After` of the 503 sent while keys are unavailable",
                (b, v) -> b.retryAfter(duration(RETRY_AFTER, v)));
        add(t, TOKEN_CACHE, "true", false,
                "cache accepted tokens (by SHA-256) until `exp`; `exp`/`nbf` are still checked on every hit, and an entry "
                        + "goes when its key leaves the issuer's JWKS; `false` verifies the signature on every request",
                (b, v) -> b.tokenCache(bool(TOKEN_CACHE, v)));
        add(t, TOKEN_CACHE_SIZE, "10000", false, "the most tokens the cache holds (least recently used go first)",
                (b, v) -> b.tokenCacheSize(count(TOKEN_CACHE_SIZE, v)));
        add(t, TOKEN_CACHE_MEMORY, "32MiB", false, "the most heap (estimated) the cache holds",
                (b, v) -> b.tokenCacheMemory(size(TOKEN_CACHE_MEMORY, v)));
        add(t, TOKEN_CACHE_MAX_TTL, "5m", false, "a cached token is verified again after this long, even before `exp`",
                (b, v) -> b.tokenCacheMaxTtl(duration(TOKEN_CACHE_MAX_TTL, v)));
        add(t, DPOP, "off", false,
                "sender-constrained tokens (RFC 9449): `off`; `allowed` (Bearer, or `Authorization: DPoP` with one `DPoP` "
                        + "proof; both challenges offered); `required` (DPoP only). A token with `cnf.jkt` is never taken as Bearer",
                (b, v) -> b.dpop(switch (v) {
                    case "off" -> DpopMode.OFF;
                    case "allowed" -> DpopMode.ALLOWED;
                    case "required" -> DpopMode.REQUIRED;
                    default -> throw new ConfigException(DPOP, "'" + v + "' is not a DPoP mode: use off, allowed or required");
                }));
        add(t, DPOP_ALGS, "(algorithms)", false, "allowed `alg` of a DPoP proof (asymmetric only), the `algs` of the DPoP challenge",
                (b, v) -> b.dpopAlgorithms(list(v)));
        add(t, DPOP_PROOF_MAX_AGE, "60s", false,
                "a DPoP proof whose `iat` is older than this plus `clock-skew` (or further ahead than `clock-skew`) is refused; "
                        + "its `jti` is remembered that long",
                (b, v) -> b.dpopProofMaxAge(duration(DPOP_PROOF_MAX_AGE, v)));
        add(t, DPOP_REPLAY_CACHE_SIZE, "100000", false,
                "the most DPoP proof ids remembered per engine; when all are live, new proofs are refused (never let through)",
                (b, v) -> b.dpopReplayCacheSize(count(DPOP_REPLAY_CACHE_SIZE, v)));
        add(t, DPOP_REPLAY_STORE, "memory", false,
                "where accepted DPoP proof ids are remembered: `memory` (this node, per engine) or `jdbc` (a table shared by "
                        + "every node, PostgreSQL or MariaDB: a proof used on one node is refused on all)",
                (b, v) -> b.dpopReplayStore(switch (v) {
                    case "memory" -> DpopReplayStore.MEMORY;
                    case "jdbc" -> DpopReplayStore.JDBC;
                    default -> throw new ConfigException(DPOP_REPLAY_STORE, "'" + v + "' is not a replay store: use memory or jdbc");
                }));
        add(t, DPOP_REPLAY_JDBC_JNDI_NAME, "(this or dpop-replay-jdbc-url, for jdbc)", false,
                "JNDI name of the container's `DataSource`, as the key store's `jdbc-jndi-name` (it may be the same one)",
                (b, v) -> b.dpopReplayJdbcJndiName(v));
        add(t, DPOP_REPLAY_JDBC_URL, "(this or dpop-replay-jdbc-jndi-name, for jdbc)", false,
                "a JDBC URL instead, for tests and tools (one connection per proof, no pool)", (b, v) -> b.dpopReplayJdbcUrl(v));
        add(t, DPOP_REPLAY_JDBC_USER, "(none)", false, "user of `dpop-replay-jdbc-url`", (b, v) -> b.dpopReplayJdbcUser(v));
        add(t, DPOP_REPLAY_JDBC_PASSWORD, "(none)", true, "its password (use a `${env:…}` placeholder)",
                (b, v) -> b.dpopReplayJdbcPassword(v));
        add(t, DPOP_REPLAY_JDBC_TABLE, "jwtgate_dpop_proof", false,
                "the table of proof ids, created on first use when missing and the user may create tables",
                (b, v) -> b.dpopReplayJdbcTable(v));
        add(t, DPOP_NONCE, "off", false,
                "`required`: every DPoP proof must carry a nonce this server provided (RFC 9449 §8); without one, 401 "
                        + "`use_dpop_nonce` with a fresh nonce in `DPoP-Nonce`",
                (b, v) -> b.dpopNonce(switch (v) {
                    case "off" -> false;
                    case "required" -> true;
                    default -> throw new ConfigException(DPOP_NONCE, "'" + v + "' is not a nonce mode: use off or required");
                }));
        add(t, DPOP_NONCE_SECRET, "(random per engine)", true,
                "the secret nonces are made with (at least 32 characters; use a `${env:…}` placeholder): the same on every "
                        + "node, so that a nonce from one node is accepted by all; without it, nodes need sticky sessions",
                (b, v) -> b.dpopNonceSecret(v));
        add(t, DPOP_NONCE_LIFETIME, "1m", false,
                "how long one nonce is handed out; it is accepted for as long again (10s to 1h)",
                (b, v) -> b.dpopNonceLifetime(duration(DPOP_NONCE_LIFETIME, v)));
        add(t, PUBLIC_ORIGIN, "(none)", false,
                "required with `dpop`: the origin clients use, e.g. `https://api.example.com`, with the request's path the URI a DPoP proof's `htu` "
                        + "must name; `from-request` trusts the `Host` header as the container reports it (jwtgate never reads "
                        + "`Host` or `X-Forwarded-*` itself)",
                (b, v) -> {
                    if (v.equals(FROM_REQUEST)) {
                        b.requestOriginTrusted(true);
                        return;
                    }
                    try {
                        b.publicOrigin(new java.net.URI(v));
                    } catch (java.net.URISyntaxException e) {
                        throw new ConfigException(PUBLIC_ORIGIN, "'" + v + "' is not a URI");
                    }
                });
        add(t, MTLS_BOUND_TOKENS, "allowed", false,
                "certificate-bound tokens (RFC 8705 §3): `allowed` (a token with `cnf.x5t#S256` is accepted only over a request "
                        + "that presented that client certificate; unbound tokens are accepted) or `required` (every token must be "
                        + "certificate-bound)",
                (b, v) -> b.mtlsBoundTokens(switch (v) {
                    case "allowed" -> MtlsMode.ALLOWED;
                    case "required" -> MtlsMode.REQUIRED;
                    default -> throw new ConfigException(MTLS_BOUND_TOKENS, "'" + v + "' is not a mode: use allowed or required");
                }));
        add(t, CLIENT_CERT_TRUSTED_PROXIES, "(none)", false,
                "addresses or CIDR blocks (e.g. `10.0.0.5 10.1.0.0/16`) of TLS-terminating proxies whose RFC 9440 `Client-Cert` "
                        + "header gives the client certificate; from them only the header counts, from elsewhere it is never read",
                (b, v) -> {
                    List<org.jwtgate.mtls.AddressRange> ranges = new ArrayList<>();
                    for (String entry : list(v)) {
                        try {
                            ranges.add(org.jwtgate.mtls.AddressRange.parse(entry));
                        } catch (IllegalArgumentException e) {
                            throw new ConfigException(CLIENT_CERT_TRUSTED_PROXIES, e.getMessage());
                        }
                    }
                    b.clientCertTrustedProxies(ranges);
                });
        add(t, REQUIRED_ACR, "(none)", false,
                "step-up (RFC 9470): `acr` values, separated by commas or whitespace, of which an accepted token must carry "
                        + "one; otherwise 401 `insufficient_user_authentication` with `acr_values` (docs/step-up.md)",
                (b, v) -> b.requiredAcr(list(v)));
        add(t, MAX_AUTH_AGE, "(none)", false,
                "step-up: the most time since the caller authenticated (`auth_time` plus this plus `clock-skew` must not be "
                        + "past; no `auth_time`: refused), whole seconds up to 366d; otherwise 401 with `max_age`",
                (b, v) -> b.maxAuthAge(duration(MAX_AUTH_AGE, v)));
        // Document the families; parse() takes every required-acr[…] and max-auth-age[…] key before this table is consulted.
        add(t, REQUIRED_ACR_PER_PATH, "(required-acr)", false,
                "`required-acr` on the paths of a pattern (the `protected-paths` forms, between the brackets), e.g. "
                        + "`required-acr[/admin/*]`; the most specific matching pattern wins",
                family(REQUIRED_ACR_PER_PATH, "path pattern"));
        add(t, MAX_AUTH_AGE_PER_PATH, "(max-auth-age)", false,
                "`max-auth-age` on the paths of a pattern, e.g. `max-auth-age[/payments/*]`; the most specific matching pattern wins",
                family(MAX_AUTH_AGE_PER_PATH, "path pattern"));
        add(t, RESOURCE_IDENTIFIER, "(none)", false,
                "this application's resource identifier (RFC 9728), an absolute https URL such as `https://api.example.com`: "
                        + "its Protected Resource Metadata is served and every 401/403 challenge carries `resource_metadata`",
                (b, v) -> b.resourceIdentifier(v));
        add(t, RESOURCE_SCOPES, "(none)", false, "`scopes_supported` of the metadata (left out when none)",
                (b, v) -> b.resourceScopes(list(v)));
        add(t, RESOURCE_AUTHORIZATION_SERVERS, "(issuers)", false,
                "`authorization_servers` of the metadata, https issuer identifiers; by default the configured `issuers`",
                (b, v) -> b.resourceAuthorizationServers(list(v)));
        add(t, RESOURCE_JWKS_URI, "(none)", false,
                "`jwks_uri` of the metadata: the resource's own public keys (e.g. the JWKS servlet's tenant URL), if any",
                (b, v) -> b.resourceJwksUri(v));
        add(t, RESOURCE_SIGNING_ALGS, "(none)", false,
                "`resource_signing_alg_values_supported` of the metadata: only when the application signs its responses",
                (b, v) -> b.resourceSigningAlgorithms(list(v)));
        add(t, RESOURCE_METADATA_SIGNING_TENANT, "(none)", false,
                "a tenant of the application's JWKS servlet: the metadata then carries `signed_metadata` (RFC 9728 §2.2), "
                        + "a JWT of its members plus `iss`, signed with that tenant's active key",
                (b, v) -> b.resourceMetadataSigningTenant(v));
        add(t, METRICS, "true", false,
                "count decisions by outcome and reason and time validations (docs/operations.md); `false` leaves "
                        + "them out (key-set, token-cache and health figures stay)",
                (b, v) -> b.metrics(bool(METRICS, v)));
        add(t, CRYPTO_PROVIDER, "auto", false,
                "which engine verifies signatures: `auto` (the Amazon Corretto Crypto Provider when its jar is visible and its "
                        + "self-test passes, else the JDK's), `jdk`, `accp` (required: deployment fails without it) or a registered "
                        + "JCA provider's name (see [Faster signatures](#faster-signatures))",
                (b, v) -> b.cryptoProvider(org.jwtgate.crypto.CryptoProvider.parameter(v)));
        return Collections.unmodifiableMap(t);
    }

    // The row of a family (NAME[…]): its key as written in the table names no member, so it is refused.
    private static BiConsumer<GateConfig.Builder, String> family(String name, String what) {
        return (b, v) -> {
            throw new ConfigException(name, "write the " + what + " between the brackets");
        };
    }

    private static void add(Map<String, Parameter> t, String name, String def, boolean secret, String description,
            BiConsumer<GateConfig.Builder, String> apply) {
        t.put(name, new Parameter(name, def, secret, description, apply));
    }

    /** For diagnostics: the known parameter names. */
    public static List<String> names() {
        return Arrays.asList(TABLE.keySet().toArray(String[]::new));
    }
}
