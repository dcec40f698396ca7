package org.jwtgate.metadata;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jose4j.json.JsonUtil;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.DpopMode;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.IssuerConfig;
import org.jwtgate.config.MtlsMode;
import org.jwtgate.config.Parameters;
import org.jwtgate.config.ResourceMetadataConfig;
import org.jwtgate.error.InternalErrorLog;
import org.jwtgate.internal.RecordMethods;
import org.jwtgate.keys.JwksPublisher;
import org.jwtgate.keys.PublisherRequest;
import org.jwtgate.keys.PublisherResponse;
import org.jwtgate.keys.TenantKeyException;
import org.jwtgate.keys.TokenType;
import org.jwtgate.tenant.TenantId;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728 §2, §3) of an application, decided here for every
 * adapter (the filter module's {@code ProtectedResourceMetadataServlet}, the JAX-RS module's
 * {@code ProtectedResourceMetadataResource}). Every member comes from configuration: the
 * {@code resource-*} parameters ({@link ResourceMetadataConfig}) and the engine's own ({@code issuers}
 * become {@code authorization_servers}, {@code dpop} and {@code dpop-algs} the DPoP members); nothing
 * comes from the request, not even its {@code Host}.
 *
 * <ul>
 * <li>Served at the path the resource identifier gives (§3.1): {@code /.well-known/oauth-protected-resource}
 * followed by the identifier's path, as seen inside the application; any other path: 404.</li>
 * <li>{@code GET} and {@code HEAD} (RFC 9110 §9.3.2); any other method: 405 with {@code Allow: GET, HEAD}.</li>
 * <li>{@code Content-Type: application/json}, {@code Cache-Control: public, max-age=N}, a strong
 * {@code ETag} with {@code If-None-Match} → 304, {@code Access-Control-Allow-Origin: *}, as the JWKS.</li>
 * <li>With {@code resource-metadata-signing-tenant}: {@code signed_metadata} (§2.2), a JWT whose claims
 * are the other members plus {@code iss} (the tenant's issuer), {@code iat}, {@code exp} and
 * {@code jti}, header {@code typ: JWT} (RFC 9728 registers no type of its own), signed by the
 * application's JWKS servlet with that tenant's active key, verifiable with the tenant's published
 * JWKS; signed again after half its lifetime. Without {@code resource-jwks-uri}, {@code jwks_uri} is
 * then the tenant's JWKS URI.</li>
 * </ul>
 */
public final class ProtectedResourceMetadata {
    /** How long a client may keep the document, at most. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final String JSON = "application/json";
    private static final String ALLOW = "GET, HEAD";
    private static final System.Logger LOG = System.getLogger(ProtectedResourceMetadata.class.getName());

    private final ResourceMetadataConfig resource;
    private final Map<String, Object> members;
    private final String path;
    private final Supplier<Optional<JwksPublisher>> publisher;
    private final InternalErrorLog errors = new InternalErrorLog(LOG, Clock.systemUTC(), InternalErrorLog.DEFAULT_INTERVAL);
    private volatile Rendered rendered;

    private record Rendered(byte[] body, String etag, Instant signedAt, Duration maxAge) {
        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Rendered that
                    && Objects.equals(body, that.body)
                    && Objects.equals(etag, that.etag)
                    && Objects.equals(signedAt, that.signedAt)
                    && Objects.equals(maxAge, that.maxAge);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(body, etag, signedAt, maxAge);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    private ProtectedResourceMetadata(GateConfig config, Supplier<Optional<JwksPublisher>> publisher) {
        this.resource = config.resourceMetadata().orElseThrow(() -> new ConfigException(Parameters.RESOURCE_IDENTIFIER,
                "is required to serve Protected Resource Metadata (RFC 9728)"));
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.path = ResourceMetadataConfig.WELL_KNOWN + resource.resourcePath();
        this.members = Collections.unmodifiableMap(members(config, resource));
    }

    /**
     * The metadata of the application {@code config} describes.
     *
     * @param config the engine's configuration, with a resource identifier
     * @param publisher the application's JWKS publisher, looked up when a document is signed
     *     (only with {@code resource-metadata-signing-tenant})
     * @return the metadata
     * @throws ConfigException when {@code config} has no {@code resource-identifier}
     */
    public static ProtectedResourceMetadata of(GateConfig config, Supplier<Optional<JwksPublisher>> publisher) {
        return new ProtectedResourceMetadata(config, publisher);
    }

    /**
     * Whether this resource takes certificate-bound access tokens (RFC 8705), for
     * {@code tls_client_certificate_bound_access_tokens}: true when the operator said so, with
     * {@code mtls-bound-tokens=required} or a {@code client-cert-trusted-proxies} list. With the defaults the
     * engine still checks every bound token, but nothing tells it that the container asks for client
     * certificates, so it does not advertise them.
     */
    static boolean certificateBoundTokens(GateConfig config) {
        return config.mtlsBoundTokens() == MtlsMode.REQUIRED || !config.clientCertTrustedProxies().isEmpty();
    }

    private static Map<String, Object> members(GateConfig config, ResourceMetadataConfig r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resource", r.resource().toString());
        List<String> servers = !r.authorizationServers().isEmpty() ? r.authorizationServers()
                : config.issuers().stream().map(IssuerConfig::issuer).toList();
        if (!servers.isEmpty()) {
            m.put("authorization_servers", servers);
        }
        r.jwksUri().ifPresent(u -> m.put("jwks_uri", u.toString()));
        if (!r.scopes().isEmpty()) {
            m.put("scopes_supported", r.scopes());
        }
        List<String> methods = new ArrayList<>(List.of("header"));
        if (config.formParameter()) {
            methods.add("body");
        }
        if (config.queryParameter()) {
            methods.add("query");
        }
        m.put("bearer_methods_supported", methods);
        if (!r.signingAlgorithms().isEmpty()) {
            m.put("resource_signing_alg_values_supported", r.signingAlgorithms());
        }
        if (config.dpop() != DpopMode.OFF) {
            m.put("dpop_signing_alg_values_supported", List.copyOf(config.dpopAlgorithms()));
        }
        m.put("dpop_bound_access_tokens_required", config.dpop() == DpopMode.REQUIRED);
        m.put("tls_client_certificate_bound_access_tokens", certificateBoundTokens(config));
        return m;
    }

    /** The members of the document other than {@code signed_metadata}, in order. */
    public Map<String, Object> members() {
        return members;
    }

    /** The path inside the application the document is served at. */
    public String path() {
        return path;
    }

    /** The URL clients fetch it from (RFC 9728 §3.1), as every challenge's {@code resource_metadata} names it. */
    public String url() {
        return resource.metadataUrl();
    }

    /**
     * Decides the response to one request. Never throws on request content, never repeats any of it.
     *
     * @param request the request; its {@code path()} is the path inside the application
     * @return the complete response
     */
    public PublisherResponse respond(PublisherRequest request) {
        if (!path.equals(request.path())) {
            return error(404, "not_found", Map.of());
        }
        String method = request.method() == null ? "" : request.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return error(405, "method_not_allowed", Map.of("Allow", ALLOW));
        }
        Rendered r;
        try {
            r = current();
        } catch (TenantKeyException | IllegalStateException e) {
            errors.report("signing the Protected Resource Metadata", e, 503);
            return error(503, "temporarily_unavailable", Map.of("Retry-After", "30"));
        }
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", JSON);
        h.put("Cache-Control", "public, max-age=" + r.maxAge().getSeconds());
        h.put("ETag", r.etag());
        h.put("Access-Control-Allow-Origin", "*");
        h.put("Access-Control-Expose-Headers", "ETag");
        if (JwksPublisher.matches(request.headers("If-None-Match"), r.etag())) {
            return new PublisherResponse(304, h, new byte[0]);
        }
        h.put("Content-Length", Integer.toString(r.body().length));
        return new PublisherResponse(200, h, method.equals("HEAD") ? new byte[0] : r.body());
    }

    private Rendered current() {
        Rendered r = rendered;
        Optional<TenantId> tenant = resource.signingTenant();
        if (tenant.isEmpty()) {
            if (r == null) {
                r = rendered = render(members, null, MAX_AGE);
            }
            return r;
        }
        JwksPublisher p = publisher.get().orElseThrow(() -> new IllegalStateException(
                "no JWKS servlet in the application to sign the metadata with (" + Parameters.RESOURCE_METADATA_SIGNING_TENANT + ")"));
        Clock clock = p.config().clock();
        Duration lifetime = p.config().tokenLifetime();
        if (r != null && clock.instant().isBefore(r.signedAt().plus(lifetime.dividedBy(2)))) {
            return r;
        }
        synchronized (this) {
            r = rendered;
            if (r == null || !clock.instant().isBefore(r.signedAt().plus(lifetime.dividedBy(2)))) {
                Map<String, Object> m = new LinkedHashMap<>(members);
                if (resource.jwksUri().isEmpty()) {
                    m.put("jwks_uri", p.config().jwksUri(tenant.get()));
                }
                Instant now = clock.instant();
                String jwt = p.signer().sign(tenant.get(), TokenType.JWT, m);
                // A client's copy never outlives the signature: kept at most a quarter of its lifetime.
                Duration maxAge = lifetime.dividedBy(4).compareTo(MAX_AGE) < 0 ? lifetime.dividedBy(4) : MAX_AGE;
                r = rendered = render(m, jwt, maxAge, now);
            }
            return r;
        }
    }

    private static Rendered render(Map<String, Object> m, String jwt, Duration maxAge) {
        return render(m, jwt, maxAge, Instant.EPOCH);
    }

    private static Rendered render(Map<String, Object> m, String jwt, Duration maxAge, Instant signedAt) {
        Map<String, Object> doc = new LinkedHashMap<>(m);
        if (jwt != null) {
            doc.put("signed_metadata", jwt);
        }
        byte[] body = JsonUtil.toJson(doc).getBytes(StandardCharsets.UTF_8);
        return new Rendered(body, JwksPublisher.etag(JSON, body), signedAt, maxAge);
    }

    private static PublisherResponse error(int status, String error, Map<String, String> extra) {
        return PublisherResponse.error(status, error, extra);
    }
}
