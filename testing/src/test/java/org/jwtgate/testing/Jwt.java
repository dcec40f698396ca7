package org.jwtgate.testing;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.Base64;
import java.util.Map;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.lang.JoseException;

/** Test helpers to inspect and verify tokens with jose4j. */
final class Jwt {

    private Jwt() {
    }

    static Map<String, Object> header(String token) {
        return segment(token, 0);
    }

    static Map<String, Object> payload(String token) {
        return segment(token, 1);
    }

    static String signatureSegment(String token) {
        return token.split("\\.", -1)[2];
    }

    static Map<String, Object> segment(String token, int i) {
        try {
            return JsonUtil.parseJson(new String(Base64.getUrlDecoder().decode(token.split("\\.", -1)[i]),
                    StandardCharsets.UTF_8));
        } catch (JoseException e) {
            throw new AssertionError(e);
        }
    }

    /** Verifies signature only (any non-none algorithm), no claim checks. */
    static JwtClaims verify(String token, Key key) throws InvalidJwtException {
        return new JwtConsumerBuilder()
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.DISALLOW_NONE)
                .setRelaxVerificationKeyValidation()
                .setSkipAllValidators()
                .build()
                .processToClaims(token);
    }
}
