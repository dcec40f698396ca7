package org.jwtgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.json.JsonUtil;
import org.jwtgate.Decision;
import org.jwtgate.testing.LocalIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter mapped for REQUEST and FORWARD decides once per request. */
class ForwardTest {
    @TempDir
    static Path webapps;

    static LocalIssuer issuer;
    static TestServer server;

    @BeforeAll
    static void start() {
        issuer = LocalIssuer.start();
        server = new TestServer()
                .add("/fwd", new WebXml()
                        .filter(Map.of("issuers", issuer.issuer() + "|" + issuer.jwksUri(), "audiences", "api",
                                "excluded-paths", "/public/*"), "REQUEST", "FORWARD")
                        .servlet("forward", ForwardServlet.class, "/start", "/public/start")
                        .servlet("target", EchoServlet.class, "/target"), webapps.resolve("fwd"))
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        issuer.close();
    }

    private static HttpResponse<String> get(String path, String testId, String token) {
        var b = server.request(path).header("X-Test-Id", testId);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return TestServer.send(b.GET());
    }

    @Test
    void forwardReusesTheDecisionOfTheFirstDispatch() throws Exception {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> r = get("/fwd/start", id, issuer.minter().subject("bob").audience("api").sign());
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> seen = JsonUtil.parseJson(r.body());
        assertEquals("bob", seen.get("user"));
        assertEquals("Bearer", seen.get("authType"));

        List<Object> decisions = DecisionProbe.seen(id);
        assertEquals(2, decisions.size());
        Decision.Proceed first = assertInstanceOf(Decision.Proceed.class, decisions.get(0));
        assertTrue(first.principal().isPresent());
        // Each validation yields a new Decision: the same instance means the token was validated once.
        assertSame(first, decisions.get(1));
    }

    @Test
    void forwardFromExcludedPathToProtectedPathIsChecked() {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> r = get("/fwd/public/start", id, null);
        assertEquals(401, r.statusCode());
        assertEquals(List.of("Bearer realm=\"jwtgate\""), r.headers().allValues("WWW-Authenticate"));
        assertEquals(List.of(Decision.ANONYMOUS), DecisionProbe.seen(id));
    }

    @Test
    void forwardFromExcludedPathAuthenticatesAtTheProtectedTarget() throws Exception {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> r = get("/fwd/public/start", id, issuer.minter().subject("carol").audience("api").sign());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("carol", JsonUtil.parseJson(r.body()).get("user"));
        List<Object> decisions = DecisionProbe.seen(id);
        assertSame(Decision.ANONYMOUS, decisions.get(0));
        assertNotSame(decisions.get(0), decisions.get(1));
    }
}
