package org.jwtgate.keys.internal;

import java.security.PublicKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/** RFC 7638 JWK thumbprints (SHA-256, base64url), used as stable {@code kid}s. */
public final class Thumbprint {
    private Thumbprint() {
    }

    /** The RFC 7638 §3 thumbprint of the public key's JWK (required members only, SHA-256). */
    public static String of(PublicKey key) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(key).calculateBase64urlEncodedThumbprint("SHA-256");
        } catch (JoseException e) {
            throw new IllegalArgumentException("no JWK form for " + key.getAlgorithm() + " keys");
        }
    }
}
