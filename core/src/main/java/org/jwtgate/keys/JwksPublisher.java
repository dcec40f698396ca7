package org.jwtgate.keys;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jose4j.json.JsonUtil;
import org.jwtgate.config.ConfigException;
import org.jwtgate.crypto.SignatureEngine;
import org.jwtgate.crypto.SignatureEngines;
import org.jwtgate.error.InternalErrorLog;
import org.jwtgate.internal.RecordMethods;
import org.jwtgate.jwks.LocalJwks;
import org.jwtgate.keys.jdbc.JdbcKeyStore;
import org.jwtgate.keys.jdbc.KeyEncryption;
import org.jwtgate.metrics.PublisherMetrics;
import org.jwtgate.tenant.TenantId;

/**
 * The engine behind the JWKS servlet: it maps a request to a tenant, fetches the tenant's published
 * keys from the {@link TenantKeyStore}, and decides the whole response, so every adapter answers the
 * same request with the same bytes. Built once per servlet from a {@link PublisherConfig}; thread-safe.
 *
 * <ul>
 * <li>Routes: {@code jwks-path} (default {@code /oauth2/jwks}) serves the tenant's JWK Set
 * (RFC 7517 §5, rendered by {@link JwksRenderer}); when {@code discovery} is on,
 * {@code /.well-known/openid-configuration} (OpenID Connect Discovery 1.0 §3: {@code issuer},
 * {@code jwks_uri}, {@code id_token_signing_alg_values_supported}, and every REQUIRED member when the
 * application's {@code authorization-endpoint} and {@code token-endpoint} are configured) and
 * {@code /.well-known/oauth-authorization-server} (RFC 8414 §2 metadata, appended to the issuer as the
 * tenant's other documents are). The tenant is the
 * first path segment ({@code tenant-from=path}) or the first host label below {@code host-domain}
 * ({@code tenant-from=host}).</li>
 * <li>Unknown, ill-formed or not-created tenant, or any other path: 404 with a fixed body; the input is
 * never echoed. A GET never creates a tenant unless {@code auto-create=true}.</li>
 * <li>{@code GET}/{@code HEAD}: 200, {@code Content-Type: application/json} (or
 * {@code application/jwk-set+json} when the {@code Accept} header prefers it), {@code Cache-Control:
 * public, max-age=N}, a strong {@code ETag}; {@code If-None-Match} → 304 (RFC 9110 §13.1.2).</li>
 * <li>CORS: {@code Access-Control-Allow-Origin: *}; {@code OPTIONS} → 204 with {@code Allow} and the
 * preflight headers. Any other method: 405 with {@code Allow: GET, HEAD, OPTIONS}.</li>
 * <li>A tenant whose keys cannot be read, or a key set refused by the fail-closed scan: 503 with a
 * fixed body (never 500); the cause is logged.</li>
 * </ul>
 */
public final class JwksPublisher implements AutoCloseable, LocalJwks {
    private static final System.Logger LOG = System.getLogger(JwksPublisher.class.getName());
    /** The media type of JWK Sets (RFC 7517 §8.5.1). */
    public static final String JWK_SET_JSON = "application/jwk-set+json";
    public static final String JSON = "application/json";
    static final String ALLOW = "GET, HEAD, OPTIONS";
    private static final String RETRY_AFTER = "60";

    private final PublisherConfig config;
    private final TenantKeyStore store;
    private final boolean ownsStore;
    private final TokenSigner signer;
    private final SignatureEngine engine;
    /** Every {@code alg} a key of a key store may sign with (see {@code KeyChecks.algorithm}). */
    private static final List<String> KEYSTORE_ALGORITHMS = List.of("RS256", "ES256", "ES384", "ES512", "EdDSA");
    private final Map<TenantId, Rendered> rendered = new ConcurrentHashMap<>();
    private final PublisherMetrics metrics = new PublisherMetrics();
    private final InternalErrorLog internalErrors =
            new InternalErrorLog(LOG, Clock.systemUTC(), InternalErrorLog.DEFAULT_INTERVAL);

    private record Rendered(List<String> fingerprint, String body) {
        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Rendered that
                    && Objects.equals(fingerprint, that.fingerprint)
                    && Objects.equals(body, that.body);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(fingerprint, body);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    private enum Route { JWKS, DISCOVERY, AUTHORIZATION_SERVER }

