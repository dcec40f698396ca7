package org.jwtgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jwtgate.filter.JwksServlet;
import org.jwtgate.filter.JwtGateFilter;
import org.jwtgate.filter.ProtectedResourceMetadataServlet;
import org.jwtgate.testing.LocalIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;

/**
 * jwtgate's RFC 9728 metadata, served over HTTP by {@link ProtectedResourceMetadataServlet} on an embedded
 * Jetty 12, read by code jwtgate did not write: Spring Security 7's {@link OAuth2ProtectedResourceMetadata}
 * (its builder checks the members: {@code resource} and each authorization server must be URLs) and
 * Nimbus JOSE+JWT, which verifies {@code signed_metadata} with the tenant's JWKS as the JWKS servlet
 * publishes it. Nimbus's {@code oauth2-oidc-sdk} has no RFC 9728 class (none in 11.30 nor in 11.39).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtectedResourceMetadataInteropTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String METADATA = "/.well-known/oauth-protected-resource/orders";

    @TempDir
    static Path keys;

    private LocalIssuer issuer;
    private Server server;
    private String base;

    @BeforeAll
    void start() throws Exception {
        issuer = LocalIssuer.start();
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        connector.open();
        base = "http://127.0.0.1:" + connector.getLocalPort();
        ServletContextHandler context = new ServletContextHandler("/");
        Map.of("issuers", issuer.issuer() + "|" + issuer.jwksUri(), "audiences", "api", "excluded-paths", "/t/*",
                "resource-identifier", "https://api.example.com/orders", "resource-scopes", "orders:read",
                "dpop", "allowed", "dpop-algs", "ES256", "public-origin", "https://api.example.com",
                "resource-metadata-signing-tenant", "acme")
                .forEach((k, v) -> context.setInitParameter("jwtgate." + k, v));
        context.addFilter(new FilterHolder(JwtGateFilter.class), "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder jwks = new ServletHolder("jwks", JwksServlet.class);
        jwks.setInitParameter("key-directory", keys.toString());
        jwks.setInitParameter("key-password", "interop-test-password");
        jwks.setInitParameter("issuer", base + "/t/{tenant}");
        jwks.setInitParameter("tenants", "acme");
        jwks.setInitOrder(1);
        context.addServlet(jwks, "/t/*");
        ServletHolder metadata = new ServletHolder("resource-metadata", ProtectedResourceMetadataServlet.class);
        metadata.setInitOrder(2);
        context.addServlet(metadata, "/.well-known/oauth-protected-resource/*");
        server.setHandler(context);
        server.start();
    }

    @AfterAll
    void stop() throws Exception {
        server.stop();
        issuer.close();
    }

    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void springSecurityReadsTheDocument() throws Exception {
        HttpResponse<String> r = get(METADATA);
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> members = JSONObjectUtils.parse(r.body());
        OAuth2ProtectedResourceMetadata read = OAuth2ProtectedResourceMetadata.builder().claims(c -> c.putAll(members)).build();
        assertEquals(new URL("https://api.example.com/orders"), read.getResource());
        assertEquals(List.of(new URL(issuer.issuer())), read.getAuthorizationServers());
        assertEquals(List.of("orders:read"), read.getScopes());
        assertEquals(List.of("header"), read.getBearerMethodsSupported());
        assertFalse(read.isTlsClientCertificateBoundAccessTokens());
        assertEquals(List.of("ES256"), read.getClaimAsStringList("dpop_signing_alg_values_supported"));
        assertEquals(Boolean.FALSE, read.getClaimAsBoolean("dpop_bound_access_tokens_required"));
        // The challenge of a request without a token names that document.
        assertTrue(get("/orders").headers().firstValue("WWW-Authenticate").orElseThrow()
                .contains("resource_metadata=\"https://api.example.com" + METADATA + "\""));
    }

    @Test
    void nimbusVerifiesTheSignedMetadataWithTheTenantsPublishedKeys() throws Exception {
        Map<String, Object> members = JSONObjectUtils.parse(get(METADATA).body());
        SignedJWT jwt = SignedJWT.parse((String) members.get("signed_metadata"));
        JWKSet set = JWKSet.parse(get("/t/acme/oauth2/jwks").body());
        JWK key = set.getKeyByKeyId(jwt.getHeader().getKeyID());
        JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), ((com.nimbusds.jose.jwk.AsymmetricJWK) key).toPublicKey());
        assertTrue(jwt.verify(verifier));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals(base + "/t/acme", claims.getIssuer());
        assertEquals(members.get("resource"), claims.getStringClaim("resource"));
        assertEquals(members.get("jwks_uri"), claims.getStringClaim("jwks_uri"));
        assertEquals(base + "/t/acme/oauth2/jwks", members.get("jwks_uri"));
    }
}
