package org.jwtgate.validation;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jws.EcdsaUsingShaAlgorithm;
import org.jose4j.jws.EdDsaAlgorithm;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.jws.RsaUsingShaAlgorithm;
import org.jose4j.jwx.Headers;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;
import org.jwtgate.crypto.SignatureEngine;
import org.jwtgate.crypto.SignatureLength;

/**
 * A compact JWS parsed by jose4j's own code, with two of jose4j's extension points used for speed
 * (the profile's two largest costs after the signature and the claims JSON):
 * <ul>
 * <li>the header's JSON is parsed by {@link JsonObjects}: jose4j's parser, reused;</li>
 * <li>base64url is decoded by the JDK's decoder, about eight times faster than jose4j's embedded
 * commons-codec; input it refuses (an impossible length) goes to jose4j's lenient decoder, so every
 * token is decoded exactly as before;</li>
 * <li>the header of a token that was accepted is kept, by its exact encoded text, in a small
 * {@link HeaderCache}: tokens of an issuer share a few headers ({@code alg}, {@code kid},
 * {@code typ}), so the header's JSON is parsed once, not per token. A parsed header is never changed
 * while verifying, so it can be shared.</li>
 * </ul>
 * Its signature is verified by the {@link SignatureEngine} it is given ({@code crypto-provider}), and only
 * when it has the exact length of its algorithm and key ({@link #exactLength}), on every engine alike.
 * RSA (RS*, PS*), ECDSA and EdDSA signatures are verified as jose4j verifies them (its algorithm constraints, its key
 * validation, its {@code crit} check, the same JCA algorithm and PSS parameters, the same answers to a key or
 * signature the provider refuses) but with a {@code Signature} object the engine reuses
 * ({@link SignatureEngine#verify}) rather than a new one per token; ECDSA too, after jose4j's own checks and
 * conversion ({@link #derSignature}).
 * Only for tokens that passed {@link CompactSerialization#isCompactJws}: exactly three segments.
 */
final class CompactJws extends JsonWebSignature {
    private static final Base64Url DECODER = new JdkBase64Url();

    private final HeaderCache headerCache;
    private final SignatureEngine engine;
    private boolean prepared;
    private Key resolved;
    private Key verifying;
    private Boolean verified;

    CompactJws(String token, HeaderCache headerCache, SignatureEngine engine) throws JoseException {
        this.headerCache = headerCache;
        this.engine = engine;
        this.base64url = DECODER;
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        setCompactSerializationParts(new String[] {token.substring(0, first), token.substring(first + 1, second),
                token.substring(second + 1)});
        rawCompactSerialization = token;
    }

    @Override
    protected void setEncodedHeader(String encodedHeader) throws JoseException {
        Headers known = headerCache.get(encodedHeader);
        if (known != null) {
            headers = known;
            return;
        }
        headers = new ParsedHeaders(encodedHeader);
    }