    private JwksPublisher(PublisherConfig config, TenantKeyStore store, boolean ownsStore, SignatureEngine engine) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.ownsStore = ownsStore;
        this.engine = engine;
        this.signer = TokenSigner.of(config, store, engine);
    }

    /**
     * The engine of {@code crypto-provider} for the algorithms this publisher may sign with (its generated keys',
     * or any a key store may hold), with its one startup line.
     *
     * @throws ConfigException ({@code crypto-provider}) when {@code accp} or a named provider cannot serve
     */
    private static SignatureEngine signatureEngine(PublisherConfig config) {
        boolean generates = config.store() != PublisherConfig.Store.KEYSTORE;
        List<String> algorithms = generates ? List.of(config.keyType().algorithm()) : KEYSTORE_ALGORITHMS;
        SignatureEngine engine = SignatureEngines.select(config.cryptoProvider(), algorithms);
        String also = "";
        if (engine.providerName().isPresent() && generates) {
            also = " (new " + config.keyType().configName() + " keys generated by "
                    + (engine.generatesKeys(config.keyType().jcaAlgorithm()) ? "it" : "the JDK's")
                    + (config.store() == PublisherConfig.Store.JDBC ? ", sealed with AES-GCM by "
                            + (engine.offersCipher(KeyEncryption.TRANSFORMATION) ? "it" : "the JDK's") : "") + ")";
        }
        LOG.log(engine.degraded() ? Level.WARNING : Level.INFO, engine.startupLine("made") + also);
        return engine;
    }

