package org.jwtgate.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jwtgate.GateFixture;
import org.jwtgate.Outcome;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;

/**
 * The {@code Signature} objects an engine reuses ({@link SignatureEngine#verify}, {@link SignaturePool}): each
 * verification answers as a fresh {@code Signature} would, whatever the pooled object verified before (another
 * key, a bad signature, one the provider could not read), on one thread and on several at once, on the JDK's
 * providers and on the Amazon Corretto Crypto Provider; and jwtgate's uncached validation does reuse them.
 */
class SignaturePoolTest {
    private static final List<String> ALGS = List.of("RS256", "PS256", "EdDSA");
    private static final PSSParameterSpec PSS = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

    /** Two keys, a message and each key's signature of it, for one JWS algorithm. */
    private static final class Case {
        final String alg;
        final String java;
        final AlgorithmParameterSpec params;
        final PublicKey one;
        final PublicKey two;
        final byte[] message = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9".getBytes(StandardCharsets.US_ASCII);
        final byte[] byOne;
        final byte[] byTwo;

        Case(String alg) throws Exception {
            this.alg = alg;
            this.java = alg.equals("RS256") ? "SHA256withRSA" : alg.equals("PS256") ? "RSASSA-PSS" : "Ed25519";
            this.params = alg.equals("PS256") ? PSS : null;
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg.equals("EdDSA") ? "Ed25519" : "RSA");
            if (!alg.equals("EdDSA")) {
                g.initialize(2048);
            }
            KeyPair a = g.generateKeyPair();
            KeyPair b = g.generateKeyPair();
            one = a.getPublic();
            two = b.getPublic();
            byOne = sign(a);
            byTwo = sign(b);
        }

        private byte[] sign(KeyPair pair) throws Exception {
            Signature s = Signature.getInstance(java);
            if (params != null) {
                s.setParameter(params);
            }
            s.initSign(pair.getPrivate());
            s.update(message);
            return s.sign();
        }

        boolean verify(SignatureEngine engine, PublicKey key, byte[] message, byte[] signature) throws Exception {
            return engine.verify(alg, java, params, (PublicKey) engine.keyFor(key), message, signature);
        }

        /** Every answer, in an order that leaves each pooled object in another state for the next. */
        void checkAll(SignatureEngine engine) throws Exception {
            byte[] other = message.clone();
            other[other.length - 1] ^= 1;
            byte[] flipped = byOne.clone();
            flipped[flipped.length / 2] ^= 1;
            assertTrue(verify(engine, one, message, byOne), alg);
            assertFalse(verify(engine, one, message, byTwo), alg);
            assertTrue(verify(engine, two, message, byTwo), alg);
            assertFalse(verify(engine, two, message, byOne), alg);
            assertFalse(verify(engine, one, other, byOne), alg);
            assertFalse(verify(engine, one, message, flipped), alg);
            assertFalse(verify(engine, one, message, new byte[3]), alg); // a signature the provider cannot read
            assertTrue(verify(engine, one, message, byOne), alg);
        }
    }

    private static List<SignatureEngine> engines() {
        List<SignatureEngine> engines = new ArrayList<>(List.of(SignatureEngine.jdk(ALGS)));
        if (SignatureEnginesTest.accpOnTheClassPath()) {
            SignatureEngine accp = SignatureEngines.select(CryptoProvider.ACCP, ALGS);
            assertTrue(accp.isAccp(), accp.startupLine());
            engines.add(accp);
        }
        return engines;
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "PS256", "EdDSA"})
    void aReusedSignatureAnswersAsAFreshOneWhateverItVerifiedBefore(String alg) throws Exception {
        Case c = new Case(alg);
        for (SignatureEngine engine : engines()) {
            try (engine) {
                for (int i = 0; i < 20; i++) {
                    c.checkAll(engine);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "PS256", "EdDSA"})
    void threadsSharingTheEngineEachGetTheirOwnAnswers(String alg) throws Exception {
        Case c = new Case(alg);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            for (SignatureEngine engine : engines()) {
                try (engine) {
                    List<Future<?>> runs = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        runs.add(threads.submit(() -> {
                            for (int i = 0; i < 25; i++) {
                                c.checkAll(engine);
                            }
                            return null;
                        }));
                    }
                    for (Future<?> run : runs) {
                        run.get();
                    }
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA"})
    void oneThreadVerifyingUncachedTokensMakesOneSignature(String alg) {
        try (LocalIssuer issuer = LocalIssuer.start(key(alg));
                GateFixture f = GateFixture.withIssuer(issuer, b -> b.tokenCache(false).algorithms(List.of(alg))
                        .jwksReadTimeout(java.time.Duration.ofSeconds(10)).jwksConnectTimeout(java.time.Duration.ofSeconds(10)))) {
            for (int i = 0; i < 30; i++) {
                assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().claim("n", i).sign()));
                String refused = f.minter().claim("n", i).sign();
                refused = refused.substring(0, refused.indexOf('.') + 1) + f.minter().claim("m", i).sign().split("\\.")[1]
                        + refused.substring(refused.lastIndexOf('.'));
                assertEquals(Outcome.rejected(org.jwtgate.error.Reason.BAD_SIGNATURE), f.validate(refused));
            }
            assertEquals(1, f.gate.signatureEngine().signaturesMade(), f.gate.signatureEngine().startupLine());
        }
    }

    private static org.jose4j.jwk.PublicJsonWebKey key(String alg) {
        return switch (alg) {
            case "EdDSA" -> TestKeys.ed25519();
            case "ES256" -> TestKeys.ec("P-256");
            case "ES384" -> TestKeys.ec("P-384");
            case "ES512" -> TestKeys.ec("P-521");
            default -> TestKeys.rsa(2048, alg);
        };
    }
}
