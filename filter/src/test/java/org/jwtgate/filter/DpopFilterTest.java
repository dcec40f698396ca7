package org.jwtgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.DpopProofs;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DPoP (RFC 9449) through the servlet filter declared in web.xml, on a real Jetty 12, requests written
 * byte for byte. {@code /dpop}: the configuration of docs/sender-constrained.md (read from the page), {@code dpop=required} behind a proxy whose
 * public origin is https://api.example.com (the test connects to Jetty directly, as the proxy would);
 * {@code /allowed}: {@code dpop=allowed} with {@code public-origin=from-request}.
 */
class DpopFilterTest {
    private static final String REALM = "dpop";
    private static final String PUBLIC = "https://api.example.com";
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
                "jwtgate.audiences", "api", "jwtgate.realm", REALM);
        server = new TestServer()
                .add("/dpop", new WebXml().contextParams(common).filter(documentedInitParams())
                        .servlet("echo", EchoServlet.class, "/api/*"), webapps.resolve("dpop"))
                .add("/allowed", new WebXml().contextParams(common)
                        .filter(Map.of("dpop", "allowed", "public-origin", "from-request"))
                        .servlet("echo", EchoServlet.class, "/api/*"), webapps.resolve("allowed"))
                .start();
        port = server.port();
    }

    /**
     * The init-params of the first web.xml block of docs/sender-constrained.md, as a user copies them: the
     * page shows what this test deploys.
     */
    static Map<String, String> documentedInitParams() {
        Map<String, String> params = xmlBlockInitParams(Path.of("..", "docs", "sender-constrained.md"));
        assertEquals(Map.of("dpop", "required", "dpop-algs", "ES256 PS256", "public-origin", PUBLIC), params);
        return params;
    }

    /** The init-params of the first {@code xml} block of a documentation page, comments left out. */
    static Map<String, String> xmlBlockInitParams(Path documentationPage) {
        String page;
        try {
            page = java.nio.file.Files.readString(documentationPage);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int from = page.indexOf("```xml\n");
        return initParams(page.substring(from, page.indexOf("\n```", from)));
    }

    /** The param-name/param-value pairs of a web.xml fragment, comments between them left out. */
    static Map<String, String> initParams(String block) {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "<param-name>([^<]+)</param-name>\\s*(?:<!--.*?-->)?\\s*<param-value>([^<]+)</param-value>",
                java.util.regex.Pattern.DOTALL).matcher(block);
        while (m.find()) {
            params.put(m.group(1).strip(), m.group(2).strip());
        }
        return params;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        issuer.close();
    }

    private static String bound(PublicJsonWebKey key) {
        return issuer.minter().audience("api").subject("alice").claim("jti", java.util.UUID.randomUUID().toString())
                .claim("cnf", DpopProofs.confirmation(key)).sign();
    }

    private static String proof(String method, String url, String token) {
        return DpopProofs.minter(CLIENT, method, url, token, Clock.systemUTC()).sign();
    }

    private static RawHttp.Response viaHost(String host, String target, String... headers) {
        return RawHttp.get(port, target, host, headers);
    }

    private static RawHttp.Response get(String target, String... headers) {
        return RawHttp.get(port, target, "127.0.0.1:" + port, headers);
    }

    /** 200 from the {@link EchoServlet}, which names alice as the caller. */
    static void assertCaller(RawHttp.Response r) {
        assertEquals(200, r.status(), r.body());
        try {
            assertEquals("alice", JsonUtil.parseJson(r.body()).get("user"));
        } catch (Exception e) {
            throw new AssertionError(r.body(), e);
        }
    }

    private static void assertRefused(String challenge, Reason reason, RawHttp.Response r) {
        assertEquals(reason.status(), r.status(), r.body());
        assertEquals(List.of(challenge + ", error=\"" + reason.code().code() + "\", error_description=\""
                + reason.description() + "\""), r.header("WWW-Authenticate"));
        assertEquals("{\"error\":\"" + reason.code().code() + "\",\"error_description\":\"" + reason.description() + "\"}",
                r.body());
        assertEquals(List.of("no-store"), r.header("Cache-Control"));
    }

    private static final String REQUIRED = "DPoP realm=\"dpop\", algs=\"ES256 PS256\"";

    @Test
    void aBoundTokenWithAProofForThePublicUriPassesOnceBehindTheProxy() {
        String token = bound(CLIENT);
        String p = proof("GET", PUBLIC + "/dpop/api/orders", token);
        assertCaller(get("/dpop/api/orders?page=2", "Authorization", "DPoP " + token, "DPoP", p));
        assertRefused(REQUIRED, Reason.DPOP_PROOF_REPLAYED, get("/dpop/api/orders", "Authorization", "DPoP " + token, "DPoP", p));
        assertCaller(get("/dpop/api/orders", "Authorization", "DPoP " + token, "DPoP", proof("GET", PUBLIC + "/dpop/api/orders", token)));
    }

    @Test
    void proofsForAnotherUriMethodOrTokenAreRefused() {
        String token = bound(CLIENT);
        String internal = "http://127.0.0.1:" + port + "/dpop/api/orders";
        assertRefused(REQUIRED, Reason.DPOP_PROOF_URI, get("/dpop/api/orders", "Authorization", "DPoP " + token,
                "DPoP", proof("GET", internal, token)));
        assertRefused(REQUIRED, Reason.DPOP_PROOF_URI, viaHost("evil.example", "/dpop/api/orders", "Authorization", "DPoP " + token,
                "DPoP", proof("GET", "http://evil.example/dpop/api/orders", token)));
        assertRefused(REQUIRED, Reason.DPOP_PROOF_URI, get("/dpop/api/other", "Authorization", "DPoP " + token,
                "DPoP", proof("GET", PUBLIC + "/dpop/api/orders", token)));
        assertRefused(REQUIRED, Reason.DPOP_PROOF_METHOD, get("/dpop/api/orders", "Authorization", "DPoP " + token,
                "DPoP", proof("POST", PUBLIC + "/dpop/api/orders", token)));
        String other = bound(CLIENT);
        assertRefused(REQUIRED, Reason.DPOP_PROOF_TOKEN_HASH, get("/dpop/api/orders", "Authorization", "DPoP " + token,
                "DPoP", proof("GET", PUBLIC + "/dpop/api/orders", other)));
        String ofAnotherKey = bound(TestKeys.ec("P-256"));
        assertRefused(REQUIRED, Reason.DPOP_KEY_MISMATCH, get("/dpop/api/orders", "Authorization", "DPoP " + ofAnotherKey,
                "DPoP", proof("GET", PUBLIC + "/dpop/api/orders", ofAnotherKey)));
    }

    @Test
    void missingTwoOrHostileProofsAreRefusedNeverEchoed() {
        String token = bound(CLIENT);
        String p = proof("GET", PUBLIC + "/dpop/api/orders", token);
        assertRefused(REQUIRED, Reason.DPOP_PROOF_MISSING, get("/dpop/api/orders", "Authorization", "DPoP " + token));
        assertRefused(REQUIRED, Reason.DPOP_PROOF_MULTIPLE, get("/dpop/api/orders", "Authorization", "DPoP " + token,
                "DPoP", p, "DPoP", p));
        for (String hostile : List.of("<script>alert(1)</script>", "a.b.c", "e30.e30.", p + "x", "\"" + p + "\"",
                DpopProofs.minter(CLIENT, "GET", PUBLIC + "/dpop/api/orders", token, Clock.systemUTC())
                        .header("jwk", DpopProofs.privateJwk(CLIENT)).sign(),
                DpopProofs.minter(CLIENT, "GET", PUBLIC + "/dpop/api/orders", token, Clock.systemUTC()).unsigned(),
                DpopProofs.minter(CLIENT, "GET", PUBLIC + "/dpop/api/orders", token, Clock.systemUTC())
                        .signedWithHmac(new byte[32]))) {
            RawHttp.Response r = get("/dpop/api/orders", "Authorization", "DPoP " + token, "DPoP", hostile);
            assertEquals(401, r.status(), hostile);
            assertEquals("invalid_dpop_proof", r.body().replaceAll(".*\"error\":\"([a-z_]+)\".*", "$1"), r.body());
            assertEquals(-1, r.body().indexOf("alert"), r.body());
        }
        assertCaller(get("/dpop/api/orders", "Authorization", "DPoP " + token, "DPoP", p));
    }

    @Test
    void bearerIsRefusedWhereDpopIsRequiredAndABoundTokenIsNeverABearerToken() {
        String token = bound(CLIENT);
        RawHttp.Response none = get("/dpop/api/orders");
        assertEquals(401, none.status());
        assertEquals(List.of(REQUIRED), none.header("WWW-Authenticate"));
        assertRefused(REQUIRED, Reason.DPOP_REQUIRED, get("/dpop/api/orders", "Authorization", "Bearer " + token));
        String both = "Bearer realm=\"dpop\", DPoP realm=\"dpop\", algs=\"RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA\"";
        RawHttp.Response allowedNone = get("/allowed/api/orders");
        assertEquals(List.of(both), allowedNone.header("WWW-Authenticate"));
        RawHttp.Response asBearer = get("/allowed/api/orders", "Authorization", "Bearer " + token);
        assertEquals(401, asBearer.status());
        assertEquals(List.of("Bearer realm=\"dpop\", error=\"invalid_token\", error_description=\""
                + Reason.BOUND_TOKEN_AS_BEARER.description() + "\", DPoP realm=\"dpop\", algs=\"RS256 RS384 RS512 PS256 PS384 "
                + "PS512 ES256 ES384 ES512 EdDSA\""), asBearer.header("WWW-Authenticate"));
        assertCaller(get("/allowed/api/orders", "Authorization", "Bearer " + issuer.minter().audience("api").subject("alice").sign()));
    }

    @Test
    void fromRequestTakesTheOriginFromTheHostHeaderAsTheContainerReportsIt() {
        String token = bound(CLIENT);
        assertCaller(get("/allowed/api/orders", "Authorization", "DPoP " + token,
                "DPoP", proof("GET", "http://127.0.0.1:" + port + "/allowed/api/orders", token)));
        // the explicit opt-in: whatever Host the client sends names the origin
        assertCaller(viaHost("shop.example:8080", "/allowed/api/orders", "Authorization", "DPoP " + token,
                "DPoP", proof("GET", "http://shop.example:8080/allowed/api/orders", token)));
        assertRefused("Bearer realm=\"dpop\", DPoP realm=\"dpop\", algs=\"RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA\"",
                Reason.DPOP_PROOF_URI, get("/allowed/api/orders", "Authorization", "DPoP " + token,
                        "DPoP", proof("GET", "http://shop.example:8080/allowed/api/orders", token)));
    }

    @Test
    void getAuthTypeIsDpopForADpopCallerAndBearerForABearerCaller() throws Exception {
        String token = bound(CLIENT);
        RawHttp.Response dpop = get("/allowed/api/orders", "Authorization", "DPoP " + token,
                "DPoP", proof("GET", "http://127.0.0.1:" + port + "/allowed/api/orders", token));
        assertCaller(dpop);
        assertEquals("DPoP", JsonUtil.parseJson(dpop.body()).get("authType"));
        RawHttp.Response bearer = get("/allowed/api/orders", "Authorization", "Bearer "
                + issuer.minter().audience("api").subject("alice").sign());
        assertCaller(bearer);
        assertEquals("Bearer", JsonUtil.parseJson(bearer.body()).get("authType"));
    }

    @Test
    void anUnboundTokenSentWithTheDpopSchemeIsRefused() {
        String token = issuer.minter().audience("api").subject("alice").sign();
        assertRefused(REQUIRED, Reason.TOKEN_NOT_BOUND, get("/dpop/api/orders", "Authorization", "DPoP " + token,
                "DPoP", proof("GET", PUBLIC + "/dpop/api/orders", token)));
    }
}
