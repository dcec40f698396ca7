package org.jwtgate.dpop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.GateFixture;
import org.jwtgate.Outcome;
import org.jwtgate.TestRequest;
import org.jwtgate.config.DpopMode;
import org.jwtgate.crypto.CryptoProvider;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.DpopProofs;
import org.jwtgate.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DPoP proofs are verified by the engine's {@code crypto-provider}, as tokens are: a JCA provider that
 * counts the verifications it makes (each delegated to the JVM's own implementation) sees the proof's.
 */
class DpopSignatureEngineTest {
    private static final String NAME = "JwtgateCountingSignatures";
    private static final String URL = "https://api.example.com/api/orders";
    private static final AtomicInteger VERIFIED = new AtomicInteger();

    @BeforeAll
    static void register() {
        Security.addProvider(new Counting());
    }

    @AfterAll
    static void unregister() {
        Security.removeProvider(NAME);
    }

    @Test
    void theProofOfACachedTokenIsVerifiedByTheConfiguredProvider() {
        PublicJsonWebKey client = TestKeys.ec("P-256");
        try (GateFixture f = GateFixture.start(b -> b.algorithms(List.of("RS256", "ES256"))
                .publicOrigin(URI.create("https://api.example.com")).dpop(DpopMode.ALLOWED)
                .cryptoProvider(CryptoProvider.parse(NAME)))) {
            String token = f.minter().claim("cnf", DpopProofs.confirmation(client)).sign();
            TestRequest first = request(token, DpopProofs.minter(client, "GET", URL, token, f.clock).sign());
            int before = VERIFIED.get();
            assertInstanceOf(Outcome.Authenticated.class, f.gate.authenticate("/api/orders", first));
            assertEquals(2, VERIFIED.get() - before, "the token's signature and the proof's");
            TestRequest second = request(token, DpopProofs.minter(client, "GET", URL, token, f.clock).sign());
            assertInstanceOf(Outcome.Authenticated.class, f.gate.authenticate("/api/orders", second));
            assertEquals(3, VERIFIED.get() - before, "the proof's only: the token came from the cache");
            String forged = DpopProofs.minter(TestKeys.ec("P-256"), "GET", URL, token, f.clock).header("jwk",
                    DpopProofs.publicJwk(client)).sign();
            Outcome o = f.gate.authenticate("/api/orders", request(token, forged));
            assertEquals(Reason.DPOP_PROOF_SIGNATURE, assertInstanceOf(Outcome.Rejected.class, o).reason());
            assertEquals(4, VERIFIED.get() - before);
        }
    }

    private static TestRequest request(String token, String proof) {
        return TestRequest.create().header("Authorization", "DPoP " + token).header("DPoP", proof).method("GET").url(URL);
    }

    /** A provider offering the configured algorithms, each verification counted and done by the JVM's default. */
    static final class Counting extends Provider {
        Counting() {
            super(NAME, "1.0", "counts signature verifications");
            for (String alg : List.of("SHA256withRSA", "SHA256withECDSA")) {
                putService(new Service(this, "Signature", alg, CountingSignature.class.getName(), null, null) {
                    @Override
                    public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
                        return new CountingSignature(Signature.getInstance(getAlgorithm()));
                    }
                });
            }
        }
    }

    static final class CountingSignature extends SignatureSpi {
        private final Signature delegate;

        CountingSignature(Signature delegate) {
            this.delegate = delegate;
        }

        @Override
        protected void engineInitVerify(PublicKey key) throws InvalidKeyException {
            delegate.initVerify(key);
        }

        @Override
        protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
            delegate.initSign(key);
        }

        @Override
        protected void engineUpdate(byte b) throws SignatureException {
            delegate.update(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
            delegate.update(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            return delegate.sign();
        }

        @Override
        protected boolean engineVerify(byte[] sig) throws SignatureException {
            VERIFIED.incrementAndGet();
            return delegate.verify(sig);
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) throws InvalidParameterException {
            throw new InvalidParameterException("none");
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) throws InvalidParameterException {
            throw new InvalidParameterException("none");
        }
    }
}
