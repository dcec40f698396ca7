package org.jwtgate.dpop;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;
import org.jwtgate.crypto.SignatureEngine;
import org.jwtgate.crypto.SignatureLength;
import org.jwtgate.error.Reason;
import org.jwtgate.internal.RecordMethods;
import org.jwtgate.keys.internal.KeyChecks;
import org.jwtgate.validation.CompactSerialization;

/**
 * Checks one DPoP proof against the request it came with and the access token it accompanies, as RFC
 * 9449 §4.3 lists (with §4.3 step 12 for a resource server): exactly one proof; a JWS of at most
 * {@link #MAX_PROOF_LENGTH} characters; {@code typ} {@code dpop+jwt}; an allowed asymmetric {@code alg};
 * a public {@code jwk} (no private or symmetric members, an acceptable key of the {@code alg}'s type);
 * a valid signature with it; no unknown {@code crit}; {@code jti}, {@code htm}, {@code htu}, {@code iat}
 * and {@code ath} present and well typed; {@code htm} the method; {@code htu} the request's URI
 * ({@link TargetUri}); {@code iat} within [now - max age - skew, now + skew]; {@code ath} the hash of the
 * token; the key's RFC 7638 thumbprint the token's {@code cnf.jkt}; with server-provided nonces, a
 * {@code nonce} this server handed out lately ({@link DpopNonces}); and, last, the {@code jti} not used
 * before ({@link ReplayStore}). The signature is verified by the engine's {@link SignatureEngine}
 * ({@code crypto-provider}), as tokens are, and only when it has the exact length of its algorithm and
 * key. Never throws on request content; never reads {@code jku}, {@code x5u} or {@code x5c}.
 */
public final class ProofVerifier {
    /** Longer proofs are refused unparsed. */
    public static final int MAX_PROOF_LENGTH = 8192;
    /** Longer {@code jti}s are refused. */
    public static final int MAX_JTI_LENGTH = 256;
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private final Set<String> algorithms;
    private final AlgorithmConstraints constraints;
    private final long maxAgeMillis;
    private final long skewMillis;
    private final URI origin;
    private final Clock clock;
    private final ReplayStore replays;
    private final SignatureEngine signatures;
    private final DpopNonces nonces;

    /**
     * @param origin the public origin replacing the request URL's scheme, host and port, or null
     * @param signatures what verifies the proofs' signatures
     * @param nonces the server-provided nonces a proof must carry, or null when none is required
     */
    public ProofVerifier(Set<String> algorithms, Duration maxAge, Duration skew, URI origin, Clock clock, ReplayStore replays,
            SignatureEngine signatures, DpopNonces nonces) {
        this.algorithms = Set.copyOf(algorithms);
        this.constraints = new AlgorithmConstraints(ConstraintType.PERMIT, algorithms.toArray(String[]::new));
        this.maxAgeMillis = maxAge.toMillis();
        this.skewMillis = skew.toMillis();
        this.origin = origin;
        this.clock = clock;
        this.replays = replays;
        this.signatures = signatures;
        this.nonces = nonces;
    }

    /**
     * Why the proofs in {@code dpopHeaders} do not prove possession of the key {@code jkt} for this
     * request and {@code token}, or null when one does (and its {@code jti} is now used).
     *
     * @param jkt the token's {@code cnf.jkt}
     */
    public Reason check(List<String> dpopHeaders, String method, String requestUrl, String token, String jkt) {
        if (dpopHeaders.isEmpty()) {
            return Reason.DPOP_PROOF_MISSING;
        }
        if (dpopHeaders.size() > 1) {
            return Reason.DPOP_PROOF_MULTIPLE;
        }
        try {
            return checkOne(dpopHeaders.get(0), method, requestUrl, token, jkt);
        } catch (RuntimeException | StackOverflowError e) {
            return Reason.DPOP_PROOF_MALFORMED; // jose4j on hostile input; what is refused is the proof
        }
    }

