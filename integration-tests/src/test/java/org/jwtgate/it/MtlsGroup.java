package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.jwtgate.error.Reason;
import org.jwtgate.mtls.ClientCertHeader;
import org.jwtgate.testing.TestCertificates;
import org.jwtgate.testing.TokenMinter;

/**
 * The attack catalogue's mTLS group (RFC 8705 §3 certificate-bound tokens, RFC 9440 {@code Client-Cert}),
 * run by {@link AttackSuite} inside its own deployment of the sample WAR on every container: the sample
 * with {@code mtls-bound-tokens=allowed} (its default) and {@code client-cert-trusted-proxies=}{@value #PROXY}.
 * The test is the TLS-terminating proxy by connecting from {@value #PROXY} (plain HTTP written by hand,
 * {@link RawHttp}), a client anywhere else by connecting from 127.0.0.1, and, where the container has the
 * HTTPS connector of {@link TlsConnector} (client certificates asked for, not required), a direct client
 * presenting certificates made at run time. Every case asserts the exact status and challenge, no 500,
 * nothing of the token or certificate echoed, on the servlet route and the JAX-RS route alike.
 */
final class MtlsGroup {
    /** The address of the TLS-terminating proxy the sample trusts: the test, connecting from it. */
    static final String PROXY = "127.0.0.2";
    private static final String REALM = "Bearer realm=\"sample\"";
    private static final String PASSWORD = "mtls-attack-password";
    private static final List<String> ROUTES = List.of("/api/whoami", "/api/rest/me");

    private final TestCertificates.Authority ca = TestCertificates.authority("attack suite CA");
    private final TestCertificates.Issued alice = ca.issue("alice");
    private final TestCertificates.Issued mallory = ca.issue("mallory");
    private final TestCertificates.Authority otherCa = TestCertificates.authority("another CA");
    private final Container.Kind kind;
    private final int tlsPort;
    private final Supplier<TokenMinter> minter;
    private final Consumer<String> secrets;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final InetAddress client;
    private final InetAddress proxy;
    private Container container;

    /**
     * The group for {@code kind}; {@code minter} mints the suite's valid tokens for alice, {@code secrets}
     * collects what the container's log must never show.
     */
    MtlsGroup(Container.Kind kind, Supplier<TokenMinter> minter, Consumer<String> secrets) throws IOException {
        this.kind = kind;
        this.tlsPort = TlsConnector.served(kind) ? Container.freePort() : -1;
        this.minter = minter;
        this.secrets = secrets;
        this.client = InetAddress.getByName("127.0.0.1");
        this.proxy = InetAddress.getByName(PROXY);
    }