    /**
     * Opens the store the configuration names and creates (managed, JDBC) or checks (key store) the
     * configured {@code tenants}.
     *
     * @throws ConfigException for a store that cannot be opened or a listed tenant missing from a key store
     */
    public static JwksPublisher create(PublisherConfig config) {
        SignatureEngine engine = signatureEngine(config);
        TenantKeyStore store;
        try {
            store = switch (config.store()) {
                case MANAGED -> ManagedDirectoryStore.open(config, engine);
                case KEYSTORE -> ReadOnlyKeystoreStore.open(config);
                case JDBC -> JdbcKeyStore.open(config, engine);
            };
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        JwksPublisher publisher = new JwksPublisher(config, store, true, engine);
        for (TenantId t : config.tenants()) {
            if (config.store() != PublisherConfig.Store.KEYSTORE) {
                try {
                    if (store.ensureTenant(t)) {
                        LOG.log(Level.INFO, "jwtgate: tenant ''{0}'' created with a new key", t);
                    }
                } catch (TenantUnavailableException e) {
                    LOG.log(Level.ERROR, e.getMessage()); // that tenant only: the others start
                }
            } else if (store.keys(t).isEmpty()) {
                publisher.close();
                throw new ConfigException(PublisherParameters.TENANTS, "tenant '" + t + "' has no key in the key store");
            }
        }
        return publisher;
    }

    /** A publisher over a store the caller opened and closes (for example a database store). */
    public static JwksPublisher create(PublisherConfig config, TenantKeyStore store) {
        return new JwksPublisher(config, store, false, signatureEngine(config));
    }

    public PublisherConfig config() {
        return config;
    }

    /** The key store: {@link TenantKeyStore#ensureTenant} creates tenants, {@link TenantKeyStore#rotate} rotates. */
    public TenantKeyStore store() {
        return store;
    }

    /**
     * Key sets served, store errors; signatures are {@link TokenSigner#signatures()}, rotations
     * {@link TenantKeyStore#rotations()}.
     */
    public PublisherMetrics metrics() {
        return metrics;
    }

    /** Signs tokens with the tenants' active keys. */
    public TokenSigner signer() {
        return signer;
    }

    /** What signs this publisher's tokens, generates its keys and seals them ({@code crypto-provider}). */
    public SignatureEngine signatureEngine() {
        return engine;
    }

    /** The issuer of {@code tenant}. */
    public String issuer(TenantId tenant) {
        return config.issuer(tenant);
    }

    /** The tenant's JWK Set document, or empty for an unknown tenant. */
    public Optional<String> jwks(TenantId tenant) {
        return store.keys(tenant).map(keys -> render(tenant, keys));
    }

    /**
     * The in-process answer for a validator of the same application ({@link LocalJwks}): for the JWKS
     * URI or the discovery URL (when {@code discovery} is on) of one of this publisher's tenants, the
     * response a {@code GET} of it would get from the JWKS servlet (the same keys, rendered and scanned
     * the same way, or the same 404/503); empty for any other URL.
     */
    @Override
    public Optional<PublisherResponse> get(String location) {
        if (location == null || location.length() > 2048) {
            return Optional.empty();
        }
        for (String template : config.jwksUriTemplate().isPresent()
                ? List.of(config.issuerTemplate(), config.jwksUriTemplate().get()) : List.of(config.issuerTemplate())) {
            String prefix = template.substring(0, template.indexOf("{tenant}"));
            if (!location.startsWith(prefix)) {
                continue;
            }
            // Every tenant id the URL could hold here (1 to 63 characters), checked by rebuilding its URLs exactly.
            for (int end = prefix.length() + 1; end <= Math.min(location.length(), prefix.length() + 63); end++) {
                Optional<TenantId> tenant = TenantId.parse(location.substring(prefix.length(), end));
                if (tenant.isEmpty()) {
                    continue;
                }
                Route route = location.equals(config.jwksUri(tenant.get())) ? Route.JWKS
                        : config.discovery() && location.equals(config.issuer(tenant.get()) + PublisherConfig.DISCOVERY_PATH)
                                ? Route.DISCOVERY : null;
                if (route != null) {
                    return Optional.of(get(LOCAL_GET, tenant.get(), route, false, Map.of()));
                }
            }
        }
        return Optional.empty();
    }

    /** The request of an in-process validator: a GET that asks for a JWK Set as a fetch would. */
    private static final PublisherRequest LOCAL_GET = new PublisherRequest() {
        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String path() {
            return "";
        }

        @Override
        public String host() {
            return null;
        }

        @Override
        public List<String> headers(String name) {
            return name.equalsIgnoreCase("Accept") ? List.of("application/jwk-set+json, application/json") : List.of();
        }
    };

    /** Decides the response to one request. Never throws on request content. */
    public PublisherResponse respond(PublisherRequest request) {
        Map<String, String> cors = new LinkedHashMap<>();
        if (config.cors()) {
            cors.put("Access-Control-Allow-Origin", "*");
        }
        String path = request.path() == null ? "" : request.path();
        Optional<TenantId> tenant = tenant(request.host(), path);
        Optional<Route> route = tenant.flatMap(t -> route(config.tenantFrom() == PublisherConfig.TenantFrom.PATH
                ? path.substring(t.value().length() + 1) : path));
        if (route.isEmpty()) {
            return error(404, "not_found", cors);
        }
        String method = request.method() == null ? "" : request.method();
        switch (method) {
            case "OPTIONS" -> {
                return preflight(request, cors);
            }
            case "GET", "HEAD" -> {
                return get(request, tenant.get(), route.get(), method.equals("HEAD"), cors);
            }
            default -> {
                Map<String, String> h = new LinkedHashMap<>(cors);
                h.put("Allow", ALLOW);
                return error(405, "method_not_allowed", h);
            }
        }
    }

    private Optional<TenantId> tenant(String host, String path) {
        if (config.tenantFrom() == PublisherConfig.TenantFrom.PATH) {
            int end = path.indexOf('/', 1);
            return path.startsWith("/") && end > 1 ? TenantId.parse(path.substring(1, end)) : Optional.empty();
        }
        if (host == null || host.length() > 300 || host.startsWith("[")) {
            return Optional.empty();
        }
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.indexOf(':');
        if (colon >= 0) {
            h = h.substring(0, colon);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        String suffix = "." + config.hostDomain().orElseThrow();
        return h.endsWith(suffix) ? TenantId.parse(h.substring(0, h.length() - suffix.length())) : Optional.empty();
    }

    private Optional<Route> route(String rest) {
        if (rest.equals(config.jwksPath())) {
            return Optional.of(Route.JWKS);
        }
        if (config.discovery() && rest.equals(PublisherConfig.DISCOVERY_PATH)) {
            return Optional.of(Route.DISCOVERY);
        }
        if (config.discovery() && rest.equals(PublisherConfig.AUTHORIZATION_SERVER_PATH)) {
            return Optional.of(Route.AUTHORIZATION_SERVER);
        }
        return Optional.empty();
    }

    private PublisherResponse get(PublisherRequest request, TenantId tenant, Route route, boolean head,
            Map<String, String> cors) {
        String body;
        String type;
        try {
            if (config.autoCreate() && store.ensureTenant(tenant)) {
                LOG.log(Level.INFO, "jwtgate: tenant ''{0}'' created on first request (auto-create=true)", tenant);
            }
            Optional<List<PublishedKey>> keys = store.keys(tenant);
            if (keys.isEmpty() || keys.get().isEmpty()) {
                return error(404, "not_found", cors);
            }
            if (route == Route.JWKS) {
                body = render(tenant, keys.get());
                type = prefersJwkSet(request.headers("Accept")) ? JWK_SET_JSON : JSON;
            } else {
                body = route == Route.DISCOVERY ? discovery(tenant, keys.get()) : authorizationServer(tenant);
                type = JSON;
            }
        } catch (UnknownTenantException e) {
            return error(404, "not_found", cors);
        } catch (TenantUnavailableException e) {
            metrics.storeError();
            return unavailable(cors); // logged by the store, once per file version
        } catch (UnsafeJwksException e) {
            LOG.log(Level.ERROR, "jwtgate: the key set of tenant ''{0}'' was NOT published: {1}. This is a bug or a "
                    + "tampered store; please report it", tenant, e.getMessage());
            return unavailable(cors);
        } catch (RuntimeException e) {
            // A store failing in a way it does not declare: once a minute per class, never per request.
            metrics.storeError();
            internalErrors.report("reading a tenant's keys from the store", e, 503);
            return unavailable(cors);
        }
        metrics.served();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String etag = etag(type, bytes);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", type);
        h.put("Cache-Control", "public, max-age=" + config.maxAge().getSeconds());
        h.put("ETag", etag);
        if (route == Route.JWKS) {
            h.put("Vary", "Accept");
        }
        h.putAll(cors);
        if (config.cors()) {
            h.put("Access-Control-Expose-Headers", "ETag");
        }
        if (matches(request.headers("If-None-Match"), etag)) {
            return new PublisherResponse(304, h, new byte[0]);
        }
        h.put("Content-Length", Integer.toString(bytes.length));
        return new PublisherResponse(200, h, head ? new byte[0] : bytes);
    }

    private PublisherResponse preflight(PublisherRequest request, Map<String, String> cors) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Allow", ALLOW);
        if (config.cors()) {
            h.putAll(cors);
            h.put("Access-Control-Allow-Methods", ALLOW);
            h.put("Access-Control-Allow-Headers", "Accept, If-None-Match");
            h.put("Access-Control-Max-Age", "86400");
        }
        h.put("Content-Length", "0");
        return new PublisherResponse(204, h, new byte[0]);
    }

    private String render(TenantId tenant, List<PublishedKey> keys) {
        List<String> fingerprint = keys.stream().map(k -> k.kid() + ":" + k.state()).toList();
        Rendered r = rendered.get(tenant);
        if (r == null || !r.fingerprint().equals(fingerprint)) {
            r = new Rendered(fingerprint, JwksRenderer.render(keys));
            rendered.put(tenant, r);
        }
        return r.body();
    }

    /**
     * OpenID Connect Discovery 1.0 §3. With the application's authorization and token endpoints every
     * REQUIRED member; without them only what a resource server needs (issuer, jwks_uri, algorithms),
     * which jwtgate's validator and Spring's {@code withIssuerLocation} read: clients that need a complete
     * document use the RFC 8414 metadata.
     */
    private String discovery(TenantId tenant, List<PublishedKey> keys) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", config.issuer(tenant));
        config.authorizationEndpoint(tenant).ifPresent(u -> doc.put("authorization_endpoint", u));
        config.tokenEndpoint(tenant).ifPresent(u -> doc.put("token_endpoint", u));
        doc.put("jwks_uri", config.jwksUri(tenant));
        if (config.completeOpenIdConfiguration()) {
            doc.put("response_types_supported", List.of("code"));
            doc.put("subject_types_supported", List.of("public"));
        }
        if (!config.grantTypes().isEmpty()) {
            doc.put("grant_types_supported", config.grantTypes());
        }
        doc.put("id_token_signing_alg_values_supported",
                List.copyOf(keys.stream().map(PublishedKey::alg).collect(Collectors.toCollection(TreeSet::new))));
        return JsonUtil.toJson(doc);
    }

