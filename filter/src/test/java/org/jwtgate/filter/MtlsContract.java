package org.jwtgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.jose4j.json.JsonUtil;
import org.jwtgate.config.Parameters;
import org.jwtgate.error.Reason;
import org.jwtgate.mtls.ClientCertHeader;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Certificate-bound tokens (RFC 8705 §3) through the servlet filter on a real container over real TLS
 * with client certificates (client auth "want"), certificates made at run time by one authority: alice's
 * and bob's client certificates, the server's. Applications, each with {@link EchoServlet} at
 * {@code /api/*}: {@code /allowed} (the defaults), {@code /required} ({@code mtls-bound-tokens=required}),
 * {@code /proxied} ({@code client-cert-trusted-proxies} names the test's own address, as a proxy's would
 * be) and {@code /untrusted} (it names another network).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MtlsContract {
    static final String PASSWORD = "server-key-password";
    private static final String CHALLENGE = "Bearer realm=\"mtls\"";

    final TestCertificates.Authority ca = TestCertificates.authority("mtls test CA");
    final TestCertificates.Issued server = ca.issue("server");
    final TestCertificates.Issued alice = ca.issue("alice");
    final TestCertificates.Issued bob = ca.issue("bob");
    private SSLContext asAlice;
    private SSLContext asBob;
    private SSLContext anonymous;
    LocalIssuer issuer;

    /** Starts the container with these applications (context path to init-params, context-params for all). */
    abstract void start(Map<String, Map<String, String>> applications, Map<String, String> contextParams, KeyStore keys,
            KeyStore trust) throws Exception;

    /** The HTTPS port (client auth "want"). */
    abstract int tlsPort();

    /** The plain HTTP port. */
    abstract int plainPort();

    abstract void stop() throws Exception;

    @BeforeAll
    void startAll() throws Exception {
        issuer = LocalIssuer.start();
        asAlice = TestCertificates.client(ca, alice);
        asBob = TestCertificates.client(ca, bob);
        anonymous = TestCertificates.client(ca, null);
        Map<String, Map<String, String>> apps = new LinkedHashMap<>();
        apps.put("/allowed", Map.of());
        List<Map<String, String>> documented = documentedInitParams();
        apps.put("/required", documented.get(0));
        apps.put("/proxied", Map.of(Parameters.CLIENT_CERT_TRUSTED_PROXIES, "127.0.0.1 ::1"));
        apps.put("/untrusted", documented.get(1)); // a proxy's network, not the test's address
        start(apps, Map.of("jwtgate.issuers", issuer.issuer() + "|" + issuer.jwksUri(), "jwtgate.audiences", "api",
                "jwtgate.realm", "mtls"), server.keyStore(PASSWORD.toCharArray()), ca.trustStore());
    }

    /**
     * The init-params of the two web.xml blocks of docs/sender-constrained.md's certificate-bound section, as a
     * user copies them: the page shows what this test deploys.
     */
    static List<Map<String, String>> documentedInitParams() throws java.io.IOException {
        String page = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "sender-constrained.md"));
        String section = page.substring(page.indexOf("## Certificate-bound tokens (RFC 8705)"));
        java.util.regex.Matcher block = java.util.regex.Pattern.compile("```xml\n(.*?)\n\\s*```", java.util.regex.Pattern.DOTALL)
                .matcher(section);
        List<Map<String, String>> out = new java.util.ArrayList<>();
        while (block.find()) {
            Map<String, String> params = new LinkedHashMap<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "<param-name>([^<]+)</param-name>\\s*(?:<!--.*?-->)?\\s*<param-value>([^<]+)</param-value>",
                    java.util.regex.Pattern.DOTALL).matcher(block.group(1));
            while (m.find()) {
                params.put(m.group(1).strip(), m.group(2).strip());
            }
            out.add(params);
        }
        assertEquals(List.of(Map.of(Parameters.MTLS_BOUND_TOKENS, "required"),
                Map.of(Parameters.CLIENT_CERT_TRUSTED_PROXIES, "10.0.0.5 10.0.1.0/24")), out);
        return out;
    }

    @AfterAll
    void stopAll() throws Exception {
        try {
            stop();
        } finally {
            issuer.close();
        }
    }

    private String boundTo(TestCertificates.Issued client) {
        return issuer.minter().audience("api").subject("alice").claim("cnf", TestCertificates.confirmation(client.certificate()))
                .sign();
    }

    private String unbound() {
        return issuer.minter().audience("api").subject("alice").sign();
    }

    private RawHttp.Response tls(SSLContext as, String app, String token, String... more) {
        String[] headers = new String[more.length + 2];
        headers[0] = "Authorization";
        headers[1] = "Bearer " + token;
        System.arraycopy(more, 0, headers, 2, more.length);
        return RawHttp.getTls(as, tlsPort(), app + "/api/orders", headers);
    }

    private RawHttp.Response plain(String app, String token, String... more) {
        String[] headers = new String[more.length + 2];
        headers[0] = "Authorization";
        headers[1] = "Bearer " + token;
        System.arraycopy(more, 0, headers, 2, more.length);
        return RawHttp.get(plainPort(), app + "/api/orders", "127.0.0.1:" + plainPort(), headers);
    }

    private static void assertCaller(RawHttp.Response r) {
        assertEquals(200, r.status(), r.body());
        try {
            assertEquals("alice", JsonUtil.parseJson(r.body()).get("user"));
        } catch (Exception e) {
            throw new AssertionError(r.body(), e);
        }
    }

    private static void assertRefused(Reason reason, RawHttp.Response r) {
        assertEquals(401, r.status(), r.body());
        assertEquals(List.of(CHALLENGE + ", error=\"invalid_token\", error_description=\"" + reason.description() + "\""),
                r.header("WWW-Authenticate"));
        assertEquals("{\"error\":\"invalid_token\",\"error_description\":\"" + reason.description() + "\"}", r.body());
        assertEquals(List.of("no-store"), r.header("Cache-Control"));
    }

    @Test
    void boundTokenWithItsCertificateIsAccepted() {
        assertCaller(tls(asAlice, "/allowed", boundTo(alice)));
        assertCaller(tls(asBob, "/allowed", boundTo(bob)));
    }

    @Test
    void boundTokenWithAnotherCertificateIsRefused() {
        assertRefused(Reason.MTLS_CERTIFICATE_MISMATCH, tls(asBob, "/allowed", boundTo(alice)));
        String token = boundTo(alice);
        assertCaller(tls(asAlice, "/allowed", token));
        assertRefused(Reason.MTLS_CERTIFICATE_MISMATCH, tls(asBob, "/allowed", token)); // though cached
    }

    @Test
    void boundTokenWithoutACertificateIsRefused() {
        assertRefused(Reason.MTLS_CERTIFICATE_MISSING, tls(anonymous, "/allowed", boundTo(alice)));
        assertRefused(Reason.MTLS_CERTIFICATE_MISSING, plain("/allowed", boundTo(alice)));
    }

    @Test
    void unboundTokensAreAcceptedWithOrWithoutACertificateByDefault() {
        assertCaller(tls(asBob, "/allowed", unbound()));
        assertCaller(tls(anonymous, "/allowed", unbound()));
        assertCaller(plain("/allowed", unbound()));
    }

    @Test
    void requiredRefusesUnboundTokens() {
        assertRefused(Reason.MTLS_BINDING_REQUIRED, tls(asAlice, "/required", unbound()));
        assertRefused(Reason.MTLS_BINDING_REQUIRED, plain("/required", unbound()));
        assertCaller(tls(asAlice, "/required", boundTo(alice)));
        assertRefused(Reason.MTLS_CERTIFICATE_MISMATCH, tls(asBob, "/required", boundTo(alice)));
    }

    @Test
    void clientCertHeaderFromATrustedProxyIsHonoured() {
        String aliceHeader = ClientCertHeader.format(alice.der());
        assertCaller(plain("/proxied", boundTo(alice), "Client-Cert", aliceHeader));
        assertRefused(Reason.MTLS_CERTIFICATE_MISMATCH, plain("/proxied", boundTo(alice), "Client-Cert",
                ClientCertHeader.format(bob.der())));
        assertRefused(Reason.MTLS_CERTIFICATE_MISSING, plain("/proxied", boundTo(alice)));
        // the proxy's own TLS certificate is not the client's: only its header counts
        assertCaller(tls(asBob, "/proxied", boundTo(alice), "Client-Cert", aliceHeader));
        assertRefused(Reason.MTLS_CERTIFICATE_MISSING, tls(asAlice, "/proxied", boundTo(alice)));
    }

    @Test
    void malformedClientCertHeaderFromATrustedProxyIsAFixed401() {
        String b64 = java.util.Base64.getEncoder().encodeToString(alice.der());
        for (String bad : List.of(b64, ":" + b64, ":" + b64.substring(3) + ":", ":!!!:", "::", ":" + "QUFB".repeat(1500) + ":",
                "<script>" + b64)) {
            RawHttp.Response r = plain("/proxied", boundTo(alice), "Client-Cert", bad);
            assertRefused(Reason.MTLS_CERTIFICATE_MALFORMED, r);
            assertFalse(r.body().contains(b64.substring(0, 20)) || r.body().contains("<script>"), "never echoed");
        }
        String ok = ClientCertHeader.format(alice.der());
        assertRefused(Reason.MTLS_CERTIFICATE_MALFORMED, plain("/proxied", boundTo(alice), "Client-Cert", ok, "Client-Cert", ok));
    }

    @Test
    void clientCertHeaderFromAnUntrustedAddressIsIgnored() {
        String aliceHeader = ClientCertHeader.format(alice.der());
        assertRefused(Reason.MTLS_CERTIFICATE_MISSING, plain("/untrusted", boundTo(alice), "Client-Cert", aliceHeader));
        assertRefused(Reason.MTLS_CERTIFICATE_MISMATCH, tls(asBob, "/untrusted", boundTo(alice), "Client-Cert", aliceHeader));
        assertCaller(tls(asAlice, "/untrusted", boundTo(alice), "Client-Cert", "garbage"));
        // without client-cert-trusted-proxies (the default) the header is never read
        assertRefused(Reason.MTLS_CERTIFICATE_MISSING, plain("/allowed", boundTo(alice), "Client-Cert", aliceHeader));
        assertRefused(Reason.MTLS_CERTIFICATE_MISMATCH, tls(asBob, "/allowed", boundTo(alice), "Client-Cert", aliceHeader));
    }
}
