package org.jwtgate.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jose4j.jca.ProviderContext;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmFactory;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.lang.JoseException;

/**
 * Fluent builder of compact JWS tokens for tests, including deliberately broken ones.
 *
 * <p>Instances are immutable: every setter returns a new minter, so a configured minter can be
 * shared and varied freely. Defaults: {@code alg} from the key (RS256 for an RSA key without
 * {@code alg}), {@code kid} header from the key, no {@code typ}, {@code iat} = now and
 * {@code exp} = now + 5 minutes, where "now" is read from the clock (default
 * {@link Clock#systemUTC()}) when the token is produced. Times are written as whole seconds.
 *
 * <pre>{@code
 * String token = TokenMinter.signedWith(key).issuer("https://idp").subject("alice")
 *         .audience("api").expiresIn(Duration.ofMinutes(1)).sign();
 * }</pre>
 */
public final class TokenMinter {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private final PublicJsonWebKey key;
    private final LinkedHashMap<String, Object> claims;
    private final LinkedHashMap<String, Object> headers;
    private Clock clock = Clock.systemUTC();
    private Instant issuedAt;
    private boolean omitIssuedAt;
    private Duration expiresIn = DEFAULT_LIFETIME;
    private Instant expiresAt;
    private Instant notBefore;
    private String alg;
    private String kid;
    private String typ;

    private TokenMinter(PublicJsonWebKey key) {
        this.key = key;
        this.kid = key.getKeyId();
        this.claims = new LinkedHashMap<>();
        this.headers = new LinkedHashMap<>();
    }

    private TokenMinter(TokenMinter o) {
        key = o.key;
        claims = new LinkedHashMap<>(o.claims);
        headers = new LinkedHashMap<>(o.headers);
        clock = o.clock;
        issuedAt = o.issuedAt;
        omitIssuedAt = o.omitIssuedAt;
        expiresIn = o.expiresIn;
        expiresAt = o.expiresAt;
        notBefore = o.notBefore;
        alg = o.alg;
        kid = o.kid;
        typ = o.typ;
    }

    /** A minter signing with {@code key}, which must hold a private key when a token is signed. */
    public static TokenMinter signedWith(PublicJsonWebKey key) {
        return new TokenMinter(Objects.requireNonNull(key, "key"));
    }

    /** Sets the {@code iss} claim. */
    public TokenMinter issuer(String issuer) {
        return claim("iss", issuer);
    }

    /** Sets the {@code sub} claim. */
    public TokenMinter subject(String subject) {
        return claim("sub", subject);
    }

    /**
     * Sets the {@code aud} claim: a string for one audience, an array for several;
     * no arguments removes the claim.
     */
    public TokenMinter audience(String... audiences) {
        if (audiences == null || audiences.length == 0) {
            return removeClaim("aud");
        }
        return claim("aud", audiences.length == 1 ? audiences[0] : List.of(audiences));
    }

    /** Sets the {@code scope} claim, a space-separated string such as {@code "read write"}. */
    public TokenMinter scope(String spaceSeparated) {
        return claim("scope", spaceSeparated);
    }

    /** Sets the {@code groups} claim as a JSON array. */
    public TokenMinter groups(String... groups) {
        return claim("groups", Arrays.asList(groups));
    }

    /**
     * Sets any claim. {@code value} may be a String, Number, Boolean, List, Map, array,
     * {@link Instant} (written as epoch seconds) or {@code null} (written as JSON null).
     * Setting {@code exp}, {@code iat} or {@code nbf} here overrides the computed time claims.
     */
    public TokenMinter claim(String name, Object value) {
        TokenMinter m = new TokenMinter(this);
        m.claims.put(Objects.requireNonNull(name, "name"), json(value));
        return m;
    }

    /** Removes a claim; for {@code exp}, {@code iat} and {@code nbf} also stops computing it. */
    public TokenMinter removeClaim(String name) {
        TokenMinter m = new TokenMinter(this);
        m.claims.remove(name);
        switch (name) {
            case "exp": m.expiresIn = null; m.expiresAt = null; break;
            case "iat": m.omitIssuedAt = true; m.issuedAt = null; break;
            case "nbf": m.notBefore = null; break;
            default: break;
        }
        return m;
    }

    /** Sets {@code exp} to now + {@code lifetime} (negative for an already expired token). */
    public TokenMinter expiresIn(Duration lifetime) {
        TokenMinter m = new TokenMinter(this);
        m.claims.remove("exp");
        m.expiresIn = Objects.requireNonNull(lifetime, "lifetime");
        m.expiresAt = null;
        return m;
    }

    /** Sets {@code exp} to a fixed instant. */
    public TokenMinter expiresAt(Instant exp) {
        TokenMinter m = new TokenMinter(this);
        m.claims.remove("exp");
        m.expiresAt = Objects.requireNonNull(exp, "exp");
        m.expiresIn = null;
        return m;
    }

    /** Omits the {@code exp} claim. */
    public TokenMinter withoutExpiry() {
        return removeClaim("exp");
    }