    /** What the container's environment gets: the trusted proxy and, where served, the HTTPS connector. */
    Map<String, String> environment(Path dir) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        if (tlsPort > 0) {
            env.putAll(TlsConnector.environment(tlsPort, ca.issue("server").keyStore(PASSWORD.toCharArray()), ca.trustStore(),
                    PASSWORD, dir));
        }
        env.put("JWTGATE_CLIENT_CERT_TRUSTED_PROXIES", PROXY);
        return env;
    }

    /** Runs every case on {@code started}; the number of requests per part. */
    Map<String, Integer> run(Container started) throws Exception {
        this.container = started;
        headerFromTheTrustedProxy();
        headerFromAnyoneElse();
        if (tlsPort > 0) {
            directTls();
            trustedProxyOverTls();
            untrustedAuthority();
        }
        return counts;
    }

    private String boundTo(TestCertificates.Issued who) {
        String token = minter.get().claim("cnf", TestCertificates.confirmation(who.certificate())).sign();
        secrets.accept(token);
        return token;
    }

    private String unbound() {
        String token = minter.get().sign();
        secrets.accept(token);
        return token;
    }

    private static String header(TestCertificates.Issued who) {
        return ClientCertHeader.format(who.der());
    }

    private RawHttp.Response send(String part, InetAddress from, SSLContext tls, String route, String token, String... headers)
            throws IOException {
        counts.merge(part, 1, Integer::sum);
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + token;
        System.arraycopy(headers, 0, all, 2, headers.length);
        int port = tls != null ? tlsPort : container.base().getPort();
        RawHttp.Response r = RawHttp.get(from, tls, port, container.base().getPath() + route, all);
        String where = kind + " " + part + " " + route;
        assertNotEquals(500, r.status(), where + " " + r.body());
        String sig = token.substring(token.lastIndexOf('.') + 1);
        assertFalse(r.body().contains(sig) || r.headerText().contains(sig), where + ": the token is echoed");
        for (int i = 0; i < headers.length; i += 2) {
            String v = headers[i + 1];
            String tail = v.length() > 48 ? v.substring(v.length() - 40) : null; // a certificate's signature: unique
            assertFalse(tail != null && (r.body().contains(tail) || r.headerText().contains(tail)), where + ": a header is echoed");
        }
        for (String h : r.all("WWW-Authenticate")) {
            assertTrue(h.chars().allMatch(c -> c >= 0x20 && c <= 0x7E), h);
        }
        return r;
    }

    private void accepted(RawHttp.Response r) {
        assertEquals(200, r.status(), kind + " " + r.body());
        assertTrue(r.body().contains("alice"), r.body());
    }

    private void refused(Reason reason, RawHttp.Response r) {
        assertEquals(reason.status(), r.status(), kind + " " + r.body());
        assertEquals(List.of(REALM + ", error=\"" + reason.code().code() + "\", error_description=\"" + reason.description() + "\""),
                r.all("WWW-Authenticate"), kind.toString());
    }

    /** RFC 9440: the proxy the sample trusts speaks for the client; only its header counts, and it must be one certificate. */
    private void headerFromTheTrustedProxy() throws Exception {
        String part = "Client-Cert from the trusted proxy";
        String b64 = Base64.getEncoder().encodeToString(alice.der());
        byte[] trailing = Arrays.copyOf(alice.der(), alice.der().length + 2);
        byte[] chain = concat(alice.der(), ca.issue("intermediate").der());
        for (String route : ROUTES) {
            String bound = boundTo(alice);
            accepted(send(part, proxy, null, route, bound, "Client-Cert", header(alice)));
            accepted(send(part, proxy, null, route, bound, "Client-Cert", "  " + header(alice) + " ")); // RFC 8941 spaces
            refused(Reason.MTLS_CERTIFICATE_MISMATCH, send(part, proxy, null, route, bound, "Client-Cert", header(mallory)));
            refused(Reason.MTLS_CERTIFICATE_MISSING, send(part, proxy, null, route, bound));
            // two header lines, even both naming the right certificate
            refused(Reason.MTLS_CERTIFICATE_MALFORMED, send(part, proxy, null, route, bound, "Client-Cert", header(alice),
                    "Client-Cert", header(alice)));
            refused(Reason.MTLS_CERTIFICATE_MALFORMED, send(part, proxy, null, route, bound, "Client-Cert", header(mallory),
                    "Client-Cert", header(alice)));
            // a list in one line, no colons, one colon, truncated, empty, not base64, base64url, trailing bytes, a chain,
            // base64 that is no certificate
            for (String bad : List.of(header(alice) + ", " + header(alice), b64, ":" + b64, b64 + ":", ":" + b64.substring(5) + ":",
                    "::", ":%%%:", ":" + Base64.getUrlEncoder().encodeToString(alice.der()).replace('=', 'A') + "-_:",
                    ClientCertHeader.format(trailing), ClientCertHeader.format(chain), ":" + "QUFB".repeat(1500) + ":",
                    "\"" + header(alice) + "\"", header(alice) + ";a=1")) {
                refused(Reason.MTLS_CERTIFICATE_MALFORMED, send(part, proxy, null, route, bound, "Client-Cert", bad));
            }
            // longer than the 16 KiB jwtgate reads: refused by the container's header limit (400/431, or the connection
            // closed) before jwtgate runs, or by jwtgate
            try {
                RawHttp.Response huge = send(part, proxy, null, route, bound, "Client-Cert", ":" + "QUFB".repeat(4500) + ":");
                if (huge.status() == 401) {
                    refused(Reason.MTLS_CERTIFICATE_MALFORMED, huge);
                } else {
                    assertTrue(huge.status() == 400 || huge.status() == 431, kind + " oversized Client-Cert: " + huge.status());
                }
            } catch (IOException closed) {
                counts.merge("oversized Client-Cert: connection closed by the container", 1, Integer::sum);
            }
            // a token stolen by the proxy's other client, bound to that client's certificate
            refused(Reason.MTLS_CERTIFICATE_MISMATCH, send(part, proxy, null, route, boundTo(mallory), "Client-Cert", header(alice)));
            // unbound tokens stay fine (mtls-bound-tokens=allowed): the header is not even read for them
            String plain = unbound();
            accepted(send(part, proxy, null, route, plain));
            accepted(send(part, proxy, null, route, plain, "Client-Cert", header(mallory)));
            accepted(send(part, proxy, null, route, plain, "Client-Cert", ":%%%:"));
        }
    }

    /** From any address but the trusted proxy's, the header is never read: a forged one proves nothing. */
    private void headerFromAnyoneElse() throws Exception {
        String part = "Client-Cert from an untrusted address";
        for (String route : ROUTES) {
            String bound = boundTo(alice);
            refused(Reason.MTLS_CERTIFICATE_MISSING, send(part, client, null, route, bound));
            refused(Reason.MTLS_CERTIFICATE_MISSING, send(part, client, null, route, bound, "Client-Cert", header(alice)));
            refused(Reason.MTLS_CERTIFICATE_MISSING, send(part, client, null, route, bound, "Client-Cert", ":%%%:"));
            refused(Reason.MTLS_CERTIFICATE_MISSING, send(part, client, null, route, bound, "Client-Cert", header(alice),
                    "Client-Cert", header(alice)));
            accepted(send(part, client, null, route, unbound(), "Client-Cert", header(alice)));
        }
    }

    /** The container's TLS connection: the certificate the client presented, and only that. */
    private void directTls() throws Exception {
        String part = "direct TLS";
        SSLContext asAlice = TestCertificates.client(ca, alice);
        SSLContext asMallory = TestCertificates.client(ca, mallory);
        SSLContext anonymous = TestCertificates.client(ca, null);
        for (String route : ROUTES) {
            accepted(send(part, client, asAlice, route, boundTo(alice)));
            accepted(send(part, client, asMallory, route, boundTo(mallory)));
            accepted(send(part, client, asMallory, route, unbound()));
            accepted(send(part, client, anonymous, route, unbound()));
            String stolen = boundTo(alice);
            refused(Reason.MTLS_CERTIFICATE_MISMATCH, send(part, client, asMallory, route, stolen));
            refused(Reason.MTLS_CERTIFICATE_MISSING, send(part, client, anonymous, route, stolen));
            refused(Reason.MTLS_CERTIFICATE_MISSING, send(part, client, null, route, stolen));
            // a forged header beside the connection's certificate, from an address the sample does not trust
            refused(Reason.MTLS_CERTIFICATE_MISMATCH, send(part, client, asMallory, route, stolen, "Client-Cert", header(alice)));
            refused(Reason.MTLS_CERTIFICATE_MISSING, send(part, client, anonymous, route, stolen, "Client-Cert", header(alice)));
        }
    }

    /** The trusted proxy's own TLS certificate is never taken for its client's: only the header counts. */
    private void trustedProxyOverTls() throws Exception {
        String part = "trusted proxy over TLS";
        SSLContext proxyCert = TestCertificates.client(ca, mallory);
        SSLContext asAlice = TestCertificates.client(ca, alice);
        for (String route : ROUTES) {
            String bound = boundTo(alice);
            accepted(send(part, proxy, proxyCert, route, bound, "Client-Cert", header(alice)));
            refused(Reason.MTLS_CERTIFICATE_MISSING, send(part, proxy, asAlice, route, bound));
            refused(Reason.MTLS_CERTIFICATE_MISMATCH, send(part, proxy, asAlice, route, bound, "Client-Cert", header(mallory)));
        }
    }

    /** A certificate of an authority the container does not trust never reaches jwtgate. */
    private void untrustedAuthority() throws Exception {
        TestCertificates.Issued stranger = otherCa.issue("alice");
        SSLContext tls = SSLContext.getInstance("TLS");
        javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keys.init(stranger.keyStore("x".toCharArray()), "x".toCharArray());
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(ca.trustStore());
        tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        for (String route : ROUTES) {
            try {
                // the container completed the handshake without the certificate it does not trust
                refused(Reason.MTLS_CERTIFICATE_MISSING, send("untrusted authority", client, tls, route, boundTo(stranger)));
            } catch (IOException refusedHandshake) {
                counts.merge("untrusted authority: handshake refused", 1, Integer::sum);
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
