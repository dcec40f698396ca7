package org.jwtgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.GateFixture;
import org.jwtgate.Outcome;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tokens for which no published key can be selected (the side doors around the unknown-kid check) are
 * refused as cheaply as a token under an unknown {@code kid}: UNKNOWN_KEY, as before, but without the
 * resolver's exceptions (whose messages print the whole key set) and without a refresh a known
 * {@code kid} cannot need.
 */
class UnselectableKeyFloodTest {
    private static final Duration INTERVAL = Duration.ofSeconds(30); // jwks-refresh-interval's default
    private static final Outcome UNKNOWN_KEY = Outcome.rejected(Reason.UNKNOWN_KEY);
    private static final int FLOOD = 300;

    /**
     * The issuer's keys: the current RSA signature key (alg RS256), its predecessor and successor, and
     * two EC encryption keys, one sharing the current key's kid.
     */
    private record Keys(PublicJsonWebKey rsa, PublicJsonWebKey enc, PublicJsonWebKey encUnderRsaKid, List<PublicJsonWebKey> all) {
        static Keys generate() {
            PublicJsonWebKey rsa = TestKeys.rsa();
            PublicJsonWebKey enc = encryption(TestKeys.ec("P-256"));
            PublicJsonWebKey encUnderRsaKid = encryption(TestKeys.withKid(TestKeys.ec("P-384"), rsa.getKeyId()));
            return new Keys(rsa, enc, encUnderRsaKid, List.of(TestKeys.rsa(), enc, encUnderRsaKid, TestKeys.rsa(), rsa));
        }

        LocalIssuer issuer() {
            return LocalIssuer.start(all.toArray(PublicJsonWebKey[]::new)); // the last one, rsa, signs
        }

        private static PublicJsonWebKey encryption(PublicJsonWebKey key) {
            key.setUse("enc");
            key.setAlgorithm("ECDH-ES");
            return key;
        }
    }

    enum SideDoor {
        /** The RSA key's kid with an EC algorithm. */
        KNOWN_KID_OTHER_KEY_TYPE(true, (k, m) -> m.kid(k.rsa().getKeyId()).algorithm("ES256")),
        /** The RSA key's kid (the key says RS256) with PS512: same key type, another algorithm. */
        KNOWN_KID_OTHER_ALGORITHM(true, (k, m) -> m.kid(k.rsa().getKeyId()).algorithm("PS512")),
        /** No kid, and an algorithm whose key type has no signature key in the set. */
        NO_KID_UNPUBLISHED_KEY_TYPE(false, (k, m) -> m.withoutKid().algorithm("ES256")),
        /** The kid of an encryption key (ignored for verification), with its key type's algorithm. */
        KID_OF_AN_ENCRYPTION_KEY(false, (k, m) -> m.kid(k.enc().getKeyId()).algorithm("ES256")),
        /** A kid an EC encryption key shares with the RSA signature key (RFC 7517 §4.5 allows it), with ES384. */
        KID_SHARED_WITH_AN_ENCRYPTION_KEY(true, (k, m) -> m.kid(k.rsa().getKeyId()).algorithm("ES384"));

        final boolean kidHeld;
        final BiFunction<Keys, TokenMinter, TokenMinter> shape;

        SideDoor(boolean kidHeld, BiFunction<Keys, TokenMinter, TokenMinter> shape) {
            this.kidHeld = kidHeld;
            this.shape = shape;
        }
    }

    private static GateFixture fixture(Keys keys) {
        return GateFixture.withIssuer(keys.issuer(), b -> { });
    }

