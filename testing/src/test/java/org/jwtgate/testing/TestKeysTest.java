package org.jwtgate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestKeysTest {

    private static final PublicJsonWebKey RSA = TestKeys.rsa();

    @Test
    void rsaKeyIs2048BitRs256SigningKeyWithUuidKid() {
        assertEquals(2048, ((RSAPublicKey) RSA.getPublicKey()).getModulus().bitLength());
        assertEquals("RS256", RSA.getAlgorithm());
        assertEquals("sig", RSA.getUse());
        assertNotNull(RSA.getPrivateKey());
        assertEquals(RSA.getKeyId(), UUID.fromString(RSA.getKeyId()).toString());
    }

    @Test
    void eachKeyGetsItsOwnKid() {
        PublicJsonWebKey other = TestKeys.ec("P-256");
        assertNotEquals(RSA.getKeyId(), other.getKeyId());
    }

    @Test
    void rsaAcceptsSizeAndAlgorithm() {
        PublicJsonWebKey pss = TestKeys.rsa(3072, "PS256");
        assertEquals(3072, ((RSAPublicKey) pss.getPublicKey()).getModulus().bitLength());
        assertEquals("PS256", pss.getAlgorithm());
    }

    @Test
    void weakRsaKeyHas1024Bits() {
        PublicJsonWebKey weak = TestKeys.rsaWeak1024();
        assertEquals(1024, ((RSAPublicKey) weak.getPublicKey()).getModulus().bitLength());
        assertEquals("RS256", weak.getAlgorithm());
    }

    @ParameterizedTest
    @CsvSource({"P-256, ES256", "P-384, ES384", "P-521, ES512"})
    void ecKeyUsesTheCurvesAlgorithm(String curve, String alg) {
        PublicJsonWebKey key = TestKeys.ec(curve);
        assertEquals(curve, ((EllipticCurveJsonWebKey) key).getCurveName());
        assertEquals(alg, key.getAlgorithm());
        assertEquals("sig", key.getUse());
        assertNotNull(key.getKeyId());
    }

    @Test
    void unknownCurveIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TestKeys.ec("secp256k1"));
    }

    @Test
    void ed25519IsOkpEdDsaKey() {
        PublicJsonWebKey key = TestKeys.ed25519();
        assertEquals("OKP", key.getKeyType());
        assertEquals("EdDSA", key.getAlgorithm());
        assertEquals("sig", key.getUse());
        assertNotNull(key.getPrivateKey());
    }

    @Test
    void withKidCopiesKeyAndLeavesOriginalAlone() {
        String kid = RSA.getKeyId();
        PublicJsonWebKey copy = TestKeys.withKid(RSA, "other");
        assertEquals("other", copy.getKeyId());
        assertEquals(kid, RSA.getKeyId());
        assertEquals(RSA.getPublicKey(), copy.getPublicKey());
        assertEquals(RSA.getPrivateKey(), copy.getPrivateKey());
        assertEquals("RS256", copy.getAlgorithm());
    }

    @Test
    void publicJwksJsonHoldsPublicPartsOnly() throws Exception {
        PublicJsonWebKey ec = TestKeys.ec("P-256");
        String json = TestKeys.publicJwksJson(List.of(RSA, ec));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) JsonUtil.parseJson(json).get("keys");
        assertEquals(2, keys.size());
        for (Map<String, Object> k : keys) {
            assertFalse(k.containsKey("d"), "private exponent leaked");
            assertFalse(k.containsKey("p"));
            assertEquals("sig", k.get("use"));
        }
        assertEquals(RSA.getKeyId(), keys.get(0).get("kid"));
        assertEquals("RS256", keys.get(0).get("alg"));
        assertEquals(ec.getKeyId(), keys.get(1).get("kid"));
        assertTrue(new JsonWebKeySet(json).getJsonWebKeys().size() == 2);
    }
}
