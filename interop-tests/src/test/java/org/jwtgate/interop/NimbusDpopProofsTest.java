package org.jwtgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DPoPProofFactory;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jwtgate.filter.JwtGateFilter;
import org.jwtgate.testing.LocalIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DPoP proofs made by a client library jwtgate did not write, Nimbus OAuth 2.0 SDK's
 * {@link DefaultDPoPProofFactory}, and tokens bound with Nimbus's own RFC 7638 thumbprint
 * ({@link JWK#computeThumbprint()}), sent over HTTP to the servlet filter ({@code dpop=required}) on an
 * embedded Jetty 12: accepted once; the same proof replayed, or made for another URI, another method or
 * another token, refused with {@code invalid_dpop_proof}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NimbusDpopProofsTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private LocalIssuer issuer;
    private Server server;
    private String base;

    /** Answers 200 with the caller's name. */
    public static final class Hello extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write("hello " + req.getRemoteUser());
        }
    }

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
        ServletContextHandler context = new ServletContextHandler("/app");
        FilterHolder filter = new FilterHolder(JwtGateFilter.class);
        filter.setInitParameters(Map.of("issuers", issuer.issuer() + "|" + issuer.jwksUri(), "audiences", "api",
                "dpop", "required", "public-origin", base));
        context.addFilter(filter, "/api/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Hello()), "/api/*");
        server.setHandler(context);
        server.start();
    }

    @AfterAll
    void stop() throws Exception {
        server.stop();
        issuer.close();
    }

    Stream<Arguments> keys() throws Exception {
        return Stream.of(
                Arguments.of(new ECKeyGenerator(Curve.P_256).generate(), JWSAlgorithm.ES256),
                Arguments.of(new ECKeyGenerator(Curve.P_384).generate(), JWSAlgorithm.ES384),
                Arguments.of(new RSAKeyGenerator(2048).generate(), JWSAlgorithm.RS256),
                Arguments.of(new RSAKeyGenerator(2048).generate(), JWSAlgorithm.PS256),
                Arguments.of(new OctetKeyPairGenerator(Curve.Ed25519).generate(), JWSAlgorithm.EdDSA));
    }

    private DPoPAccessToken boundToken(JWK key) throws Exception {
        return new DPoPAccessToken(issuer.minter().audience("api").subject("alice").claim("jti", java.util.UUID.randomUUID().toString())
                .claim("cnf", Map.of("jkt", key.computeThumbprint().toString())).sign());
    }

    private HttpResponse<String> send(String method, String path, DPoPAccessToken token, String proof) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", token.toAuthorizationHeader());
        if (proof != null) {
            b.header("DPoP", proof);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertInvalidProof(HttpResponse<String> r, String description) {
        assertEquals(401, r.statusCode(), r.body());
        assertEquals("{\"error\":\"invalid_dpop_proof\",\"error_description\":\"" + description + "\"}", r.body());
        assertEquals(List.of("no-store"), r.headers().allValues("Cache-Control"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("keys")
    void nimbusProofsAreAcceptedOnceAndOnlyForTheirRequestAndToken(JWK key, JWSAlgorithm alg) throws Exception {
        DPoPProofFactory factory = new DefaultDPoPProofFactory(key, alg);
        DPoPAccessToken token = boundToken(key);
        URI orders = URI.create(base + "/app/api/orders");

        String proof = factory.createDPoPJWT("GET", orders, token).serialize();
        HttpResponse<String> ok = send("GET", "/app/api/orders?page=1", token, proof);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("hello alice", ok.body());

        assertInvalidProof(send("GET", "/app/api/orders", token, proof), "The DPoP proof was used before");
        assertInvalidProof(send("GET", "/app/api/other", token,
                factory.createDPoPJWT("GET", orders, token).serialize()), "The DPoP proof is for another URI");
        assertInvalidProof(send("DELETE", "/app/api/orders", token,
                factory.createDPoPJWT("GET", orders, token).serialize()), "The DPoP proof is for another HTTP method");
        DPoPAccessToken other = boundToken(key);
        assertInvalidProof(send("GET", "/app/api/orders", token,
                factory.createDPoPJWT("GET", orders, other).serialize()), "The DPoP proof is for another access token");
        assertInvalidProof(send("GET", "/app/api/orders", token,
                factory.createDPoPJWT("GET", orders).serialize()), "The DPoP proof is for another access token");

        HttpResponse<String> again = send("POST", "/app/api/orders", token,
                factory.createDPoPJWT("POST", orders, token).serialize());
        assertEquals(200, again.statusCode(), again.body());
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("keys")
    void aNimbusProofOfAnotherKeyThanTheTokensIsRefused(JWK key, JWSAlgorithm alg) throws Exception {
        DPoPAccessToken boundElsewhere = boundToken(new ECKeyGenerator(Curve.P_256).generate());
        HttpResponse<String> r = send("GET", "/app/api/orders", boundElsewhere,
                new DefaultDPoPProofFactory(key, alg).createDPoPJWT("GET", URI.create(base + "/app/api/orders"), boundElsewhere)
                        .serialize());
        assertEquals(401, r.statusCode(), r.body());
        assertEquals("{\"error\":\"invalid_token\",\"error_description\":\"Invalid DPoP key binding\"}", r.body());
    }
}