    private static List<String> tokens(int n, Function<Integer, String> mint) {
        List<String> tokens = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tokens.add(mint.apply(i));
        }
        return tokens;
    }

    private static List<String> sideDoorTokens(GateFixture f, Keys keys, SideDoor door) {
        return tokens(16, i -> door.shape.apply(keys, f.minter().claim("jti", "side-door-" + i)).sign());
    }

    private static List<String> unknownKidTokens(GateFixture f) {
        return tokens(16, i -> f.minter().kid(UUID.randomUUID().toString()).sign());
    }

    @ParameterizedTest
    @EnumSource(SideDoor.class)
    void aFloodOfUnselectableTokensFetchesAtMostOncePerIntervalAndNeverForAHeldKid(SideDoor door) {
        Keys keys = Keys.generate();
        try (GateFixture f = fixture(keys)) {
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().sign()));
            List<String> flood = sideDoorTokens(f, keys, door);
            for (int interval = 0; interval < 3; interval++) {
                int before = f.issuer.jwksRequests();
                for (int i = 0; i < FLOOD; i++) {
                    assertEquals(UNKNOWN_KEY, f.validate(flood.get(i % flood.size())), door::name);
                }
                int fetches = f.issuer.jwksRequests() - before;
                if (door.kidHeld || interval == 0) {
                    assertEquals(0, fetches, "interval " + interval + ": the key under a held kid is the issuer's; no refresh");
                } else {
                    assertTrue(fetches <= 1, "interval " + interval + ": " + fetches + " fetches");
                }
                f.advance(INTERVAL);
            }
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().sign()), "valid tokens still pass");
        }
    }

    @ParameterizedTest
    @EnumSource(SideDoor.class)
    void refusingAnUnselectableTokenCostsWhatAnUnknownKidCosts(SideDoor door) {
        Keys keys = Keys.generate();
        try (GateFixture f = fixture(keys)) {
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().sign()));
            long unknownKid = bytesPerRefusal(f, unknownKidTokens(f));
            long sideDoor = bytesPerRefusal(f, sideDoorTokens(f, keys, door));
            assertTrue(sideDoor < 2 * unknownKid + 2048, door + ": " + sideDoor + " bytes per refused token, against "
                    + unknownKid + " for an unknown kid");
            assertEquals(1, f.issuer.jwksRequests());
        }
    }

    @Test
    void duringAnOutageUnselectableTokensAreRefusedWithoutTheResolverWhileTheRetryIsNotDue() {
        Keys keys = Keys.generate();
        try (GateFixture f = GateFixture.withIssuer(keys.issuer(), b -> b.jwksMaxStaleness(Duration.ofHours(1)))) {
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().sign()));
            long fresh = bytesPerRefusal(f, unknownKidTokens(f));
            f.issuer.outage(true);
            f.advance(Duration.ofMinutes(5)); // the default TTL: stale, and the refresh fails
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().sign()), "stale keys keep serving");
            assertEquals(2, f.issuer.jwksRequests());
            for (SideDoor door : SideDoor.values()) {
                long refused = bytesPerRefusal(f, sideDoorTokens(f, keys, door));
                assertTrue(refused < 2 * fresh + 2048, door + ": " + refused + " bytes, against " + fresh);
            }
            assertTrue(bytesPerRefusal(f, unknownKidTokens(f)) < 2 * fresh + 2048);
            assertEquals(2, f.issuer.jwksRequests(), "no retry before the interval");
        }
    }

    @Test
    void tokensTheResolverCanSelectAKeyForStillReachIt() {
        PublicJsonWebKey rsaWithoutAlg = TestKeys.rsa(2048, null);
        PublicJsonWebKey p256 = TestKeys.withKid(TestKeys.ec("P-256"), null);
        PublicJsonWebKey p384 = TestKeys.withKid(TestKeys.ec("P-384"), null);
        p256.setAlgorithm(null);
        p384.setAlgorithm(null);
        try (GateFixture f = GateFixture.withIssuer(LocalIssuer.start(rsaWithoutAlg, p256, p384), b -> { })) {
            String issuer = f.issuer.issuer();
            Function<PublicJsonWebKey, TokenMinter> minter = k -> TokenMinter.signedWith(k).issuer(issuer)
                    .audience(GateFixture.AUDIENCE).subject("alice").clock(f.clock);
            for (String alg : List.of("RS256", "PS256", "RS512")) {
                assertInstanceOf(Outcome.Authenticated.class, f.validate(minter.apply(rsaWithoutAlg).algorithm(alg).sign()),
                        alg + " under the kid of an RSA key that declares no alg");
                assertInstanceOf(Outcome.Authenticated.class,
                        f.validate(minter.apply(rsaWithoutAlg).withoutKid().algorithm(alg).sign()), alg + " without kid");
            }
            assertInstanceOf(Outcome.Authenticated.class, f.validate(minter.apply(p384).algorithm("ES384").sign()),
                    "without kid, two EC keys: the curve decides");
            assertInstanceOf(Outcome.Authenticated.class, f.validate(minter.apply(p256).algorithm("ES256").sign()));
            assertEquals(UNKNOWN_KEY, f.validate(minter.apply(p256).algorithm("ES512").sign()),
                    "no P-521 key: nothing to select");
            assertEquals(1, f.issuer.jwksRequests());
        }
    }

    @Test
    void aKidReusedForAKeyOfAnotherTypeIsPickedUpWhenTheKeysExpire() {
        PublicJsonWebKey rsa = TestKeys.rsa();
        PublicJsonWebKey ec = TestKeys.withKid(TestKeys.ec("P-256"), rsa.getKeyId());
        try (GateFixture f = GateFixture.withIssuer(LocalIssuer.start(rsa), b -> { })) {
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().sign()));
            f.issuer.rotate(ec);
            f.issuer.publishOnly(ec); // the kid now names an EC key
            f.advance(INTERVAL);
            String token = f.minter().sign();
            assertEquals(UNKNOWN_KEY, f.validate(token), "a held kid: no refresh on a miss");
            assertEquals(1, f.issuer.jwksRequests());
            f.advance(Duration.ofMinutes(5)); // the default TTL
            assertInstanceOf(Outcome.Authenticated.class, f.validate(token));
            assertEquals(2, f.issuer.jwksRequests());
        }
    }

    // Bytes allocated on this thread per refused token, over many refusals after a warm-up.
    private static long bytesPerRefusal(GateFixture f, List<String> tokens) {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean, "no allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(), "no allocation counter");
        long thread = Thread.currentThread().getId();
        int unexpected = 0;
        for (int i = 0; i < FLOOD; i++) {
            unexpected += UNKNOWN_KEY.equals(f.validate(tokens.get(i % tokens.size()))) ? 0 : 1;
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < FLOOD; i++) {
            unexpected += UNKNOWN_KEY.equals(f.validate(tokens.get(i % tokens.size()))) ? 0 : 1;
        }
        long bytes = (threads.getThreadAllocatedBytes(thread) - before) / FLOOD;
        assertEquals(0, unexpected, "every token refused with UNKNOWN_KEY");
        return bytes;
    }
}
