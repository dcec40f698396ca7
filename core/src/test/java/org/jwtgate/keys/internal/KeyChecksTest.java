package org.jwtgate.keys.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Optional;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.keys.KeyType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KeyChecksTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static RSAPublicKey rsa2048;
    private static ECPublicKey p256;

    @BeforeAll
    static void keys() throws Exception {
        rsa2048 = (RSAPublicKey) KeyType.RSA_2048.generate(RANDOM).getPublic();
        p256 = (ECPublicKey) KeyType.EC_P256.generate(RANDOM).getPublic();
    }

    private static String problem(PublicKey k) {
        return KeyChecks.problem(k).orElse(null);
    }

    @Test
    void acceptsTheKeysJwtgateGenerates() throws Exception {
        for (KeyType t : new KeyType[] {KeyType.EC_P256, KeyType.EC_P384, KeyType.ED25519}) {
            PublicKey k = t.generate(RANDOM).getPublic();
            assertEquals(Optional.empty(), KeyChecks.problem(k), t.name());
            assertEquals(t.algorithm(), KeyChecks.algorithm(k));
        }
        assertEquals(Optional.empty(), KeyChecks.problem(rsa2048));
        assertEquals("RS256", KeyChecks.algorithm(rsa2048));
    }

    @Test
    void refusesShortRsaModuli() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        assertTrue(problem(g.generateKeyPair().getPublic()).contains("1024 bits"));
    }

    @Test
    void refusesTinyOrEvenRsaExponents() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(new RSAKeyGenParameterSpec(2048, BigInteger.valueOf(3)));
        assertTrue(problem(g.generateKeyPair().getPublic()).contains("exponent"));
        PublicKey even = KeyFactory.getInstance("RSA").generatePublic(
                new RSAPublicKeySpec(rsa2048.getModulus(), BigInteger.valueOf(65538)));
        assertTrue(problem(even).contains("exponent"));
    }

    @Test
    void refusesEcPointsOffTheCurve() throws Exception {
        ECParameterSpec spec = p256.getParams();
        ECPoint w = p256.getW();
        PublicKey off = KeyFactory.getInstance("EC").generatePublic(
                new ECPublicKeySpec(new ECPoint(w.getAffineX(), w.getAffineY().add(BigInteger.ONE)), spec));
        assertEquals("EC public point is not on P-256", problem(off));
        assertEquals(Optional.empty(), KeyChecks.problem(p256));
    }

    @Test
    void refusesUnsupportedCurvesAndKeyTypes() throws Exception {
        ECParameterSpec p = p256.getParams();
        ECParameterSpec twisted = new ECParameterSpec(p.getCurve(), p.getGenerator(), p.getOrder().add(BigInteger.TWO), 1);
        // The JDK refuses to build keys on curves it does not know; a key from elsewhere could still be one.
        ECPublicKey odd = new ECPublicKey() {
            private static final long serialVersionUID = 1L;

            @Override public ECPoint getW() { return p256.getW(); }
            @Override public ECParameterSpec getParams() { return twisted; }
            @Override public String getAlgorithm() { return "EC"; }
            @Override public String getFormat() { return "X.509"; }
            @Override public byte[] getEncoded() { return p256.getEncoded(); }
        };
        assertTrue(problem(odd).contains("not on P-256, P-384 or P-521"));
        KeyPairGenerator ed448 = KeyPairGenerator.getInstance("Ed448");
        assertTrue(problem(ed448.generateKeyPair().getPublic()).contains("Ed448"));
        KeyPairGenerator dsa = KeyPairGenerator.getInstance("DSA");
        dsa.initialize(2048);
        assertTrue(problem(dsa.generateKeyPair().getPublic()).contains("DSA keys are not supported"));
    }

    @Test
    void thumbprintMatchesTheRfc7638Example() throws Exception {
        // RFC 7638 §3.1: the RSA key of RFC 7517 Appendix A.1.
        PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk("{\"kty\":\"RSA\",\"e\":\"AQAB\",\"n\":\""
                + "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
                + "\"}");
        assertEquals("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", Thumbprint.of(jwk.getPublicKey()));
    }
}
