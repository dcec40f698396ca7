package org.jwtgate.keys;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Renders a tenant's published keys as a JWK Set (RFC 7517 §5). Each JWK is built from the
 * {@link java.security.PublicKey} (never by filtering a private JWK) with jose4j, output with
 * {@code PUBLIC_ONLY}, and carries {@code kty, kid, use:"sig", alg} (RFC 7517 §4.1–4.5) and its public
 * members ({@code n, e} minimal, RFC 7518 §6.3.1; {@code crv, x, y} full length, RFC 7518 §6.2.1;
 * {@code crv, x} for OKP, RFC 8037 §2). With a certificate: {@code x5c} in standard base64 (RFC 7517
 * §4.7, as in RFC 7515 §4.1.6), {@code x5t} and {@code x5t#S256} (base64url SHA-1 and SHA-256 of the
 * leaf's DER, RFC 7517 §4.8–4.9).
 *
 * <p>Then, fail-closed, every member of the final document is scanned: any of
 * {@code d, p, q, dp, dq, qi, oth, k}, a {@code kty} other than RSA/EC/OKP, a missing or duplicate
 * {@code kid} throws {@link UnsafeJwksException}; nothing is published.
 */
public final class JwksRenderer {
    /** Members that only private or symmetric keys have (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2). */
    public static final Set<String> FORBIDDEN_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    private static final Set<String> KEY_TYPES = Set.of("RSA", "EC", "OKP");

    private JwksRenderer() {
    }

    /** The JWK Set document {@code {"keys":[…]}}, scanned. */
    public static String render(List<PublishedKey> keys) {
        List<Object> jwks = new ArrayList<>();
        for (PublishedKey k : keys) {
            jwks.add(jwk(k));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("keys", jwks);
        scan(doc);
        return JsonUtil.toJson(doc);
    }

    /** One key's JWK members, scanned. */
    public static Map<String, Object> jwk(PublishedKey key) {
        Map<String, Object> params;
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key.publicKey());
            jwk.setKeyId(key.kid());
            jwk.setUse("sig");
            jwk.setAlgorithm(key.alg());
            if (!key.certificates().isEmpty()) {
                X509Certificate leaf = key.certificates().get(0);
                jwk.setCertificateChain(key.certificates());
                jwk.setX509CertificateSha1Thumbprint(thumbprint("SHA-1", leaf));
                jwk.setX509CertificateSha256Thumbprint(thumbprint("SHA-256", leaf));
            }
            params = jwk.toParams(OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException | GeneralSecurityException e) {
            throw new UnsafeJwksException("key " + key.kid() + " cannot be rendered as a JWK ("
                    + e.getClass().getSimpleName() + ")");
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String first : List.of("kty", "kid", "use", "alg")) {
            ordered.put(first, params.remove(first));
        }
        ordered.putAll(params);
        scanKey(ordered);
        return ordered;
    }

    /** base64url (no padding) of a digest of the certificate's DER. */
    public static String thumbprint(String digest, X509Certificate cert) throws GeneralSecurityException {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance(digest).digest(cert.getEncoded()));
    }

    /**
     * The fail-closed scan of a whole JWK Set document.
     *
     * @throws UnsafeJwksException when anything private, symmetric, unknown or duplicated is present
     */
    public static void scan(Map<String, Object> doc) {
        if (doc.size() != 1 || !(doc.get("keys") instanceof List<?> keys)) {
            throw new UnsafeJwksException("a JWK Set has exactly one member, keys");
        }
        Set<String> kids = new HashSet<>();
        for (Object k : keys) {
            if (!(k instanceof Map<?, ?> m)) {
                throw new UnsafeJwksException("a JWK Set member is not a JSON object");
            }
            scanKey(m);
            if (!kids.add((String) m.get("kid"))) {
                throw new UnsafeJwksException("kid " + m.get("kid") + " appears twice");
            }
        }
    }

    private static void scanKey(Map<?, ?> m) {
        for (Object name : m.keySet()) {
            if (FORBIDDEN_MEMBERS.contains(String.valueOf(name))) {
                throw new UnsafeJwksException("refusing to publish a JWK with the private or symmetric member '" + name + "'");
            }
        }
        if (!KEY_TYPES.contains(String.valueOf(m.get("kty")))) {
            throw new UnsafeJwksException("refusing to publish a JWK of kty " + m.get("kty"));
        }
        if (!(m.get("kid") instanceof String kid) || kid.isEmpty()) {
            throw new UnsafeJwksException("refusing to publish a JWK without kid");
        }
    }
}
