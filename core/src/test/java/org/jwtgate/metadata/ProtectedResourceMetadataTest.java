package org.jwtgate.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.DpopMode;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.Parameters;
import org.jwtgate.config.PathPolicy;
import org.jwtgate.config.Placeholders;
import org.jwtgate.keys.JwksPublisher;
import org.jwtgate.keys.PublisherConfig;
import org.jwtgate.keys.PublisherRequest;
import org.jwtgate.keys.PublisherResponse;
import org.jwtgate.tenant.TenantId;
import org.jwtgate.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RFC 9728 document, its URL and its answers, as core decides them for every adapter. */
class ProtectedResourceMetadataTest {
    private static final String ISSUER = "https://login.example.com/realms/shop";
    private static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    @TempDir
    Path keys;

    private record Request(String method, String path, Map<String, List<String>> all) implements PublisherRequest {
        static Request get(String path) {
            return new Request("GET", path, Map.of());
        }

        @Override
        public String host() {
            return "evil.example";
        }

        @Override
        public List<String> headers(String name) {
            return all.getOrDefault(name, List.of());
        }
    }

    private static GateConfig config(Consumer<GateConfig.Builder> more) {
        GateConfig.Builder b = GateConfig.builder().issuer(ISSUER).audiences("api").resourceIdentifier("https://api.example.com/shop");
        more.accept(b);
        return b.build();
    }

    private static ProtectedResourceMetadata metadata(GateConfig config) {
        return ProtectedResourceMetadata.of(config, Optional::empty);
    }

    private static Map<String, Object> document(PublisherResponse r) throws Exception {
        assertEquals(200, r.status(), r.bodyText());
        return JsonUtil.parseJson(r.bodyText());
    }

    @Test
    void theMetadataUrlInsertsTheWellKnownSuffixBeforeThePath() {
        Map<String, String> urls = Map.of(
                "https://api.example.com", "https://api.example.com" + WELL_KNOWN,
                "https://api.example.com/", "https://api.example.com" + WELL_KNOWN,
                "https://api.example.com:8443/shop/orders/", "https://api.example.com:8443" + WELL_KNOWN + "/shop/orders",
                "https://api.example.com/shop", "https://api.example.com" + WELL_KNOWN + "/shop");
        urls.forEach((resource, url) -> {
            ProtectedResourceMetadata m = metadata(GateConfig.builder().issuer(ISSUER).audiences("api")
                    .resourceIdentifier(resource).build());
            assertEquals(url, m.url(), resource);
            assertEquals(url.substring(url.indexOf(WELL_KNOWN)), m.path(), resource);
        });
    }

    @Test
    void theDocumentComesFromConfigurationAlone() throws Exception {
        Map<String, Object> doc = document(metadata(config(b -> b.resourceScopes(List.of("orders:read")).dpop(DpopMode.REQUIRED)
                .dpopAlgorithms(List.of("ES256")).publicOrigin(java.net.URI.create("https://api.example.com"))
                .formParameter(true).queryParameter(true).resourceSigningAlgorithms(List.of("PS256"))
                .resourceJwksUri("https://api.example.com/keys")))
                .respond(Request.get(WELL_KNOWN + "/shop")));
        assertEquals(List.of("resource", "authorization_servers", "jwks_uri", "scopes_supported", "bearer_methods_supported",
                "resource_signing_alg_values_supported", "dpop_signing_alg_values_supported",
                "dpop_bound_access_tokens_required", "tls_client_certificate_bound_access_tokens"), List.copyOf(doc.keySet()));
        assertEquals("https://api.example.com/shop", doc.get("resource"));
        assertEquals(List.of(ISSUER), doc.get("authorization_servers"));
        assertEquals(List.of("header", "body", "query"), doc.get("bearer_methods_supported"));
        assertEquals(List.of("ES256"), doc.get("dpop_signing_alg_values_supported"));
        assertEquals(true, doc.get("dpop_bound_access_tokens_required"));
        assertEquals(false, doc.get("tls_client_certificate_bound_access_tokens"));
        assertFalse(metadata(config(b -> { })).respond(Request.get(WELL_KNOWN + "/shop")).bodyText().contains("evil"));
    }

