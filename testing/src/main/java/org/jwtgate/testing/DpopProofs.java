package org.jwtgate.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * DPoP proofs (RFC 9449 §4.2) for tests, as {@link TokenMinter}s so that every part can be varied or
 * broken: header {@code typ} {@code dpop+jwt}, {@code alg} from the key, the public {@code jwk}, no
 * {@code kid}; claims {@code jti} (random), {@code htm}, {@code htu}, {@code iat} (from the clock, when
 * signed) and {@code ath}, and no {@code exp}.
 *
 * <pre>{@code
 * PublicJsonWebKey client = TestKeys.ec("P-256");
 * String token = issuer.minter().claim("cnf", DpopProofs.confirmation(client)).sign();
 * String proof = DpopProofs.minter(client, "GET", "https://api.example.com/orders", token, clock).sign();
 * // Authorization: DPoP <token>, DPoP: <proof>
 * }</pre>
 */
public final class DpopProofs {
    private DpopProofs() {
    }

    /** A proof minter for a request with {@code method} to {@code uri}, carrying {@code accessToken} (null: no {@code ath}). */
    public static TokenMinter minter(PublicJsonWebKey key, String method, String uri, String accessToken, Clock clock) {
        TokenMinter m = TokenMinter.signedWith(key).withoutKid().type("dpop+jwt").header("jwk", publicJwk(key))
                .withoutExpiry().clock(clock).claim("jti", UUID.randomUUID().toString()).claim("htm", method)
                .claim("htu", uri);
        return accessToken == null ? m : m.claim("ath", ath(accessToken));
    }

    /** The public members of {@code key} (no {@code kid}, {@code alg} or {@code use}), as a proof's {@code jwk} header. */
    public static Map<String, Object> publicJwk(PublicJsonWebKey key) {
        try {
            PublicJsonWebKey copy = PublicJsonWebKey.Factory.newPublicJwk(key.getPublicKey());
            return copy.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot export the public key", e);
        }
    }

    /** The members of {@code key} with its private ones: a proof that must be refused. */
    public static Map<String, Object> privateJwk(PublicJsonWebKey key) {
        return key.toParams(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
    }

    /** The RFC 7638 SHA-256 thumbprint of {@code key}, base64url: a bound token's {@code cnf.jkt}. */
    public static String thumbprint(PublicJsonWebKey key) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(key.getPublicKey()).calculateBase64urlEncodedThumbprint("SHA-256");
        } catch (JoseException e) {
            throw new IllegalStateException("cannot compute the thumbprint", e);
        }
    }

    /** The {@code cnf} claim binding a token to {@code key}: {@code {"jkt": thumbprint}}. */
    public static Map<String, Object> confirmation(PublicJsonWebKey key) {
        return Map.of("jkt", thumbprint(key));
    }

    /** base64url(SHA-256(token)): a proof's {@code ath}. */
    public static String ath(String accessToken) {
        Objects.requireNonNull(accessToken, "accessToken");
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
