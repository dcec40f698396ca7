package org.jwtgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jws.EcdsaUsingShaAlgorithm;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jwtgate.JwtGate;
import org.jwtgate.Outcome;
import org.jwtgate.config.GateConfig;
import org.jwtgate.crypto.CryptoProvider;
import org.jwtgate.crypto.SignatureEngine;
import org.jwtgate.crypto.SignatureEngines;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;

/**
 * The JDK's providers and the Amazon Corretto Crypto Provider give the same answer for every algorithm
 * jwtgate accepts, over the same valid, random and malformed signatures: wrong lengths, bit flips, r or s
 * zero or at least n, the high-S twin of a valid ECDSA signature, DER where JWS wants r||s, each half
 * zero-padded, non-canonical Ed25519 S (S + L) and R, RSA signatures 0, 1, n-1, n and s + n, and
 * signatures of the other algorithm of the same key. Checked twice: jose4j's verification with either
 * provider (the primitive, many inputs), where the only disagreement found is one jwtgate refuses before
 * verifying ({@link CompactJws#exactLength}: the JDK's EdDSA takes an Ed25519 signature with a zero byte
 * appended, AWS-LC does not); and whole tokens through two engines, one per {@code crypto-provider}, with the
 * token cache off, which must give the same answer on every case. The random cases' seed is printed on
 * failure and can be set with {@code -Djwtgate.differential.seed}.
 */
class SignatureDifferentialTest {
    private static final long SEED = Long.getLong("jwtgate.differential.seed", System.nanoTime());
    private static final String ISSUER_AUDIENCE = "api";
    private static SignatureEngine accp;
    private static ProviderContext onAccp;

    @BeforeAll
    static void accp() {
        try {
            Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
        } catch (ClassNotFoundException e) {
            assumeTrue(false, "ACCP is not on this run's class path (the JDK-engine execution)");
        }
        accp = SignatureEngines.select(CryptoProvider.ACCP, GateConfig.DEFAULT_ALGORITHMS);
        onAccp = accp.providerContext();
    }

    @AfterAll
    static void release() {
        if (accp != null) {
            accp.close();
        }
    }

