package org.jwtgate.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jwtgate.filter.EchoServlet;
import org.jwtgate.filter.JwtGateFilter;
import org.jwtgate.filter.ProtectedResourceMetadataServlet;
import org.jwtgate.filter.TestServer;
import org.jwtgate.filter.WebXml;
import org.jwtgate.testing.LocalIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 9728 Protected Resource Metadata from {@link ProtectedResourceMetadataResource} in a JAX-RS
 * application, and its twin servlet application ({@link ProtectedResourceMetadataServlet} and the filter)
 * configured by the same context-params: the same document, the same headers, the same challenges
 * naming it. One subclass per runtime.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ResourceMetadataJaxrsTest {
    static final String METADATA = "/.well-known/oauth-protected-resource/orders";
    static final String RESOURCE_METADATA = "resource_metadata=\"https://api.example.com" + METADATA + "\"";

    @TempDir
    static Path webapps;

    LocalIssuer issuer;
    TestServer server;

    abstract JaxrsRuntime runtime();

    @BeforeAll
    void start() {
        issuer = LocalIssuer.start();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("jwtgate.issuers", issuer.issuer());
        params.put("jwtgate.audiences", "api");
        params.put("jwtgate.resource-identifier", "https://api.example.com/orders");
        params.put("jwtgate.resource-scopes", "orders:read orders:write");
        params.put("jwtgate.dpop", "allowed");
        params.put("jwtgate.public-origin", "https://api.example.com");
        JaxrsRuntime rt = runtime();
        String name = rt.getClass().getSimpleName();
        server = new TestServer()
                .add("/jx", new WebXml().contextParams(params)
                        .servlet("jaxrs", rt.servletClass(), rt.initParams(MetadataApplication.class, ""), "/*"),
                        webapps.resolve("jx-" + name))
                .add("/sv", new WebXml().contextParams(params)
                        .filter("jwtgate", JwtGateFilter.class.getName(), Map.of(), "/*")
                        .servlet("echo", EchoServlet.class, "/*")
                        .servlet("metadata", ProtectedResourceMetadataServlet.class, "/.well-known/oauth-protected-resource/*"),
                        webapps.resolve("sv-" + name))
                .start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        issuer.close();
    }

    private HttpResponse<String> send(String path, String method, String... headers) {
        HttpRequest.Builder b = server.request(path).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return TestServer.send(b);
    }

    private static String header(HttpResponse<String> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Test
    void servesTheSameDocumentAsTheServlet() throws Exception {
        HttpResponse<String> jx = send("/jx" + METADATA, "GET");
        HttpResponse<String> sv = send("/sv" + METADATA, "GET");
        assertEquals(200, jx.statusCode(), jx.body());
        assertEquals(sv.body(), jx.body());
        Map<String, Object> doc = JsonUtil.parseJson(jx.body());
        assertEquals("https://api.example.com/orders", doc.get("resource"));
        assertEquals(List.of(issuer.issuer()), doc.get("authorization_servers"));
        assertEquals(List.of("orders:read", "orders:write"), doc.get("scopes_supported"));
        for (String h : List.of("Cache-Control", "ETag", "Access-Control-Allow-Origin")) {
            assertEquals(header(sv, h), header(jx, h), h);
        }
        assertTrue(header(jx, "Content-Type").startsWith("application/json"), header(jx, "Content-Type"));
        HttpResponse<String> notModified = send("/jx" + METADATA, "GET", "If-None-Match", header(jx, "ETag"));
        assertEquals(304, notModified.statusCode());
    }

    @Test
    void otherMethodsAre405AsOnTheServlet() {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            HttpResponse<String> jx = send("/jx" + METADATA, method);
            HttpResponse<String> sv = send("/sv" + METADATA, method);
            assertEquals(405, jx.statusCode(), method);
            assertEquals(sv.body(), jx.body(), method);
            assertEquals("GET, HEAD", header(jx, "Allow"), method);
        }
        HttpResponse<String> head = send("/jx" + METADATA, "HEAD");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    @Test
    void challengesNameTheMetadataAsTheFiltersDo() {
        HttpResponse<String> jx = send("/jx/orders", "GET");
        HttpResponse<String> sv = send("/sv/orders", "GET");
        assertEquals(401, jx.statusCode());
        assertEquals(header(sv, "WWW-Authenticate"), header(jx, "WWW-Authenticate"));
        assertEquals("Bearer realm=\"jwtgate\", " + RESOURCE_METADATA + ", DPoP realm=\"jwtgate\", algs=\""
                + String.join(" ", org.jwtgate.config.GateConfig.ALGORITHM_ORDER) + "\", " + RESOURCE_METADATA,
                header(jx, "WWW-Authenticate"));
        HttpResponse<String> bad = send("/jx/orders", "GET", "Authorization", "DPoP not.a.token");
        assertEquals(header(send("/sv/orders", "GET", "Authorization", "DPoP not.a.token"), "WWW-Authenticate"),
                header(bad, "WWW-Authenticate"));
        assertTrue(header(bad, "WWW-Authenticate").contains(RESOURCE_METADATA + ", error=\"invalid_token\""),
                header(bad, "WWW-Authenticate"));
    }

    @Test
    void aForbiddenCallerIsToldWhereTheMetadataIs() {
        String token = issuer.minter().audience("api").subject("alice").scope("profile").sign();
        HttpResponse<String> r = send("/jx/scoped", "GET", "Authorization", "Bearer " + token);
        assertEquals(403, r.statusCode());
        assertEquals("Bearer realm=\"jwtgate\", " + RESOURCE_METADATA + ", error=\"insufficient_scope\", "
                + "error_description=\"" + org.jwtgate.error.Reason.MISSING_SCOPE.description() + "\", scope=\"orders:read\"",
                header(r, "WWW-Authenticate").replaceAll(", DPoP .*", ""));
    }
}
