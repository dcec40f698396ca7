package org.jwtgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.DpopProofs;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestCertificates;
import org.jwtgate.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three web.xml blocks of README.md's "Sender-constrained tokens", "Protected Resource Metadata" and
 * "Step-up" sections, read from the README and deployed as written on a real Jetty 12 (with {@code issuers},
 * {@code audiences} and {@code realm} as context-params), requests written byte for byte: the README shows
 * what works.
 */
class ReadmeStandardsTest {
    private static final String PUBLIC = "https://api.example.com";
    private static final String MFA = "urn:example:mfa";
    private static final PublicJsonWebKey CLIENT = TestKeys.ec("P-256");

    @TempDir
    static Path webapps;

    static LocalIssuer issuer;
    static TestServer server;
    static int port;

    @BeforeAll
    static void start() {
        issuer = LocalIssuer.start();
        Map<String, String> common = Map.of("jwtgate.issuers", issuer.issuer() + "|" + issuer.jwksUri(),
                "jwtgate.audiences", "api", "jwtgate.realm", "readme");
        server = new TestServer()
                .add("/bound", new WebXml().contextParams(common).filter(initParams(block("## Sender-constrained tokens")))
                        .servlet("echo", EchoServlet.class, "/*"), webapps.resolve("bound"))
                .add("/prm", new WebXml().contextParams(common).filter(Map.of())
                        .servlet("echo", EchoServlet.class, "/api/*").elements(block("## Protected Resource Metadata")),
                        webapps.resolve("prm"))
                .add("/step", new WebXml().contextParams(common).filter(initParams(block("## Step-up")))
                        .servlet("echo", EchoServlet.class, "/*"), webapps.resolve("step"))
                .start();
        port = server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        issuer.close();
    }

    /** The first {@code xml} block after the README heading {@code heading}. */
    static String block(String heading) {
        String readme;
        try {
            readme = Files.readString(Path.of("..", "README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int at = readme.indexOf("\n" + heading + "\n");
        assertTrue(at >= 0, "README.md has no section " + heading);
        int from = readme.indexOf("```xml\n", at) + "```xml\n".length();
        return readme.substring(from, readme.indexOf("\n```", from)) + "\n";
    }

    private static Map<String, String> initParams(String block) {
        return DpopFilterTest.initParams(block);
    }

    private static RawHttp.Response get(String target, String... headers) {
        return RawHttp.get(port, target, "127.0.0.1:" + port, headers);
    }

    private static void assertRefused(String challenge, Reason reason, RawHttp.Response r) {
        assertEquals(reason.status(), r.status(), r.body());
        assertEquals(List.of(challenge.replace("ERROR", "error=\"" + reason.code().code() + "\", error_description=\""
                + reason.description() + "\"")), r.header("WWW-Authenticate"));
        assertEquals("{\"error\":\"" + reason.code().code() + "\",\"error_description\":\"" + reason.description() + "\"}",
                r.body());
    }

    @Test
    void theSenderConstrainedBlockTakesDpopBoundTokensWithAProofOfThePublicOriginOnly() {
        assertEquals(Map.of("dpop", "allowed", "public-origin", PUBLIC, "client-cert-trusted-proxies", "10.0.0.5"),
                initParams(block("## Sender-constrained tokens")));
        String token = issuer.minter().audience("api").subject("alice").claim("cnf", DpopProofs.confirmation(CLIENT)).sign();
        String proof = DpopProofs.minter(CLIENT, "GET", PUBLIC + "/bound/orders", token, Clock.systemUTC()).sign();
        DpopFilterTest.assertCaller(get("/bound/orders", "Authorization", "DPoP " + token, "DPoP", proof));
        String algs = "algs=\"RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA\"";
        assertRefused("Bearer realm=\"readme\", ERROR, DPoP realm=\"readme\", " + algs, Reason.BOUND_TOKEN_AS_BEARER,
                get("/bound/orders", "Authorization", "Bearer " + token));
        assertRefused("Bearer realm=\"readme\", DPoP realm=\"readme\", " + algs + ", ERROR", Reason.DPOP_PROOF_REPLAYED,
                get("/bound/orders", "Authorization", "DPoP " + token, "DPoP", proof));
        DpopFilterTest.assertCaller(get("/bound/orders", "Authorization", "Bearer " + issuer.minter().audience("api").subject("alice").sign()));
    }

    @Test
    void theSenderConstrainedBlockReadsClientCertOnlyFromTheListedProxy() {
        TestCertificates.Issued alice = TestCertificates.authority("readme CA").issue("alice");
        String boundToAlice = issuer.minter().audience("api").subject("alice")
                .claim("cnf", TestCertificates.confirmation(alice.certificate())).sign();
        String header = ":" + Base64.getEncoder().encodeToString(alice.der()) + ":";
        RawHttp.Response fromLoopback = get("/bound/orders", "Authorization", "Bearer " + boundToAlice, "Client-Cert", header);
        assertEquals(401, fromLoopback.status(), fromLoopback.body());
        assertTrue(fromLoopback.header("WWW-Authenticate").get(0).contains(Reason.MTLS_CERTIFICATE_MISSING.description()),
                fromLoopback.header("WWW-Authenticate").toString());
    }

    @Test
    void theResourceMetadataBlockServesTheDocumentAndNamesItInEveryChallenge() {
        RawHttp.Response none = get("/prm/api/orders");
        assertEquals(401, none.status());
        assertEquals(List.of("Bearer realm=\"readme\", resource_metadata=\"" + PUBLIC + "/.well-known/oauth-protected-resource\""),
                none.header("WWW-Authenticate"));
        RawHttp.Response metadata = get("/prm/.well-known/oauth-protected-resource");
        assertEquals(200, metadata.status(), metadata.body());
        Map<String, Object> document;
        try {
            document = org.jose4j.json.JsonUtil.parseJson(metadata.body());
        } catch (org.jose4j.lang.JoseException e) {
            throw new AssertionError(metadata.body(), e);
        }
        assertEquals(PUBLIC, document.get("resource"));
        assertEquals(List.of(issuer.issuer()), document.get("authorization_servers"));
        assertEquals(List.of("orders:read", "orders:write"), document.get("scopes_supported"));
    }

    @Test
    void theStepUpBlockAsksForMfaWithinFiveMinutesOnAdminOnly() {
        long now = Instant.now().getEpochSecond();
        String plain = issuer.minter().audience("api").subject("alice").sign();
        String stepUp = "Bearer realm=\"readme\", ERROR, acr_values=\"" + MFA + "\", max_age=\"300\"";
        assertRefused(stepUp, Reason.INSUFFICIENT_USER_AUTHENTICATION, get("/step/admin/users", "Authorization", "Bearer " + plain));
        assertRefused(stepUp, Reason.INSUFFICIENT_USER_AUTHENTICATION, get("/step/admin/users", "Authorization", "Bearer "
                + issuer.minter().audience("api").subject("alice").claim("acr", MFA).claim("auth_time", now - 600).sign()));
        DpopFilterTest.assertCaller(get("/step/admin/users", "Authorization", "Bearer "
                + issuer.minter().audience("api").subject("alice").claim("acr", MFA).claim("auth_time", now - 60).sign()));
        DpopFilterTest.assertCaller(get("/step/orders", "Authorization", "Bearer " + plain));
    }
}