    /** Sets the {@code nbf} claim; {@code null} removes it. */
    public TokenMinter notBefore(Instant nbf) {
        TokenMinter m = new TokenMinter(this);
        m.claims.remove("nbf");
        m.notBefore = nbf;
        return m;
    }

    /** Sets the {@code iat} claim to a fixed instant; {@code null} removes it. */
    public TokenMinter issuedAt(Instant iat) {
        TokenMinter m = new TokenMinter(this);
        m.claims.remove("iat");
        m.issuedAt = iat;
        m.omitIssuedAt = iat == null;
        return m;
    }

    /** Uses {@code clock} for "now" (default {@code iat}, {@link #expiresIn} and the default expiry). */
    public TokenMinter clock(Clock clock) {
        TokenMinter m = new TokenMinter(this);
        m.clock = Objects.requireNonNull(clock, "clock");
        return m;
    }

    /** Sets the {@code typ} header (e.g. {@code "JWT"}, {@code "at+jwt"}); {@code null} omits it. */
    public TokenMinter type(String typ) {
        TokenMinter m = new TokenMinter(this);
        m.typ = typ;
        return m;
    }

    /**
     * Sets any extra protected header (e.g. {@code crit}, {@code jku}, {@code x5u}, {@code jwk},
     * {@code cty}); values as for {@link #claim}. Extra headers are written last and override
     * {@code alg}, {@code kid} or {@code typ} of the same name.
     */
    public TokenMinter header(String name, Object value) {
        TokenMinter m = new TokenMinter(this);
        m.headers.put(Objects.requireNonNull(name, "name"), json(value));
        return m;
    }

    /** Sets the {@code kid} header; {@code null} omits it. */
    public TokenMinter kid(String kid) {
        TokenMinter m = new TokenMinter(this);
        m.kid = kid;
        return m;
    }

    /** Omits the {@code kid} header. */
    public TokenMinter withoutKid() {
        return kid(null);
    }

    /**
     * Overrides the {@code alg} header. If the algorithm suits the key (e.g. PS256 or RS384 for an
     * RSA key) the token is signed with it; otherwise (e.g. ES256 or HS256 header on an RSA key)
     * it is signed with the key's own algorithm and the header simply lies, for mismatch tests.
     * {@code null} restores the default.
     */
    public TokenMinter algorithm(String alg) {
        TokenMinter m = new TokenMinter(this);
        m.alg = alg;
        return m;
    }

    /** Produces the signed token in compact serialization. */
    public String sign() {
        Map<String, Object> header = header(alg == null ? naturalAlg(key) : alg);
        String input = signingInput(header);
        return input + "." + B64.encodeToString(signature(key, header.get("alg"), input));
    }

    /** The header JSON {@link #sign()} would sign. */
    public String headerJson() {
        return JsonUtil.toJson(header(alg == null ? naturalAlg(key) : alg));
    }

    /** The claims JSON {@link #sign()} would sign. */
    public String payloadJson() {
        return JsonUtil.toJson(claims());
    }

    /**
     * Signs exactly these header and payload bytes, which need be neither JSON nor UTF-8, with this
     * minter's key (and its algorithm, or the one set by {@link #algorithm}): signed but malformed
     * tokens, e.g. a payload with invalid UTF-8 or a hand-written header.
     */
    public String signBytes(byte[] header, byte[] payload) {
        String input = B64.encodeToString(header) + "." + B64.encodeToString(payload);
        return input + "." + B64.encodeToString(signature(key, alg == null ? naturalAlg(key) : alg, input));
    }

    /** The same header (with {@code alg} = {@code none}) and claims, with an empty signature. */
    public String unsigned() {
        Map<String, Object> header = header("none");
        header.put("alg", "none");
        return signingInput(header) + ".";
    }