    private Reason checkOne(String proof, String method, String requestUrl, String token, String jkt) {
        if (proof == null || proof.isEmpty() || proof.length() > MAX_PROOF_LENGTH || !CompactSerialization.isCompactJws(proof)) {
            return Reason.DPOP_PROOF_MALFORMED;
        }
        JsonWebSignature jws = new JsonWebSignature();
        try {
            jws.setCompactSerialization(proof);
        } catch (JoseException e) {
            return Reason.DPOP_PROOF_MALFORMED;
        }
        String encodedHeader = proof.substring(0, proof.indexOf('.'));
        KnownHeader known = knownHeaders.get(encodedHeader);
        boolean fresh = known == null;
        if (fresh) {
            if (!(jws.getHeaders().getObjectHeaderValue("typ") instanceof String typ) || !typ.equalsIgnoreCase("dpop+jwt")) {
                return Reason.DPOP_PROOF_MALFORMED;
            }
            if (!(jws.getHeaders().getObjectHeaderValue("alg") instanceof String alg) || !algorithms.contains(alg)) {
                return Reason.DPOP_PROOF_ALGORITHM;
            }
            if (!(jws.getHeaders().getObjectHeaderValue("jwk") instanceof Map<?, ?> jwkMembers)) {
                return Reason.DPOP_PROOF_KEY;
            }
            PublicJsonWebKey jwk = publicKey(jwkMembers, alg);
            if (jwk == null) {
                return Reason.DPOP_PROOF_KEY;
            }
            PublicKey key = jwk.getPublicKey();
            known = new KnownHeader(alg, key, signatures.translated(key), signatures.contextFor(key),
                    jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
        }
        int signature = proof.length() - proof.lastIndexOf('.') - 1; // canonical base64url: 4 characters per 3 bytes
        if (!SignatureLength.exact(known.alg, known.key, signature * 3 / 4)) {
            return Reason.DPOP_PROOF_SIGNATURE;
        }
        jws.setAlgorithmConstraints(constraints);
        jws.setProviderContext(known.context);
        jws.setKey(known.verifying);
        try {
            if (!jws.verifySignature()) {
                return Reason.DPOP_PROOF_SIGNATURE;
            }
        } catch (JoseException e) {
            return Reason.DPOP_PROOF_MALFORMED; // e.g. an unknown crit header
        }
        if (fresh) {
            remember(encodedHeader, known);
        }
        Map<String, Object> claims;
        try {
            claims = JsonUtil.parseJson(jws.getUnverifiedPayload());
        } catch (JoseException e) {
            return Reason.DPOP_PROOF_MALFORMED;
        }
        if (!(claims.get("jti") instanceof String jti) || jti.isEmpty() || jti.length() > MAX_JTI_LENGTH
                || !(claims.get("htm") instanceof String htm) || !(claims.get("htu") instanceof String htu)
                || !(claims.get("iat") instanceof Number iatNumber)) {
            return Reason.DPOP_PROOF_MALFORMED;
        }
        if (!htm.equals(method)) {
            return Reason.DPOP_PROOF_METHOD;
        }
        String expected = TargetUri.normalise(requestUrl, origin);
        if (expected == null || !expected.equals(TargetUri.normalise(htu))) {
            return Reason.DPOP_PROOF_URI;
        }
        double iatSeconds = iatNumber.doubleValue();
        if (Double.isNaN(iatSeconds) || Double.isInfinite(iatSeconds)) {
            return Reason.DPOP_PROOF_MALFORMED;
        }
        long iat = (long) Math.floor(iatSeconds * 1000);
        long now = clock.millis();
        if (iat > now + skewMillis) {
            return Reason.DPOP_PROOF_FUTURE;
        }
        long until = iat + maxAgeMillis + skewMillis;
        if (until < now) {
            return Reason.DPOP_PROOF_STALE;
        }
        if (!(claims.get("ath") instanceof String ath) || !ath.equals(hash(token))) {
            return Reason.DPOP_PROOF_TOKEN_HASH;
        }
        String thumbprint = known.thumbprint;
        if (jkt == null || !jkt.equals(thumbprint)) {
            return Reason.DPOP_KEY_MISMATCH;
        }
        if (nonces != null && !(claims.get("nonce") instanceof String nonce && nonces.accepts(nonce))) {
            return Reason.DPOP_NONCE_REQUIRED;
        }
        try {
            return replays.firstUse(hash(thumbprint + " " + jti), until + 1) ? null : Reason.DPOP_PROOF_REPLAYED;
        } catch (ReplayStoreUnavailableException e) {
            return Reason.DPOP_PROOF_UNCHECKED;
        }
    }

    /**
     * What a proof header that was checked tells, kept by its exact encoded text: a client sends the same
     * header ({@code typ}, {@code alg}, {@code jwk}) with each of its proofs, so its key is parsed, checked,
     * translated for the engine and thumbprinted once, not per request. Only headers whose proof's signature
     * verified with their own key are kept; every proof's signature is still verified.
     */
    private record KnownHeader(String alg, PublicKey key, java.security.Key verifying,
            org.jose4j.jca.ProviderContext context, String thumbprint) {
        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof KnownHeader that
                    && Objects.equals(alg, that.alg)
                    && Objects.equals(key, that.key)
                    && Objects.equals(verifying, that.verifying)
                    && Objects.equals(context, that.context)
                    && Objects.equals(thumbprint, that.thumbprint);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(alg, key, verifying, context, thumbprint);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    /** The most headers kept (emptied when full: a churn of clients costs time, never correctness). */
    static final int MAX_KNOWN_HEADERS = 4096;
    private final Map<String, KnownHeader> knownHeaders = new java.util.concurrent.ConcurrentHashMap<>();

    private void remember(String encodedHeader, KnownHeader known) {
        if (knownHeaders.size() >= MAX_KNOWN_HEADERS) {
            knownHeaders.clear();
        }
        knownHeaders.put(encodedHeader, known);
    }

    // A public key of the alg's type that jwtgate accepts; null otherwise.
    private static PublicJsonWebKey publicKey(Map<?, ?> members, String alg) {
        for (Object name : members.keySet()) {
            if (PRIVATE_MEMBERS.contains(name)) {
                return null;
            }
        }
        if ("oct".equals(members.get("kty"))) {
            return null;
        }
        PublicJsonWebKey jwk;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> params = (Map<String, Object>) members;
            JsonWebKey parsed = JsonWebKey.Factory.newJwk(params);
            if (!(parsed instanceof PublicJsonWebKey p) || p.getPrivateKey() != null) {
                return null;
            }
            jwk = p;
        } catch (JoseException | RuntimeException e) {
            return null;
        }
        PublicKey key = jwk.getPublicKey();
        if (key == null || KeyChecks.problem(key).isPresent()) {
            return null;
        }
        boolean fits = alg.startsWith("RS") || alg.startsWith("PS") ? key instanceof RSAPublicKey
                : alg.startsWith("ES") ? key instanceof ECPublicKey && alg.equals(KeyChecks.algorithm(key))
                : alg.equals("EdDSA") && key instanceof EdECPublicKey;
        return fits ? jwk : null;
    }

    /** base64url(SHA-256(ASCII text)), without padding: {@code ath} (RFC 9449 §4.2). */
    public static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