    @Test
    void certificateBoundTokensAreAdvertisedWhenTheOperatorConfiguredThem() throws Exception {
        for (java.util.function.Consumer<GateConfig.Builder> mtls : List.<java.util.function.Consumer<GateConfig.Builder>>of(
                b -> b.mtlsBoundTokens(org.jwtgate.config.MtlsMode.REQUIRED),
                b -> b.clientCertTrustedProxies(List.of(org.jwtgate.mtls.AddressRange.parse("10.0.0.5"))))) {
            Map<String, Object> doc = document(metadata(config(mtls)).respond(Request.get(WELL_KNOWN + "/shop")));
            assertEquals(true, doc.get("tls_client_certificate_bound_access_tokens"));
        }
        Map<String, Object> defaults = document(metadata(config(b -> { })).respond(Request.get(WELL_KNOWN + "/shop")));
        assertEquals(false, defaults.get("tls_client_certificate_bound_access_tokens"));
    }

    @Test
    void configuredAuthorizationServersReplaceTheIssuers() throws Exception {
        Map<String, Object> doc = document(metadata(config(b -> b.resourceAuthorizationServers(
                List.of("https://as1.example.com", "https://as2.example.com")))).respond(Request.get(WELL_KNOWN + "/shop")));
        assertEquals(List.of("https://as1.example.com", "https://as2.example.com"), doc.get("authorization_servers"));
    }

    @Test
    void otherPathsAre404AndOtherMethods405WithoutEcho() {
        ProtectedResourceMetadata m = metadata(config(b -> { }));
        for (String path : List.of(WELL_KNOWN, WELL_KNOWN + "/shop/", WELL_KNOWN + "/shopx", "/shop", "")) {
            assertEquals(404, m.respond(Request.get(path)).status(), path);
        }
        PublisherResponse post = m.respond(new Request("POST<script>", WELL_KNOWN + "/shop", Map.of()));
        assertEquals(405, post.status());
        assertEquals("GET, HEAD", post.header("Allow"));
        assertEquals("{\"error\":\"method_not_allowed\"}", post.bodyText());
        PublisherResponse head = m.respond(new Request("HEAD", WELL_KNOWN + "/shop", Map.of()));
        assertEquals(200, head.status());
        assertEquals(0, head.body().length);
        String etag = head.header("ETag");
        assertEquals(304, m.respond(new Request("GET", WELL_KNOWN + "/shop", Map.of("If-None-Match", List.of(etag)))).status());
    }

    @Test
    void badValuesFailTheConfigurationNamingTheParameter() {
        Map<String, Consumer<GateConfig.Builder>> bad = Map.of(
                Parameters.RESOURCE_IDENTIFIER, b -> b.resourceIdentifier("http://api.example.com"),
                Parameters.RESOURCE_SCOPES, b -> b.resourceScopes(List.of("a\"b")),
                Parameters.RESOURCE_AUTHORIZATION_SERVERS, b -> b.resourceAuthorizationServers(List.of("http://as.example.com")),
                Parameters.RESOURCE_JWKS_URI, b -> b.resourceJwksUri("https://k.example.com/jwks#x"),
                Parameters.RESOURCE_SIGNING_ALGS, b -> b.resourceSigningAlgorithms(List.of("HS256")),
                Parameters.RESOURCE_METADATA_SIGNING_TENANT, b -> b.resourceMetadataSigningTenant("-Acme"));
        bad.forEach((parameter, change) -> assertEquals(parameter,
                assertThrows(ConfigException.class, () -> config(change), parameter).parameter()));
        ConfigException stray = assertThrows(ConfigException.class, () -> GateConfig.builder().issuer(ISSUER).audiences("api")
                .resourceScopes(List.of("a")).build());
        assertEquals(Parameters.RESOURCE_SCOPES, stray.parameter());
        assertEquals(Parameters.RESOURCE_IDENTIFIER, assertThrows(ConfigException.class,
                () -> metadata(GateConfig.builder().issuer(ISSUER).audiences("api").build())).parameter());
    }

