package org.jwtgate.validation;

import java.util.ArrayList;
import java.util.List;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * jose4j's {@link HttpsJwksVerificationKeyResolver}, unchanged but for one rule: a key that declares
 * its {@code alg} (RFC 7517 §4.4) is only ever used with that algorithm (RFC 8725 §3.1), so a PS256
 * token cannot be verified with a key published for RS256. jose4j uses {@code alg} only to break ties.
 */
final class AlgorithmBoundKeyResolver extends HttpsJwksVerificationKeyResolver {

    AlgorithmBoundKeyResolver(HttpsJwks keys) {
        super(keys);
    }

    @Override
    protected JsonWebKey select(JsonWebSignature jws, List<JsonWebKey> keys) throws JoseException {
        String alg = jws.getAlgorithmHeaderValue();
        List<JsonWebKey> bound = new ArrayList<>(keys.size());
        for (JsonWebKey k : keys) {
            if (k.getAlgorithm() == null || k.getAlgorithm().equals(alg)) {
                bound.add(k);
            }
        }
        return super.select(jws, bound);
    }
}