    /**
     * jose4j's verification on this token's engine, after the length check: engines differ on signatures of
     * the wrong length (the JDK's EdDSA takes an Ed25519 signature with one zero byte appended, AWS-LC
     * does not), so jwtgate refuses them on all.
     */
    @Override
    public boolean verifySignature() throws JoseException {
        Key key = getKey();
        if (!prepared || key != verifying) { // jose4j asks again (getPayload): the same key, already prepared
            if (!exactLength(getAlgorithmHeaderValue(), key, getSignature().length)) {
                return false;
            }
            resolved = key;
            setProviderContext(engine.contextFor(key));
            verifying = engine.keyFor(key);
            prepared = true;
            if (verifying != key) {
                setKey(verifying);
            }
        }
        JsonWebSignatureAlgorithm algorithm = getAlgorithm(); // the algorithm constraints, as jose4j checks them
        boolean ecdsa = algorithm instanceof EcdsaUsingShaAlgorithm;
        if (!(algorithm instanceof RsaUsingShaAlgorithm || algorithm instanceof EdDsaAlgorithm || ecdsa)
                || isRfc7797UnencodedPayload()) {
            return super.verifySignature();
        }
        Key k = getKey();
        if (isDoKeyValidation()) {
            algorithm.validateVerificationKey(k);
        }
        if (!(k instanceof PublicKey publicKey)) {
            return super.verifySignature(); // jose4j's own answer to a key it cannot verify with
        }
        if (verified == null) {
            checkCrit();
            String alg = algorithm.getAlgorithmIdentifier();
            String java = algorithm.getJavaAlgorithm();
            byte[] signature = getSignature();
            if (ecdsa) {
                signature = derSignature((EcdsaUsingShaAlgorithm) algorithm, signature);
                if (signature == null) {
                    verified = false;
                    return false;
                }
            }
            byte[] input = (getEncodedHeader() + "." + getEncodedPayload()).getBytes(StandardCharsets.US_ASCII);
            try {
                verified = engine.verify(alg, java, pssParameters(alg, java), publicKey, input, signature);
            } catch (java.security.InvalidKeyException e) {
                throw new org.jose4j.lang.InvalidKeyException("the key (" + k.getAlgorithm() + ") is not valid for " + java, e);
            } catch (GeneralSecurityException e) {
                throw new JoseException("unable to verify with " + java, e);
            }
        }
        return verified;
    }

    @Override
    protected void onNewKey() {
        super.onNewKey();
        verified = null;
    }

    /**
     * An ECDSA signature (JWS: r and s concatenated, RFC 7518 §3.4) in the DER form the JCA verifies, as jose4j's
     * {@code EcdsaUsingShaAlgorithm} makes it, after jose4j's checks: {@code null} (not valid) for a signature
     * longer than the algorithm's or whose r or s is 0 modulo the curve's order (the "psychic signature" of
     * CVE-2022-21449, which some JDKs accepted).
     */
    static byte[] derSignature(EcdsaUsingShaAlgorithm algorithm, byte[] concatenated) throws JoseException {
        BigInteger order = EllipticCurves.getSpec(algorithm.getCurveName()).getOrder();
        if (concatenated.length > 2 * ((order.bitLength() + 7) / 8)) { // jose4j's lengths: 64, 96, 132 (ES256K 64)
            return null;
        }
        int half = concatenated.length / 2; // jose4j's halves: an odd last byte is in neither
        BigInteger r = new BigInteger(1, concatenated, 0, half);
        BigInteger s = new BigInteger(1, concatenated, half, half);
        if (r.mod(order).signum() == 0 || s.mod(order).signum() == 0) {
            return null;
        }
        try {
            return EcdsaUsingShaAlgorithm.convertConcatenatedToDer(concatenated);
        } catch (java.io.IOException e) {
            throw new JoseException("Unable to convert R and S as a concatenated byte array to DER encoding.", e);
        }
    }

    /**
     * The parameters jose4j gives {@code RSASSA-PSS} for PS256, PS384 and PS512 (RFC 7518 §3.5: MGF1 with the
     * same hash, a salt as long as the hash, trailer 1); none for any other algorithm, nor for jose4j's legacy
     * names ({@code SHA256withRSAandMGF1}), whose parameters are implied.
     */
    static AlgorithmParameterSpec pssParameters(String alg, String javaAlgorithm) {
        if (!"RSASSA-PSS".equals(javaAlgorithm)) {
            return null;
        }
        return switch (alg) {
            case "PS256" -> PS256;
            case "PS384" -> PS384;
            case "PS512" -> PS512;
            default -> null;
        };
    }

