package org.jwtgate.testing;

import java.security.spec.ECParameterSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.UUID;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * Factories for signing keys generated at run time, for use in tests.
 *
 * <p>Every key carries a private part, {@code use} = {@code sig}, an {@code alg} and a random
 * UUID {@code kid}. Nothing is read from disk; keys are never persisted.
 */
public final class TestKeys {

    private TestKeys() {
    }

    /** A fresh 2048-bit RSA key with {@code alg} RS256. */
    public static PublicJsonWebKey rsa() {
        return rsa(2048);
    }

    /** A fresh RSA key of the given modulus size with {@code alg} RS256. */
    public static PublicJsonWebKey rsa(int bits) {
        return rsa(bits, "RS256");
    }

    /**
     * A fresh RSA key of the given modulus size carrying the given {@code alg}
     * (e.g. RS384, PS256). The {@code alg} is not checked, so odd values can be used in negative tests.
     */
    public static PublicJsonWebKey rsa(int bits, String alg) {
        try {
            return init(RsaJwkGenerator.generateJwk(bits), alg);
        } catch (JoseException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }

    /** A fresh 1024-bit RSA key (alg RS256), too weak for production use; for negative tests. */
    public static PublicJsonWebKey rsaWeak1024() {
        return rsa(1024);
    }

    /**
     * A fresh EC key on the named curve: {@code "P-256"} (ES256), {@code "P-384"} (ES384) or
     * {@code "P-521"} (ES512).
     *
     * @throws IllegalArgumentException for any other curve name
     */
    public static PublicJsonWebKey ec(String curveName) {
        ECParameterSpec spec;
        String alg;
        switch (String.valueOf(curveName)) {
            case EllipticCurves.P_256: spec = EllipticCurves.P256; alg = "ES256"; break;
            case EllipticCurves.P_384: spec = EllipticCurves.P384; alg = "ES384"; break;
            case EllipticCurves.P_521: spec = EllipticCurves.P521; alg = "ES512"; break;
            default: throw new IllegalArgumentException("Unsupported curve: " + curveName);
        }
        try {
            return init(EcJwkGenerator.generateJwk(spec), alg);
        } catch (JoseException e) {
            throw new IllegalStateException("EC key generation failed", e);
        }
    }

    /** A fresh Ed25519 octet key pair (kty OKP) with {@code alg} EdDSA. */
    public static PublicJsonWebKey ed25519() {
        try {
            return init(OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED25519), "EdDSA");
        } catch (JoseException e) {
            throw new IllegalStateException("Ed25519 key generation failed", e);
        }
    }

    /**
     * A copy of {@code key} (private part included) whose {@code kid} is {@code kid};
     * the original is not modified. A {@code null} kid yields a key without kid.
     */
    public static PublicJsonWebKey withKid(PublicJsonWebKey key, String kid) {
        try {
            PublicJsonWebKey copy = PublicJsonWebKey.Factory.newPublicJwk(
                    key.toParams(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
            copy.setKeyId(kid);
            return copy;
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot copy key", e);
        }
    }

    /** The JWK Set JSON {@code {"keys":[...]}} of the given keys, public parts only. */
    public static String publicJwksJson(Collection<? extends PublicJsonWebKey> keys) {
        return new JsonWebKeySet(new ArrayList<>(keys)).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private static PublicJsonWebKey init(PublicJsonWebKey key, String alg) {
        key.setKeyId(UUID.randomUUID().toString());
        key.setUse("sig");
        key.setAlgorithm(alg);
        return key;
    }
}
