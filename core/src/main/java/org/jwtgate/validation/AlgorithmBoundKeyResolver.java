package org.jwtgate.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jwtgate.jwks.ResilientHttpsJwks;

/**
 * jose4j's {@link HttpsJwksVerificationKeyResolver}, unchanged but for one rule: a key that declares
 * its {@code alg} (RFC 7517 §4.4) is only ever used with that algorithm (RFC 8725 §3.1), so a PS256
 * token cannot be verified with a key published for RS256. jose4j uses {@code alg} only to break ties.
 * {@link #surelyUnresolvable} tells beforehand, without exceptions, which tokens it would refuse.
 */
final class AlgorithmBoundKeyResolver extends HttpsJwksVerificationKeyResolver {
    private static final VerificationJwkSelector SELECTOR = new VerificationJwkSelector(); // stateless

    private final ResilientHttpsJwks keys;
    /** The last selection that found a key: the candidates (by identity) and the encoded header it was made for. */
    private volatile Selectable lastSelectable;

    AlgorithmBoundKeyResolver(ResilientHttpsJwks keys) {
        super(keys);
        this.keys = keys;
    }

    @Override
    protected JsonWebKey select(JsonWebSignature jws, List<JsonWebKey> keys) throws JoseException {
        return super.select(jws, boundTo(jws.getAlgorithmHeaderValue(), keys));
    }

    /**
     * Whether this resolver would surely find no key now for {@code jws}, whose {@code kid} header is
     * {@code kid} ({@code null}: none): the keys it would be given without any fetch
     * ({@link ResilientHttpsJwks#settledCandidates}) hold none that its selection (jose4j's, by
     * {@code kid}, key type, {@code use}, {@code key_ops}, {@code x5t}, curve, after the rule above)
     * would pick. The resolver would refuse such a token with an unresolvable key, through exceptions
     * that print the key set; this answer costs a map lookup. {@code false} when unsure: the resolver
     * then decides, as it always did. The selection depends on nothing but the candidates and the header,
     * so one that found a key is remembered for the same candidate list (a key set's lists are never
     * changed) and the same encoded header (which the header's members are parsed from): the tokens of an
     * issuer share a few headers.
     */
    boolean surelyUnresolvable(JsonWebSignature jws, String kid) {
        try {
            Optional<List<JsonWebKey>> candidates = keys.settledCandidates(kid);
            if (candidates.isEmpty()) {
                return false;
            }
            List<JsonWebKey> held = candidates.get();
            if (held.isEmpty()) {
                return true;
            }
            String header = jws.getHeaders().getEncodedHeader();
            Selectable last = lastSelectable;
            if (last != null && last.candidates == held && header != null && header.equals(last.header)) {
                return false;
            }
            if (SELECTOR.selectList(jws, boundTo(jws.getAlgorithmHeaderValue(), held)).isEmpty()) {
                return true;
            }
            if (header != null) {
                lastSelectable = new Selectable(held, header);
            }
            return false;
        } catch (JoseException | RuntimeException e) {
            return false; // a header jose4j cannot read: left to the resolver and its error handling
        }
    }

    private static final class Selectable {
        final List<JsonWebKey> candidates;
        final String header;

        Selectable(List<JsonWebKey> candidates, String header) {
            this.candidates = candidates;
            this.header = header;
        }
    }

    private static List<JsonWebKey> boundTo(String alg, List<JsonWebKey> keys) {
        List<JsonWebKey> bound = new ArrayList<>(keys.size());
        for (JsonWebKey k : keys) {
            if (k.getAlgorithm() == null || k.getAlgorithm().equals(alg)) {
                bound.add(k);
            }
        }
        return bound;
    }
}