    private static final PSSParameterSpec PS256 = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
    private static final PSSParameterSpec PS384 = new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1);
    private static final PSSParameterSpec PS512 = new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1);

    /** The key the resolver selected from the key set (not the engine's translation of it, {@link SignatureEngine#keyFor}). */
    Key resolvedKey() {
        return prepared ? resolved : getKey();
    }

    /** Whether {@code length} is the one length a signature of {@code alg} with {@code key} has ({@link SignatureLength}). */
    static boolean exactLength(String alg, Key key, int length) {
        return SignatureLength.exact(alg, key, length);
    }

    /** Remembers this token's header, once the token was accepted. */
    void rememberHeader() {
        headerCache.put(headers.getEncodedHeader(), headers);
    }

    /**
     * A header decoded as jose4j's {@code Headers.setEncodedHeader} decodes it (base64url, UTF-8, the
     * JSON object), its JSON parsed by {@link JsonObjects}. jose4j keeps the encoded and decoded text in
     * private fields that only its own parsing sets, so they are kept here and given back by the two
     * getters; a header changed afterwards falls back to jose4j's own rendering.
     */
    private static final class ParsedHeaders extends Headers {
        private String encoded;
        private String json;

        ParsedHeaders(String encodedHeader) throws JoseException {
            base64url = DECODER;
            String decoded = strictText(encodedHeader);
            Map<String, Object> members = JsonObjects.parse(decoded);
            if (!MemberTypes.headerWellTyped(members)) {
                throw new JoseException("a header member has the wrong type");
            }
            for (Map.Entry<String, Object> e : members.entrySet()) {
                super.setObjectHeaderValue(e.getKey(), e.getValue());
            }
            this.encoded = encodedHeader;
            this.json = decoded;
        }

        @Override
        public String getEncodedHeader() {
            return encoded != null ? encoded : super.getEncodedHeader();
        }

        @Override
        public String getFullHeaderAsJsonString() {
            return json != null ? json : super.getFullHeaderAsJsonString();
        }

        @Override
        public void setObjectHeaderValue(String name, Object value) {
            encoded = null;
            json = null;
            super.setObjectHeaderValue(name, value);
        }

        @Override
        public void setFullHeaderAsJsonString(String header) throws JoseException {
            encoded = null;
            json = null;
            super.setFullHeaderAsJsonString(header);
        }
    }

    /**
     * A header or payload segment as text: strict base64url (no impossible lengths) and strict UTF-8
     * (RFC 8259 §8.1), where jose4j would decode leniently and replace invalid bytes.
     */
    static String strictText(String segment) throws JoseException {
        try {
            return MemberTypes.utf8(Base64.getUrlDecoder().decode(segment));
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            throw new JoseException("not base64url-encoded UTF-8");
        }
    }

    /** The payload as text, decoded as {@link #strictText} decodes. */
    String strictPayload() throws JoseException {
        if (getEncodedPayload().length() % 4 == 1) {
            throw new JoseException("not base64url"); // no whole byte: jose4j's fallback decoder would guess
        }
        try {
            return MemberTypes.utf8(getUnverifiedPayloadBytes()); // decoded once already, by the JDK's decoder
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new JoseException("not UTF-8");
        }
    }

    /** jose4j's {@link Base64Url}, decoding with the JDK; encoding unchanged. */
    private static final class JdkBase64Url extends Base64Url {
        private static final Base64.Decoder URL = Base64.getUrlDecoder();

        @Override
        public byte[] base64UrlDecode(String encoded) {
            try {
                return URL.decode(encoded);
            } catch (IllegalArgumentException e) {
                return super.base64UrlDecode(encoded);
            }
        }
    }

    /**
     * Parsed headers of accepted tokens by their encoded text; a few dozen at most (emptied when full,
     * which key rotations make rare).
     */
    static final class HeaderCache {
        private static final int MAX = 64;
        private final Map<String, Headers> byEncoded = new ConcurrentHashMap<>();

        Headers get(String encoded) {
            return byEncoded.get(encoded);
        }

        void put(String encoded, Headers headers) {
            if (encoded == null || byEncoded.containsKey(encoded)) {
                return;
            }
            if (byEncoded.size() >= MAX) {
                byEncoded.clear();
            }
            byEncoded.putIfAbsent(encoded, headers);
        }
    }
}