    /** A key pair for {@code alg}, made by the JDK. */
    private static KeyPair keys(String alg) throws Exception {
        KeyPairGenerator g;
        switch (alg.substring(0, 2)) {
            case "RS", "PS" -> {
                g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
            }
            case "ES" -> {
                g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(switch (alg) {
                    case "ES256" -> "secp256r1";
                    case "ES384" -> "secp384r1";
                    default -> "secp521r1";
                }));
            }
            default -> g = KeyPairGenerator.getInstance("Ed25519");
        }
        return g.generateKeyPair();
    }

    private static String signingInput(String alg) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(("{\"alg\":\"" + alg + "\"}").getBytes()) + "."
                + b64.encodeToString("{\"sub\":\"alice\",\"n\":12345}".getBytes());
    }

    /** jose4j's JWS signature (r||s for ECDSA) over {@code input}, made with the JDK's providers. */
    private static byte[] sign(String alg, KeyPair k, String input) throws JoseException {
        JsonWebSignatureAlgorithm a = AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory().getAlgorithm(alg);
        return a.sign(a.prepareForSign(k.getPrivate(), new ProviderContext()), input.getBytes(StandardCharsets.US_ASCII));
    }

    /** jose4j's verdict with {@code context}'s provider ({@code null}: the JVM's defaults); an exception refuses. */
    private static boolean verifies(String alg, KeyPair k, String input, byte[] signature, ProviderContext context) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setCompactSerialization(input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
            jws.setKey(k.getPublic());
            if (context != null) {
                jws.setProviderContext(context);
            }
            return jws.verifySignature();
        } catch (JoseException | RuntimeException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"})
    void bothEnginesDisagreeOnlyOnSignaturesJwtgateRefusesBeforeVerifying(String alg) throws Exception {
        KeyPair k = keys(alg);
        String input = signingInput(alg);
        byte[] valid = sign(alg, k, input);
        Map<String, byte[]> cases = variants(alg, k, input, valid, new Random(SEED ^ alg.hashCode()));
        List<String> disagreements = new ArrayList<>();
        List<String> unguarded = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            boolean jdk = verifies(alg, k, input, c.getValue(), null);
            boolean native_ = verifies(alg, k, input, c.getValue(), onAccp);
            if (jdk != native_) {
                String d = c.getKey() + ": JDK " + jdk + ", ACCP " + native_;
                disagreements.add(d);
                if (CompactJws.exactLength(alg, k.getPublic(), c.getValue().length)) {
                    unguarded.add(d);
                }
            }
            if (jdk && native_) {
                accepted.add(c.getKey());
            }
        }
        // jose4j alone: the engines may differ, but only on signatures jwtgate refuses before verifying.
        assertEquals(List.of(), unguarded, alg + " (seed " + SEED + "), all disagreements: " + disagreements);
        assertEquals(alg.equals("EdDSA") ? List.of("zero appended: JDK true, ACCP false") : List.of(), disagreements,
                "the disagreements known (JDK 17's EdDSA takes a 65th, zero, byte)");
        assertTrue(verifies(alg, k, input, valid, null) && verifies(alg, k, input, valid, onAccp), "the valid signature");
        int twins = alg.startsWith("ES") ? 1 : 0; // the high-S twin of an ECDSA signature verifies too (ECDSA is malleable)
        assertEquals(1 + twins, accepted.size(), alg + ": only the valid signature" + (twins > 0 ? " and its high-S twin" : "") + accepted);
        assertTrue(cases.size() > 100, "cases: " + cases.size());
    }

    /**
     * jwtgate verifies ECDSA with a pooled {@code Signature} after jose4j's own checks and conversion
     * ({@link CompactJws#derSignature}): on each engine it must answer every case as jose4j does on that
     * engine's provider, or refuse where its exact-length check refuses first; it never accepts what jose4j refuses.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ES256", "ES384", "ES512"})
    void ecdsaThroughThePoolAnswersAsJose4j(String alg) throws Exception {
        KeyPair k = keys(alg);
        String input = signingInput(alg);
        byte[] valid = sign(alg, k, input);
        Map<String, byte[]> cases = variants(alg, k, input, valid, new Random(SEED ^ alg.hashCode() ^ 2));
        cases.put("odd length, one byte more", Arrays.copyOf(valid, valid.length + 1));
        cases.put("half the length", Arrays.copyOf(valid, valid.length / 2));
        try (SignatureEngine jdk = SignatureEngines.select(CryptoProvider.JDK, GateConfig.DEFAULT_ALGORITHMS)) {
            for (SignatureEngine engine : List.of(jdk, accp)) {
                ProviderContext context = engine == accp ? onAccp : null;
                List<String> different = new ArrayList<>();
                for (Map.Entry<String, byte[]> c : cases.entrySet()) {
                    boolean jose4j = verifies(alg, k, input, c.getValue(), context);
                    boolean jwtgate = viaCompactJws(engine, k, input, c.getValue());
                    boolean guarded = !CompactJws.exactLength(alg, k.getPublic(), c.getValue().length);
                    if (jwtgate ? !jose4j : jose4j && !guarded) {
                        different.add(c.getKey() + ": jose4j " + jose4j + ", jwtgate " + jwtgate);
                    }
                }
                assertEquals(List.of(), different, alg + " on " + engine.startupLine() + " (seed " + SEED + ")");
            }
        }
    }

    private static boolean viaCompactJws(SignatureEngine engine, KeyPair k, String input, byte[] signature) {
        try {
            CompactJws jws = new CompactJws(input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature),
                    new CompactJws.HeaderCache(), engine);
            jws.setKey(k.getPublic());
            return jws.verifySignature();
        } catch (JoseException | RuntimeException e) {
            return false;
        }
    }

    private static Map<String, byte[]> variants(String alg, KeyPair k, String input, byte[] valid, Random random)
            throws Exception {
        Map<String, byte[]> v = new LinkedHashMap<>();
        int len = valid.length;
        v.put("valid", valid);
        v.put("empty", new byte[0]);
        v.put("one zero byte", new byte[1]);
        v.put("last byte cut", Arrays.copyOf(valid, len - 1));
        v.put("first byte cut", Arrays.copyOfRange(valid, 1, len));
        v.put("zero appended", Arrays.copyOf(valid, len + 1));
        v.put("zero prepended", concat(new byte[1], valid));
        v.put("doubled", concat(valid, valid));
        v.put("all zero", new byte[len]);
        byte[] ones = new byte[len];
        Arrays.fill(ones, (byte) 0xff);
        v.put("all 0xff", ones);
        for (int i = 0; i < 48; i++) {
            byte[] r = new byte[len];
            random.nextBytes(r);
            v.put("random " + i, r);
        }
        for (int i = 0; i < 48; i++) {
            byte[] f = valid.clone();
            int bit = random.nextInt(len * 8);
            f[bit / 8] ^= (byte) (1 << (bit % 8));
            v.put("bit " + bit + " flipped", f);
        }
        v.put("signature of another message", sign(alg, k, input + "A"));
        if (alg.startsWith("RS") || alg.startsWith("PS")) {
            rsa(alg, k, input, valid, v);
        } else if (alg.startsWith("ES")) {
            ecdsa((ECPublicKey) k.getPublic(), valid, v);
        } else if (valid.length == 64) {
            ed25519(valid, v);
        }
        // Shapes that happen to give the valid bytes again (an RSA signature without a leading zero byte) are no case.
        v.entrySet().removeIf(e -> !e.getKey().equals("valid") && Arrays.equals(e.getValue(), valid));
        return v;
    }

    private static void rsa(String alg, KeyPair k, String input, byte[] valid, Map<String, byte[]> v) throws Exception {
        BigInteger n = ((RSAPublicKey) k.getPublic()).getModulus();
        int len = valid.length;
        BigInteger s = new BigInteger(1, valid);
        v.put("s = 0", fixed(BigInteger.ZERO, len));
        v.put("s = 1", fixed(BigInteger.ONE, len));
        v.put("s = n - 1", fixed(n.subtract(BigInteger.ONE), len));
        v.put("s = n", fixed(n, len));
        v.put("s = n + 1", fixed(n.add(BigInteger.ONE), len));
        if (s.add(n).bitLength() <= len * 8) {
            v.put("s + n", fixed(s.add(n), len));
        }
        v.put("s, minimal length", unsigned(s));
        v.put("s, two's complement (sign byte)", s.toByteArray());
        String other = alg.startsWith("RS") ? "PS" + alg.substring(2) : "RS" + alg.substring(2);
        v.put("signature by " + other + " with this key", sign(other, k, input));
    }

    private static void ecdsa(ECPublicKey key, byte[] valid, Map<String, byte[]> v) throws Exception {
        BigInteger n = key.getParams().getOrder();
        int half = valid.length / 2;
        BigInteger r = new BigInteger(1, Arrays.copyOf(valid, half));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(valid, half, valid.length));
        v.put("r = 0", p1363(BigInteger.ZERO, s, half));
        v.put("s = 0", p1363(r, BigInteger.ZERO, half));
        v.put("r = s = 0", p1363(BigInteger.ZERO, BigInteger.ZERO, half));
        v.put("r = n", p1363(n, s, half));
        v.put("s = n", p1363(r, n, half));
        v.put("r = n - 1", p1363(n.subtract(BigInteger.ONE), s, half));
        v.put("s = 1", p1363(r, BigInteger.ONE, half));
        if (r.add(n).bitLength() <= half * 8) {
            v.put("r + n", p1363(r.add(n), s, half));
        }
        if (s.add(n).bitLength() <= half * 8) {
            v.put("s + n", p1363(r, s.add(n), half));
        }
        v.put("high-S twin (r, n - s)", p1363(r, n.subtract(s), half));
        v.put("r and s swapped", p1363(s, r, half));
        byte[] der = EcdsaUsingShaAlgorithm.convertConcatenatedToDer(valid);
        v.put("DER instead of r||s", der);
        v.put("DER zero-padded to the r||s length", der.length <= valid.length ? Arrays.copyOf(der, valid.length) : der);
        v.put("each half zero-padded", concat(fixed(r, half + 1), fixed(s, half + 1)));
    }

    private static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    private static void ed25519(byte[] valid, Map<String, byte[]> v) {
        byte[] rBytes = Arrays.copyOf(valid, 32);
        BigInteger s = littleEndian(Arrays.copyOfRange(valid, 32, 64));
        v.put("S + L (non-canonical S)", concat(rBytes, littleEndian(s.add(L), 32)));
        v.put("S = L", concat(rBytes, littleEndian(L, 32)));
        v.put("S = 0", concat(rBytes, new byte[32]));
        v.put("S with the top bit set", concat(rBytes, or(Arrays.copyOfRange(valid, 32, 64), 31, 0x80)));
        v.put("R with the sign bit flipped", concat(xor(rBytes, 31, 0x80), Arrays.copyOfRange(valid, 32, 64)));
        v.put("R = identity, non-canonical y = p + 1", concat(littleEndian(P.add(BigInteger.ONE), 32), Arrays.copyOfRange(valid,
                32, 64)));
        v.put("R = identity, S = 0", concat(littleEndian(BigInteger.ONE, 32), new byte[32]));
        v.put("R with y = p (non-canonical 0)", concat(littleEndian(P, 32), Arrays.copyOfRange(valid, 32, 64)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "PS384", "ES256", "ES512", "EdDSA", "EdDSA/Ed448"})
    void jwtgateAnswersTheSameOnBothEnginesForWholeTokens(String keyType) throws Exception {
        PublicJsonWebKey key = switch (keyType) {
            case "RS256" -> TestKeys.rsa(2048, "RS256");
            case "PS384" -> TestKeys.rsa(2048, "PS384");
            case "ES256" -> TestKeys.ec("P-256");
            case "ES512" -> TestKeys.ec("P-521");
            case "EdDSA" -> TestKeys.ed25519();
            default -> ed448();
        };
        String alg = key.getAlgorithm();
        MutableClock clock = MutableClock.startingNow();
        LocalIssuer issuer = LocalIssuer.start(key);
        GateConfig.Builder config = GateConfig.builder().issuer(issuer.issuer(), issuer.jwksUri()).audiences(ISSUER_AUDIENCE)
                .tokenCache(false).clock(clock);
        try (JwtGate jdk = JwtGate.createWithoutBackgroundRefresh(config.cryptoProvider(CryptoProvider.JDK).build());
                JwtGate native_ = JwtGate.createWithoutBackgroundRefresh(config.cryptoProvider(CryptoProvider.ACCP).build())) {
            assertTrue(native_.signatureEngine().isAccp());
            assertFalse(jdk.signatureEngine().isAccp());
            String token = TokenMinter.signedWith(key).issuer(issuer.issuer()).audience(ISSUER_AUDIENCE).subject("alice")
                    .clock(clock).sign();
            int dot = token.lastIndexOf('.');
            String input = token.substring(0, dot);
            byte[] valid = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            KeyPair pair = new KeyPair(key.getPublicKey(), key.getPrivateKey());
            Map<String, byte[]> cases = variants(alg, pair, input, valid, new Random(SEED ^ alg.hashCode() ^ 1));
            List<String> disagreements = new ArrayList<>();
            int authenticated = 0;
            for (Map.Entry<String, byte[]> c : cases.entrySet()) {
                String t = input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(c.getValue());
                Outcome a = jdk.validate(t);
                Outcome b = native_.validate(t);
                if (!sameAnswer(a, b)) {
                    disagreements.add(c.getKey() + ": JDK " + a + ", ACCP " + b);
                }
                authenticated += a instanceof Outcome.Authenticated ? 1 : 0;
            }
            assertEquals(List.of(), disagreements, alg + " (seed " + SEED + ")");
            assertEquals(alg.startsWith("ES") ? 2 : 1, authenticated, alg + ": the valid token (and the high-S twin)");
        } finally {
            issuer.close();
        }
    }

    /** An Ed448 key (alg EdDSA): ACCP has no Ed448, so the ACCP engine leaves these keys to the JDK's providers. */
    private static PublicJsonWebKey ed448() throws JoseException {
        PublicJsonWebKey k = OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_ED448);
        k.setAlgorithm("EdDSA");
        k.setKeyId("ed448");
        return k;
    }

    private static boolean sameAnswer(Outcome a, Outcome b) {
        if (a instanceof Outcome.Authenticated x && b instanceof Outcome.Authenticated y) {
            return x.principal().getName().equals(y.principal().getName());
        }
        return a.equals(b);
    }

    private static byte[] p1363(BigInteger r, BigInteger s, int half) {
        return concat(fixed(r, half), fixed(s, half));
    }

    /** Big-endian, left-padded or cut to {@code len} bytes. */
    private static byte[] fixed(BigInteger x, int len) {
        byte[] u = unsigned(x);
        byte[] out = new byte[len];
        int n = Math.min(len, u.length);
        System.arraycopy(u, u.length - n, out, len - n, n);
        return out;
    }

    private static byte[] unsigned(BigInteger x) {
        byte[] b = x.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static BigInteger littleEndian(byte[] le) {
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    private static byte[] littleEndian(BigInteger x, int len) {
        byte[] be = fixed(x, len);
        byte[] le = new byte[len];
        for (int i = 0; i < len; i++) {
            le[i] = be[len - 1 - i];
        }
        return le;
    }

    private static byte[] or(byte[] b, int i, int mask) {
        b[i] |= (byte) mask;
        return b;
    }

    private static byte[] xor(byte[] b, int i, int mask) {
        byte[] c = b.clone();
        c[i] ^= (byte) mask;
        return c;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
