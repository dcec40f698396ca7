package org.jwtgate.mtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.jose4j.keys.X509Util;
import org.jwtgate.keys.JwksRenderer;
import org.jwtgate.testing.TestCertificates;
import org.junit.jupiter.api.Test;

/** The RFC 8705 §3.1 thumbprint and the RFC 9440 {@code Client-Cert} header, including malformed and random input. */
class ClientCertHeaderTest {
    private static final TestCertificates.Authority CA = TestCertificates.authority("header test CA");
    private static final TestCertificates.Issued ALICE = CA.issue("alice");

    private static String b64(byte[] der) {
        return Base64.getEncoder().encodeToString(der);
    }

    @Test
    void thumbprintIsBase64urlOfTheSha256OfTheDer() throws Exception {
        // SHA-256 of nothing, a known answer (FIPS 180-4), base64url without padding
        assertEquals("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU", CertificateThumbprint.of(new byte[0]));
        String ours = CertificateThumbprint.of(ALICE.certificate());
        assertEquals(X509Util.x5tS256(ALICE.certificate()), ours, "jose4j's x5t#S256 of the same certificate");
        assertEquals(JwksRenderer.thumbprint("SHA-256", ALICE.certificate()), ours);
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(ALICE.der())), ours);
        assertEquals(43, ours.length());
    }

    @Test
    void thumbprintsCompareExactly() {
        String t = CertificateThumbprint.of(ALICE.certificate());
        assertEquals(true, CertificateThumbprint.same(t, new String(t.toCharArray())));
        assertEquals(false, CertificateThumbprint.same(t, t.substring(1)));
        assertEquals(false, CertificateThumbprint.same(t, t.toLowerCase(java.util.Locale.ROOT)));
        assertEquals(false, CertificateThumbprint.same(t, CertificateThumbprint.of(CA.issue("bob").certificate())));
        assertEquals(false, CertificateThumbprint.same(t, null));
        assertEquals(false, CertificateThumbprint.same(null, null));
    }

    @Test
    void readsAByteSequenceOfTheDer() throws Exception {
        String value = ClientCertHeader.format(ALICE.der());
        assertEquals(":" + b64(ALICE.der()) + ":", value);
        for (String v : List.of(value, "  " + value + " ", "\t" + value, value.replace("=", ""))) {
            X509Certificate cert = ClientCertHeader.parse(v);
            assertArrayEquals(ALICE.der(), cert.getEncoded(), v);
        }
        assertArrayEquals(ALICE.der(), ClientCertHeader.parse(List.of(value)).getEncoded());
        assertNull(ClientCertHeader.parse(List.of()), "no header, no certificate");
    }

    @Test
    void refusesWhatIsNotOneCertificate() {
        String b64 = b64(ALICE.der());
        byte[] trailing = java.util.Arrays.copyOf(ALICE.der(), ALICE.der().length + 1);
        byte[] truncated = java.util.Arrays.copyOf(ALICE.der(), ALICE.der().length - 1);
        String url = Base64.getUrlEncoder().encodeToString(ALICE.der());
        for (String v : List.of("", " ", ":", "::", b64, ":" + b64, b64 + ":", "\"" + b64 + "\"", ":" + b64 + ":;a=1",
                ":" + b64 + ": :" + b64 + ":", ":" + b64 + "::", ":" + b64.substring(1) + ":", ":" + b64 + "A:",
                ":" + b64.replace('A', '*') + ":", ":" + b64(trailing) + ":", ":" + b64(truncated) + ":",
                ":" + b64("not a certificate".getBytes(StandardCharsets.US_ASCII)) + ":",
                "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----",
                url.equals(b64) ? ":%%:" : ":" + url + ":",
                ":" + b64.substring(0, 40) + " " + b64.substring(40) + ":",
                ":" + "A".repeat(ClientCertHeader.MAX_LENGTH) + ":")) {
            assertThrows(ClientCertHeader.MalformedException.class, () -> ClientCertHeader.parse(v),
                    () -> v.length() > 60 ? v.substring(0, 60) + "…" : v);
        }
        String ok = ClientCertHeader.format(ALICE.der());
        assertThrows(ClientCertHeader.MalformedException.class, () -> ClientCertHeader.parse(List.of(ok, ok)),
                "two header lines");
        assertThrows(ClientCertHeader.MalformedException.class, () -> ClientCertHeader.parse((String) null));
    }

    @Test
    void randomAndMutatedValuesAreMalformedOrTheCertificateNeverAnythingElse() throws Exception {
        Random random = new Random(8705);
        String ok = ClientCertHeader.format(ALICE.der());
        String alphabet = ":=+/-_ ;\t\"AZaz09\u00e9\u0000";
        int parsed = 0;
        for (int i = 0; i < 3000; i++) {
            StringBuilder v = new StringBuilder(i % 2 == 0 ? ok : "");
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                char c = random.nextInt(3) == 0 ? (char) random.nextInt(0x250) : alphabet.charAt(random.nextInt(alphabet.length()));
                int at = v.length() == 0 ? 0 : random.nextInt(v.length());
                switch (random.nextInt(3)) {
                    case 0 -> v.insert(at, c);
                    case 1 -> {
                        if (v.length() > 0) {
                            v.deleteCharAt(at);
                        }
                    }
                    default -> {
                        if (v.length() > 0) {
                            v.setCharAt(at, c);
                        }
                    }
                }
            }
            try {
                X509Certificate cert = ClientCertHeader.parse(v.toString());
                // What parses is exactly the value's bytes (an edited signature still parses: its thumbprint differs)
                String inner = v.toString().strip();
                assertArrayEquals(Base64.getDecoder().decode(inner.substring(1, inner.length() - 1)), cert.getEncoded(), v.toString());
                parsed++;
            } catch (ClientCertHeader.MalformedException expected) {
                // refused, as it should be; any other exception fails the test
            }
        }
        assertTrue(parsed > 0 && parsed < 3000, "some edits keep a certificate, most do not: " + parsed);
    }
}
