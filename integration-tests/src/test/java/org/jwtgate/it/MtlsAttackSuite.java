package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestCertificates;
import org.jwtgate.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The attack catalogue's mTLS group (RFC 8705 §3, RFC 9440): the built sample WAR on one container (its own
 * JVM) with an HTTPS connector that asks for client certificates, certificates made at run time. Two
 * deployments: the defaults ({@code mtls-bound-tokens=allowed}, no trusted proxy), and
 * {@code mtls-bound-tokens=required} with {@code client-cert-trusted-proxies=127.0.0.1}, where the test
 * stands for the TLS-terminating proxy. Every case asserts the exact status and challenge, that nothing
 * answers 500 and that nothing is echoed; the servlet route ({@code /api/whoami}) and the JAX-RS one
 * ({@code /api/rest/me}) answer alike.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MtlsAttackSuite {
    private static final String AUDIENCE = "sample-api";
    private static final String REALM = "Bearer realm=\"sample\"";
    private static final String PASSWORD = "mtls-it-password";
    private static final List<String> ROUTES = List.of("/api/whoami", "/api/rest/me");

    private final TestCertificates.Authority ca = TestCertificates.authority("attack suite CA");
    private final TestCertificates.Issued alice = ca.issue("alice");
    private final TestCertificates.Issued mallory = ca.issue("mallory");
    private final TestCertificates.Authority otherCa = TestCertificates.authority("another CA");
    private final Map<String, Integer> cases = new LinkedHashMap<>();
    private LocalIssuer idp;
    private Container allowed;
    private Container proxied;
    private int allowedTls;
    private HttpClient asAlice;
    private HttpClient asMallory;
    private HttpClient anonymous;

    abstract Container.Kind kind();

    @BeforeAll
    void start() throws Exception {
        idp = LocalIssuer.start("realms/mtls", TestKeys.ec("P-256"));
        asAlice = client(alice);
        asMallory = client(mallory);
        anonymous = client(null);
        allowedTls = Container.freePort();
        allowed = start(allowedTls, Map.of());
        proxied = start(Container.freePort(), Map.of("JWTGATE_MTLS_BOUND_TOKENS", "required",
                "JWTGATE_CLIENT_CERT_TRUSTED_PROXIES", "127.0.0.1"));
    }

    private Container start(int tlsPort, Map<String, String> more) throws Exception {
        Path dir = Files.createTempDirectory("mtls-attack");
        Map<String, String> env = new HashMap<>(TlsConnector.environment(tlsPort, ca.issue("server").keyStore(PASSWORD.toCharArray()),
                ca.trustStore(), PASSWORD, dir));
        env.put("JWTGATE_ISSUERS", idp.issuer() + "|" + idp.jwksUri());
        env.put("JWTGATE_AUDIENCES", AUDIENCE);
        env.putAll(more);
        return Container.start(kind(), env);
    }

    @AfterAll
    void stop() throws Exception {
        try {
            System.out.println("mTLS attack cases on " + kind() + ": " + cases);
        } finally {
            try {
                if (allowed != null) {
                    allowed.close();
                }
            } finally {
                if (proxied != null) {
                    proxied.close();
                }
                idp.close();
            }
        }
    }

    private HttpClient client(TestCertificates.Issued who) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .sslContext(TestCertificates.client(ca, who)).build();
    }

    private String boundTo(TestCertificates.Issued who) {
        return idp.minter().audience(AUDIENCE).subject("alice").claim("cnf", TestCertificates.confirmation(who.certificate())).sign();
    }

    private String unbound() {
        return idp.minter().audience(AUDIENCE).subject("alice").sign();
    }

    private static String header(TestCertificates.Issued who) {
        return ":" + Base64.getEncoder().encodeToString(who.der()) + ":";
    }

    /** Over TLS to the deployment with the defaults. */
    private HttpResponse<String> tls(HttpClient as, String route, String token, String... headers) throws Exception {
        return send(as, URI.create("https://127.0.0.1:" + allowedTls + Container.CONTEXT + route), token, headers);
    }

    /** Over plain HTTP to {@code container}, as a proxy that terminated TLS would connect. */
    private HttpResponse<String> plain(Container container, String route, String token, String... headers) throws Exception {
        return send(anonymous, container.uri(route), token, headers);
    }

    private HttpResponse<String> send(HttpClient as, URI uri, String token, String... headers) throws Exception {
        cases.merge("mTLS", 1, Integer::sum);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = as.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertNotEquals(500, r.statusCode(), uri + " " + r.body());
        String sig = token.substring(token.lastIndexOf('.') + 1);
        assertFalse(r.body().contains(sig) || r.headers().map().toString().contains(sig), "echo");
        for (String h : r.headers().allValues("WWW-Authenticate")) {
            assertTrue(h.chars().allMatch(c -> c >= 0x20 && c <= 0x7E), h);
        }
        return r;
    }

    private static void accepted(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("alice"), r.body());
    }

    private static void refused(Reason reason, HttpResponse<String> r) {
        assertEquals(401, r.statusCode(), r.body());
        assertEquals(List.of(REALM + ", error=\"invalid_token\", error_description=\"" + reason.description() + "\""),
                r.headers().allValues("WWW-Authenticate"));
    }

    @Test
    void boundTokenWithItsCertificate() throws Exception {
        for (String route : ROUTES) {
            accepted(tls(asAlice, route, boundTo(alice)));
            accepted(tls(asMallory, route, boundTo(mallory)));
            accepted(tls(asMallory, route, unbound()));
        }
    }

    @Test
    void stolenBoundTokenWithAnotherCertificateOrNone() throws Exception {
        String stolen = boundTo(alice);
        for (String route : ROUTES) {
            refused(Reason.MTLS_CERTIFICATE_MISMATCH, tls(asMallory, route, stolen));
            refused(Reason.MTLS_CERTIFICATE_MISSING, tls(anonymous, route, stolen));
            refused(Reason.MTLS_CERTIFICATE_MISSING, plain(allowed, route, stolen));
            // a forged Client-Cert header, sent by the client itself: never read without trusted proxies
            refused(Reason.MTLS_CERTIFICATE_MISSING, plain(allowed, route, stolen, "Client-Cert", header(alice)));
            refused(Reason.MTLS_CERTIFICATE_MISMATCH, tls(asMallory, route, stolen, "Client-Cert", header(alice)));
        }
    }

    @Test
    void certificateOfAnUntrustedAuthorityNeverReachesTheApplication() throws Exception {
        HttpClient stranger = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .sslContext(twoAuthorities(otherCa.issue("alice"))).build();
        try {
            HttpResponse<String> r = send(stranger, URI.create("https://127.0.0.1:" + allowedTls + Container.CONTEXT + "/api/whoami"),
                    boundTo(alice));
            assertNotEquals(200, r.statusCode(), r.body());
        } catch (java.io.IOException refusedHandshake) {
            // the container refuses the handshake: the certificate is never presented to jwtgate
        }
    }

    // A client that presents {@code who} (of another authority) and trusts the server's authority.
    private javax.net.ssl.SSLContext twoAuthorities(TestCertificates.Issued who) throws Exception {
        javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keys.init(who.keyStore("x".toCharArray()), "x".toCharArray());
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(ca.trustStore());
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return tls;
    }

    @Test
    void requiredRefusesUnboundTokens() throws Exception {
        for (String route : ROUTES) {
            refused(Reason.MTLS_BINDING_REQUIRED, plain(proxied, route, unbound(), "Client-Cert", header(alice)));
            refused(Reason.MTLS_BINDING_REQUIRED, plain(proxied, route, unbound()));
        }
    }

    @Test
    void clientCertHeaderOfATrustedProxy() throws Exception {
        String b64 = Base64.getEncoder().encodeToString(alice.der());
        for (String route : ROUTES) {
            accepted(plain(proxied, route, boundTo(alice), "Client-Cert", header(alice)));
            refused(Reason.MTLS_CERTIFICATE_MISMATCH, plain(proxied, route, boundTo(alice), "Client-Cert", header(mallory)));
            refused(Reason.MTLS_CERTIFICATE_MISSING, plain(proxied, route, boundTo(alice)));
            for (String bad : List.of(b64, ":" + b64, ":" + b64.substring(5) + ":", "::", ":%%%:", ":" + "QUFB".repeat(1500) + ":",
                    ":" + Base64.getUrlEncoder().encodeToString(alice.der()).replace('=', 'A') + "-_:")) {
                HttpResponse<String> r = plain(proxied, route, boundTo(alice), "Client-Cert", bad);
                refused(Reason.MTLS_CERTIFICATE_MALFORMED, r);
                assertFalse(r.body().contains(b64.substring(0, 24)), "never echoed");
            }
        }
    }
}