    /**
     * The same header (with {@code alg} = HS256) and claims, MACed with {@code secret}, which may be
     * short or empty (e.g. the RSA public key bytes, for algorithm-confusion tests).
     */
    public String signedWithHmac(byte[] secret) {
        Map<String, Object> header = header("HS256");
        header.put("alg", "HS256");
        String input = signingInput(header);
        return input + "." + B64.encodeToString(hmacSha256(secret, input.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Rewrites one payload claim of {@code token} and keeps the original header and signature, so
     * the signature no longer matches. Values as for {@link #claim}; {@code null} removes the claim.
     */
    public static String tamperPayload(String token, String claim, Object newValue) {
        String[] p = split(token);
        Map<String, Object> payload;
        try {
            payload = new LinkedHashMap<>(JsonUtil.parseJson(new String(B64D.decode(p[1]), StandardCharsets.UTF_8)));
        } catch (JoseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Payload is not a JSON object", e);
        }
        if (newValue == null) {
            payload.remove(claim);
        } else {
            payload.put(claim, json(newValue));
        }
        return p[0] + "." + encode(JsonUtil.toJson(payload)) + "." + p[2];
    }

    /** Flips one bit of the decoded signature of {@code token}; header and payload are unchanged. */
    public static String flipSignatureBit(String token) {
        String[] p = split(token);
        byte[] sig = B64D.decode(p[2]);
        if (sig.length == 0) {
            throw new IllegalArgumentException("Token has no signature");
        }
        sig[sig.length / 2] ^= 1;
        return p[0] + "." + p[1] + "." + B64.encodeToString(sig);
    }

    /** Keeps only the first half of the signature bytes of {@code token}. */
    public static String truncateSignature(String token) {
        String[] p = split(token);
        byte[] sig = B64D.decode(p[2]);
        return p[0] + "." + p[1] + "." + B64.encodeToString(Arrays.copyOf(sig, sig.length / 2));
    }

    /** Replaces the header of {@code token} by {@code rawHeaderJson} (taken verbatim), keeping payload and signature. */
    public static String withHeader(String token, String rawHeaderJson) {
        String[] p = split(token);
        return encode(rawHeaderJson) + "." + p[1] + "." + p[2];
    }

    private Map<String, Object> header(String algValue) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", algValue);
        if (kid != null) {
            h.put("kid", kid);
        }
        if (typ != null) {
            h.put("typ", typ);
        }
        h.putAll(headers);
        return h;
    }

    private Map<String, Object> claims() {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>(claims);
        if (!omitIssuedAt) {
            c.putIfAbsent("iat", issuedAt != null ? issuedAt.getEpochSecond() : now);
        }
        if (notBefore != null) {
            c.putIfAbsent("nbf", notBefore.getEpochSecond());
        }
        if (expiresAt != null) {
            c.putIfAbsent("exp", expiresAt.getEpochSecond());
        } else if (expiresIn != null) {
            c.putIfAbsent("exp", now + expiresIn.getSeconds());
        }
        return c;
    }

    private String signingInput(Map<String, Object> header) {
        return encode(JsonUtil.toJson(header)) + "." + encode(JsonUtil.toJson(claims()));
    }

    private static byte[] signature(PublicJsonWebKey key, Object headerAlg, String input) {
        if (key.getPrivateKey() == null) {
            throw new IllegalStateException("Key " + key.getKeyId() + " has no private part");
        }
        String natural = naturalAlg(key);
        String alg = headerAlg instanceof String && suits((String) headerAlg, key) ? (String) headerAlg : natural;
        try {
            return signWith(alg, key, input);
        } catch (JoseException | RuntimeException e) {
            if (alg.equals(natural)) {
                throw new IllegalStateException("Signing with " + alg + " failed", e);
            }
            try {
                return signWith(natural, key, input);
            } catch (JoseException e2) {
                throw new IllegalStateException("Signing with " + natural + " failed", e2);
            }
        }
    }

    private static byte[] signWith(String alg, PublicJsonWebKey key, String input) throws JoseException {
        JsonWebSignatureAlgorithm a = jwsAlgorithms().getAlgorithm(alg);
        return a.sign(a.prepareForSign(key.getPrivateKey(), new ProviderContext()),
                input.getBytes(StandardCharsets.US_ASCII));
    }

    private static AlgorithmFactory<JsonWebSignatureAlgorithm> jwsAlgorithms() {
        return AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory();
    }

    private static boolean suits(String alg, PublicJsonWebKey key) {
        try {
            return jwsAlgorithms().isAvailable(alg) && key.getKeyType().equals(jwsAlgorithms().getAlgorithm(alg).getKeyType());
        } catch (JoseException e) {
            return false;
        }
    }

    private static String naturalAlg(PublicJsonWebKey key) {
        String alg = key.getAlgorithm();
        if (alg != null && suits(alg, key)) {
            return alg;
        }
        switch (key.getKeyType()) {
            case "EC":
                String crv = ((EllipticCurveJsonWebKey) key).getCurveName();
                return "P-384".equals(crv) ? "ES384" : "P-521".equals(crv) ? "ES512" : "ES256";
            case "OKP":
                return "EdDSA";
            default:
                return "RS256";
        }
    }

    private static byte[] hmacSha256(byte[] secret, byte[] data) {
        try {
            if (secret.length > 0) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret, "HmacSHA256"));
                return mac.doFinal(data);
            }
            // SecretKeySpec rejects empty keys: RFC 2104 with an all-zero 64-byte block key.
            byte[] ipad = new byte[64];
            byte[] opad = new byte[64];
            Arrays.fill(ipad, (byte) 0x36);
            Arrays.fill(opad, (byte) 0x5c);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(ipad);
            byte[] inner = md.digest(data);
            md.update(opad);
            return md.digest(inner);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object json(Object value) {
        if (value instanceof Instant) {
            return ((Instant) value).getEpochSecond();
        }
        if (value instanceof Object[]) {
            return Arrays.asList((Object[]) value);
        }
        if (value instanceof Collection && !(value instanceof List)) {
            return new ArrayList<>((Collection<?>) value);
        }
        return value;
    }

    private static String encode(String s) {
        return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] split(String token) {
        String[] p = Objects.requireNonNull(token, "token").split("\\.", -1);
        if (p.length != 3) {
            throw new IllegalArgumentException("Not a compact JWS: expected 3 segments, got " + p.length);
        }
        return p;
    }
}