    /**
     * OAuth 2.0 Authorization Server Metadata (RFC 8414 §2), holding only what is true of this
     * deployment: {@code response_types_supported} is {@code ["code"]} with an authorization endpoint
     * and empty without one; {@code grant_types_supported} is always given (its default,
     * authorization_code and implicit, would claim grants nobody serves).
     */
    private String authorizationServer(TenantId tenant) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", config.issuer(tenant));
        config.authorizationEndpoint(tenant).ifPresent(u -> doc.put("authorization_endpoint", u));
        config.tokenEndpoint(tenant).ifPresent(u -> doc.put("token_endpoint", u));
        doc.put("jwks_uri", config.jwksUri(tenant));
        doc.put("response_types_supported", config.authorizationEndpoint(tenant).isPresent() ? List.of("code") : List.of());
        doc.put("grant_types_supported", config.grantTypes());
        return JsonUtil.toJson(doc);
    }

    /**
     * An adapter's last resort, for a {@link RuntimeException} that escaped {@link #respond} (a bug):
     * reported through an {@link InternalErrorLog} (one line per exception class and minute, class
     * name only) and answered 500 with {@code {"error":"server_error"}}, instead of the container's
     * error page.
     */
    public PublisherResponse internalError(String activity, RuntimeException error) {
        internalErrors.report(activity, error);
        return error(500, "server_error", config.cors() ? Map.of("Access-Control-Allow-Origin", "*") : Map.of());
    }

    private PublisherResponse unavailable(Map<String, String> cors) {
        Map<String, String> h = new LinkedHashMap<>(cors);
        h.put("Retry-After", RETRY_AFTER);
        return error(503, "temporarily_unavailable", h);
    }

    private static PublisherResponse error(int status, String error, Map<String, String> extra) {
        return PublisherResponse.error(status, error, extra);
    }

    /**
     * A strong validator: a digest of the representation (media type and body).
     *
     * @param type the media type
     * @param body the body
     * @return the quoted entity tag
     */
    public static String etag(String type, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(type.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) 0);
            byte[] d = sha.digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 32) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * If-None-Match with the weak comparison (RFC 9110 §13.1.2): {@code *} or a listed tag.
     *
     * @param ifNoneMatch the values of the request's {@code If-None-Match} headers
     * @param etag the current entity tag
     * @return whether the client's copy is current (304)
     */
    public static boolean matches(List<String> ifNoneMatch, String etag) {
        for (String header : ifNoneMatch) {
            for (String tag : header.split(",")) {
                String t = tag.strip();
                if (t.startsWith("W/")) {
                    t = t.substring(2);
                }
                if (t.equals("*") || t.equals(etag)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code Accept} prefers {@code application/jwk-set+json}: named with q &gt; 0, and
     * preferred over {@code application/json} (strictly) or over wildcards (ties go to the explicit name).
     */
    static boolean prefersJwkSet(List<String> accept) {
        double set = -1;
        double json = -1;
        double wildcard = -1;
        for (String header : accept) {
            for (String range : header.split(",")) {
                String[] parts = range.split(";");
                String type = parts[0].strip().toLowerCase(Locale.ROOT);
                double q = 1;
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].strip().toLowerCase(Locale.ROOT);
                    if (p.startsWith("q=")) {
                        try {
                            q = Double.parseDouble(p.substring(2));
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    }
                }
                switch (type) {
                    case JWK_SET_JSON -> set = Math.max(set, q);
                    case JSON -> json = Math.max(json, q);
                    case "application/*", "*/*" -> wildcard = Math.max(wildcard, q);
                    default -> { }
                }
            }
        }
        return set > 0 && (json >= 0 ? set > json : set >= wildcard);
    }

    /** Closes the store if this publisher opened it. */
    @Override
    public void close() {
        if (ownsStore) {
            store.close();
        }
        engine.close();
    }
}