    @Test
    void theParametersTableReadsEveryMember() throws Exception {
        GateConfig c = Parameters.parse(Map.of("issuers", ISSUER, "audiences", "api",
                "resource-identifier", "https://api.example.com", "resource-scopes", "a b",
                "resource-authorization-servers", "https://as.example.com", "resource-jwks-uri", "https://api.example.com/jwks",
                "resource-signing-algs", "ES256", "resource-metadata-signing-tenant", "acme"), Placeholders.system()).build();
        var r = c.resourceMetadata().orElseThrow();
        assertEquals(List.of("a", "b"), r.scopes());
        assertEquals(List.of("https://as.example.com"), r.authorizationServers());
        assertEquals("https://api.example.com/jwks", r.jwksUri().orElseThrow().toString());
        assertEquals(List.of("ES256"), r.signingAlgorithms());
        assertEquals(TenantId.of("acme"), r.signingTenant().orElseThrow());
    }

    @Test
    void theMetadataPathIsNeverProtectedButItsNeighboursAre() {
        PathPolicy paths = new PathPolicy(config(b -> { }));
        assertFalse(paths.isProtected(WELL_KNOWN + "/shop"));
        assertTrue(paths.isProtected(WELL_KNOWN));
        assertTrue(paths.isProtected(WELL_KNOWN + "/shop/x"));
        assertTrue(new PathPolicy(GateConfig.builder().issuer(ISSUER).audiences("api").build()).isProtected(WELL_KNOWN + "/shop"));
    }

    @Test
    void signedMetadataIsSignedAgainAfterHalfItsLifetimeAndVerifiesWithTheTenantsKeys() throws Exception {
        MutableClock clock = MutableClock.startingNow();
        TenantId acme = TenantId.of("acme");
        try (JwksPublisher publisher = JwksPublisher.create(PublisherConfig.builder().managed(keys, "pw")
                .issuer("https://auth.example.com/t/{tenant}").tenants(List.of(acme)).tokenLifetime(Duration.ofMinutes(10))
                .clock(clock).build())) {
            ProtectedResourceMetadata m = ProtectedResourceMetadata.of(config(b -> b.resourceMetadataSigningTenant("acme")),
                    () -> Optional.of(publisher));
            PublisherResponse first = m.respond(Request.get(WELL_KNOWN + "/shop"));
            Map<String, Object> doc = document(first);
            assertEquals("https://auth.example.com/t/acme/oauth2/jwks", doc.get("jwks_uri"));
            assertEquals("public, max-age=150", first.header("Cache-Control"));
            JwtConsumer consumer = new JwtConsumerBuilder().setExpectedIssuer("https://auth.example.com/t/acme")
                    .setEvaluationTime(org.jose4j.jwt.NumericDate.fromMilliseconds(clock.millis()))
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(
                            new JsonWebKeySet(publisher.jwks(acme).orElseThrow()).getJsonWebKeys())).build();
            JwtClaims claims = consumer.processToClaims((String) doc.get("signed_metadata"));
            assertEquals(doc.get("resource"), claims.getClaimValue("resource"));
            assertEquals(doc.get("jwks_uri"), claims.getClaimValue("jwks_uri"));
            clock.advance(Duration.ofMinutes(4));
            assertEquals(first.bodyText(), m.respond(Request.get(WELL_KNOWN + "/shop")).bodyText());
            clock.advance(Duration.ofMinutes(1));
            assertNotEquals(first.bodyText(), m.respond(Request.get(WELL_KNOWN + "/shop")).bodyText());
        }
    }

    @Test
    void withoutAPublisherToSignWithTheAnswerIs503() {
        PublisherResponse r = ProtectedResourceMetadata.of(config(b -> b.resourceMetadataSigningTenant("acme")), Optional::empty)
                .respond(Request.get(WELL_KNOWN + "/shop"));
        assertEquals(503, r.status());
        assertEquals("{\"error\":\"temporarily_unavailable\"}", r.bodyText());
    }
}
