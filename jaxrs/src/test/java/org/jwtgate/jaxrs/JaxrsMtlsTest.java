package org.jwtgate.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.jwtgate.error.Reason;
import org.jwtgate.filter.RawHttp;
import org.jwtgate.filter.TestServer;
import org.jwtgate.filter.WebXml;
import org.jwtgate.mtls.ClientCertHeader;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Certificate-bound tokens (RFC 8705 §3) through the JAX-RS filter alone (no servlet filter), on Jersey and
 * RESTEasy in Jetty 12 over real TLS with client certificates (client auth "want"): the runtime hands the
 * container's certificate to the adapter, and core decides as for the servlet filter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JaxrsMtlsTest {
    private static final String PASSWORD = "server-key-password";
    private final TestCertificates.Authority ca = TestCertificates.authority("jaxrs mtls CA");
    private final TestCertificates.Issued alice = ca.issue("alice");
    private final TestCertificates.Issued bob = ca.issue("bob");
    private LocalIssuer issuer;
    private TestServer server;

    abstract JaxrsRuntime runtime();

    @BeforeAll
    void start() throws Exception {
        issuer = LocalIssuer.start();
        JaxrsRuntime rt = runtime();
        Map<String, String> params = Map.of("jwtgate.issuers", issuer.issuer() + "|" + issuer.jwksUri(), "jwtgate.audiences", "api",
                "jwtgate.realm", "mtls", "jwtgate.client-cert-trusted-proxies", "127.0.0.1 ::1");
        server = new TestServer().tls(ca.issue("server").keyStore(PASSWORD.toCharArray()), PASSWORD, ca.trustStore())
                .add("/app", new WebXml().contextParams(params)
                        .servlet("jaxrs", rt.servletClass(), rt.initParams(TestApplication.class, "/api"), "/api/*"),
                        Files.createTempDirectory("jaxrs-mtls"))
                .start();
    }

    @AfterAll
    void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            issuer.close();
        }
    }

    private RawHttp.Response get(TestCertificates.Issued client, String token, String... more) {
        SSLContext tls = TestCertificates.client(ca, client);
        String[] headers = new String[more.length + 2];
        headers[0] = "Authorization";
        headers[1] = "Bearer " + token;
        System.arraycopy(more, 0, headers, 2, more.length);
        return RawHttp.getTls(tls, server.tlsPort(), "/app/api/orders", headers);
    }

    private String boundTo(TestCertificates.Issued client) {
        return issuer.minter().audience("api").subject("alice").claim("cnf", TestCertificates.confirmation(client.certificate()))
                .sign();
    }

    private static void assertRefused(Reason reason, RawHttp.Response r) {
        assertEquals(401, r.status(), r.body());
        assertEquals(List.of("Bearer realm=\"mtls\", error=\"invalid_token\", error_description=\"" + reason.description() + "\""),
                r.header("WWW-Authenticate"));
        assertEquals("{\"error\":\"invalid_token\",\"error_description\":\"" + reason.description() + "\"}", r.body());
    }

    @Test
    void boundTokenIsAcceptedOnlyWithItsCertificate() {
        RawHttp.Response ok = get(alice, boundTo(alice));
        assertEquals(200, ok.status(), ok.body());
        assertEquals("hello alice", ok.body());
        assertRefused(Reason.MTLS_CERTIFICATE_MISMATCH, get(bob, boundTo(alice)));
        assertRefused(Reason.MTLS_CERTIFICATE_MISSING, get(null, boundTo(alice)));
        assertEquals(200, get(bob, issuer.minter().audience("api").subject("alice").sign()).status(), "unbound: accepted");
    }

    @Test
    void clientCertHeaderIsNeverReadByTheJaxrsFilterAlone() {
        // JAX-RS has no portable peer address: the trusted proxies' header counts only through the servlet filter
        assertRefused(Reason.MTLS_CERTIFICATE_MISSING, get(null, boundTo(alice), "Client-Cert", ClientCertHeader.format(alice.der())));
    }
}
