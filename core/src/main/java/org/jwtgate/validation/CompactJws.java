package org.jwtgate.validation;

import java.security.Key;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.Headers;
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
 * Only for tokens that passed {@link CompactSerialization#isCompactJws}: exactly three segments.
 */
final class CompactJws extends JsonWebSignature {
    private static final Base64Url DECODER = new JdkBase64Url();

    private final HeaderCache headerCache;
    private final SignatureEngine engine;
    private boolean prepared;
    private Key resolved;
    private Key verifying;

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
        return super.verifySignature();
    }

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
