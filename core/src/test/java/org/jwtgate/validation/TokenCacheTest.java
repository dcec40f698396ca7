package org.jwtgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.GateFixture;
import org.jwtgate.JwtGate;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.Outcome;
import org.jwtgate.config.GateConfig;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.Test;

/** The verified-token cache: what a hit may answer, when entries go, its bounds and counters. */
class TokenCacheTest {

    private static JwtPrincipal accepted(Outcome o) {
        return assertInstanceOf(Outcome.Authenticated.class, o, () -> "expected acceptance, got " + o).principal();
    }

    private static TokenCacheStats stats(GateFixture f) {
        return f.gate.tokenCacheStats();
    }

    @Test
    void aSecondValidationIsAHitThatCarriesTheRequestsOwnToken() {
        try (GateFixture f = GateFixture.start()) {
            String token = f.minter().groups("staff").scope("orders:read").sign();
            JwtPrincipal first = accepted(f.validate(token));
            JwtPrincipal second = accepted(f.validate(new String(token.toCharArray())));
            assertEquals(new TokenCacheStats(1, 1, 0, 1, stats(f).estimatedBytes()), stats(f));
            assertEquals(first, second);
            assertNotSame(first, second);
            assertEquals(token, second.token().orElseThrow());
            assertEquals(List.of("staff"), List.copyOf(second.roles()));
            assertEquals(List.of("orders:read"), List.copyOf(second.scopes()));
            assertEquals(2, f.gate.validations());
        }
    }

    @Test
    void anExpiredTokenIsRefusedOnAHit() {
        try (GateFixture f = GateFixture.start(b -> b.tokenCacheMaxTtl(Duration.ofHours(1)))) {
            String token = f.minter().expiresIn(Duration.ofMinutes(2)).sign();
            accepted(f.validate(token));
            accepted(f.validate(token));
            f.advance(Duration.ofSeconds(179)); // within the 60 s skew: still accepted, from the cache
            accepted(f.validate(token));
            assertEquals(2, stats(f).hits());
            f.advance(Duration.ofSeconds(1)); // exp + skew reached
            assertEquals(Outcome.rejected(Reason.EXPIRED), f.validate(token));
            assertEquals(2, stats(f).hits());
            assertEquals(0, stats(f).size());
        }
    }

    @Test
    void aTokenNotYetValidWhenTheClockGoesBackIsRefusedOnAHit() {
        try (GateFixture f = GateFixture.start()) {
            String token = f.minter().notBefore(f.clock.instant()).sign();
            accepted(f.validate(token));
            f.advance(Duration.ofMinutes(-2));
            assertEquals(Outcome.rejected(Reason.NOT_YET_VALID), f.validate(token));
            assertEquals(0, stats(f).hits());
        }
    }

    @Test
    void removingTheSigningKeyFromTheJwksEndsTheEntryAtTheNextKeyRefresh() {
        PublicJsonWebKey a = TestKeys.rsa();
        PublicJsonWebKey b = TestKeys.rsa();
        PublicJsonWebKey c = TestKeys.rsa();
        LocalIssuer issuer = LocalIssuer.start(a, b, c);
        try (GateFixture f = GateFixture.withIssuer(issuer, x -> x.tokenCacheMaxTtl(Duration.ofHours(1)))) {
            String withA = TokenMinter.signedWith(a).issuer(issuer.issuer()).audience(GateFixture.AUDIENCE)
                    .subject("alice").clock(f.clock).expiresIn(Duration.ofHours(1)).sign();
            String withB = TokenMinter.signedWith(b).issuer(issuer.issuer()).audience(GateFixture.AUDIENCE)
                    .subject("bob").clock(f.clock).expiresIn(Duration.ofHours(1)).sign();
            accepted(f.validate(withA));
            accepted(f.validate(withB));

            issuer.removeKey(a.getKeyId());
            accepted(f.validate(withA)); // the keys held are fresh for 5 minutes: the bound on revocation
            assertEquals(1, stats(f).hits());

            f.advance(Duration.ofMinutes(6)); // the next validation fetches the JWKS: a changed key set
            assertEquals(Outcome.rejected(Reason.UNKNOWN_KEY), f.validate(withA));
            accepted(f.validate(withB)); // b is still published: its entry survives the change
            assertEquals(2, stats(f).hits());
            assertEquals(1, stats(f).size());
        }
    }

    @Test
    void aKeyRepublishedUnderItsKidWithOtherMaterialEndsTheEntry() {
        PublicJsonWebKey a = TestKeys.rsa();
        LocalIssuer issuer = LocalIssuer.start(a);
        try (GateFixture f = GateFixture.withIssuer(issuer, x -> x.tokenCacheMaxTtl(Duration.ofHours(1)))) {
            String token = TokenMinter.signedWith(a).issuer(issuer.issuer()).audience(GateFixture.AUDIENCE)
                    .subject("alice").clock(f.clock).expiresIn(Duration.ofHours(1)).sign();
            accepted(f.validate(token));
            issuer.publishOnly(TestKeys.withKid(TestKeys.rsa(), a.getKeyId()));
            f.advance(Duration.ofMinutes(6));
            assertEquals(Outcome.rejected(Reason.BAD_SIGNATURE), f.validate(token));
            assertEquals(0, stats(f).hits());
        }
    }

    @Test
    void whenKeysAreUnavailableAHitAnswersAsFullValidationDoes() {
        try (GateFixture f = GateFixture.start(b -> b.tokenCacheMaxTtl(Duration.ofDays(1))
                .jwksMaxStaleness(Duration.ofHours(1)))) {
            String token = f.minter().expiresIn(Duration.ofHours(3)).sign();
            accepted(f.validate(token));
            f.issuer.outage(true);
            f.advance(Duration.ofMinutes(30)); // stale keys still serve during the outage
            accepted(f.validate(token));
            assertEquals(1, stats(f).hits());
            f.advance(Duration.ofMinutes(40)); // past the staleness bound
            assertSame(Outcome.KEYS_UNAVAILABLE, f.validate(token));
            f.issuer.outage(false);
            f.advance(Duration.ofMinutes(1)); // the next attempt is allowed and succeeds
            accepted(f.validate(token));
            assertEquals(2, stats(f).hits());
        }
    }

    @Test
    void refusedTokensAreNeverCached() {
        try (GateFixture f = GateFixture.start()) {
            String wrongAudience = f.minter().audience("other").sign();
            String token = f.minter().sign();
            String badSignature = token.substring(0, token.length() - 2)
                    + (token.endsWith("AA") ? "BA" : "AA"); // its last character canonical
            for (int i = 0; i < 2; i++) {
                assertEquals(Outcome.rejected(Reason.WRONG_AUDIENCE), f.validate(wrongAudience));
            }
            accepted(f.validate(token));
            for (int i = 0; i < 2; i++) {
                assertEquals(Outcome.rejected(Reason.BAD_SIGNATURE), f.validate(badSignature));
            }
            assertEquals(0, stats(f).hits());
            assertEquals(1, stats(f).size());
        }
    }

    @Test
    void theEntryBoundIsKeptAndRecentlyUsedEntriesStay() {
        try (GateFixture f = GateFixture.start(b -> b.tokenCacheSize(3))) {
            String[] tokens = new String[5];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = f.minter().subject("user" + i).sign();
            }
            for (int i = 0; i < 3; i++) {
                accepted(f.validate(tokens[i]));
            }
            accepted(f.validate(tokens[0])); // a hit marks the first entry
            accepted(f.validate(tokens[3])); // evicts the oldest unmarked one: tokens[1]
            assertEquals(3, stats(f).size());
            assertEquals(1, stats(f).evictions());
            long hits = stats(f).hits();
            accepted(f.validate(tokens[0]));
            assertEquals(hits + 1, stats(f).hits());
            accepted(f.validate(tokens[1]));
            assertEquals(hits + 1, stats(f).hits());
            accepted(f.validate(tokens[4]));
            assertTrue(stats(f).size() <= 3);
        }
    }

    @Test
    void theMemoryBoundIsKept() {
        try (GateFixture f = GateFixture.start(b -> b.tokenCacheMemory(64 * 1024).maxTokenLength(64 * 1024))) {
            String padding = "x".repeat(12_000);
            for (int i = 0; i < 6; i++) {
                accepted(f.validate(f.minter().subject("user" + i).claim("padding", padding).sign()));
                assertTrue(stats(f).estimatedBytes() <= 64 * 1024, () -> "over the bound: " + stats(f));
            }
            assertTrue(stats(f).size() <= 64 * 1024 / (2 * 12_000), () -> "too many entries: " + stats(f));
            assertTrue(stats(f).evictions() >= 6 - 64 * 1024 / (2 * 12_000));
        }
    }

    @Test
    void anEntryIsVerifiedAgainAfterTheMaximumTtl() {
        try (GateFixture f = GateFixture.start(b -> b.tokenCacheMaxTtl(Duration.ofMinutes(1)))) {
            String token = f.minter().expiresIn(Duration.ofHours(1)).sign();
            accepted(f.validate(token));
            f.advance(Duration.ofSeconds(59));
            accepted(f.validate(token));
            f.advance(Duration.ofSeconds(1));
            accepted(f.validate(token));
            assertEquals(1, stats(f).hits());
            assertEquals(2, stats(f).misses());
        }
    }

    @Test
    void aTokenDifferingOnlyInItsSignatureIsNotAnsweredFromTheCache() {
        try (GateFixture f = GateFixture.start()) {
            String token = f.minter().sign();
            accepted(f.validate(token));
            int dot = token.lastIndexOf('.');
            byte[] signature = java.util.Base64.getUrlDecoder().decode(token.substring(dot + 1));
            byte[] reversed = new byte[signature.length];
            for (int i = 0; i < signature.length; i++) {
                reversed[i] = signature[signature.length - 1 - i];
            }
            String forged = token.substring(0, dot + 1) + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(reversed);
            assertEquals(Outcome.rejected(Reason.BAD_SIGNATURE), f.validate(forged));
            String nonLatin = token.substring(0, token.length() - 1) + '\u0101';
            assertEquals(Outcome.rejected(Reason.MALFORMED_TOKEN), f.validate(nonLatin));
            assertEquals(0, stats(f).hits());
        }
    }

    @Test
    void withTheCacheOffEveryTokenIsVerified() {
        try (GateFixture f = GateFixture.start(b -> b.tokenCache(false))) {
            String token = f.minter().sign();
            accepted(f.validate(token));
            f.issuer.removeKey(f.issuer.currentKey().getKeyId());
            f.advance(Duration.ofMinutes(6));
            assertEquals(Outcome.rejected(Reason.UNKNOWN_KEY), f.validate(token));
            assertEquals(TokenCacheStats.DISABLED, f.gate.tokenCacheStats());
        }
    }

    @Test
    void aNewEngineStartsWithAnEmptyCache() {
        try (GateFixture f = GateFixture.start()) {
            String token = f.minter().sign();
            accepted(f.validate(token));
            GateConfig other = GateConfig.builder().issuer(f.issuer.issuer(), f.issuer.jwksUri())
                    .audiences(GateFixture.AUDIENCE).clock(f.clock).build();
            try (JwtGate second = JwtGate.createWithoutBackgroundRefresh(other)) {
                accepted(second.validate(token));
                assertEquals(0, second.tokenCacheStats().hits());
                assertEquals(1, second.tokenCacheStats().misses());
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCachedPrincipalCannotBeChangedThroughItsClaims() {
        try (GateFixture f = GateFixture.start(b -> b.roleClaims(List.of("realm_access.roles")))) {
            String token = f.minter().claim("realm_access", Map.of("roles", List.of("admin"))).sign();
            accepted(f.validate(token));
            JwtPrincipal hit = accepted(f.validate(token));
            Map<String, Object> realm = (Map<String, Object>) hit.claims().get("realm_access");
            List<Object> roles = (List<Object>) realm.get("roles");
            assertThrows(UnsupportedOperationException.class, () -> roles.add("root"));
            assertThrows(UnsupportedOperationException.class, () -> realm.put("roles", List.of("root")));
            assertThrows(UnsupportedOperationException.class, () -> hit.claims().put("sub", "mallory"));
            assertThrows(UnsupportedOperationException.class, () -> hit.roles().add("root"));
            assertEquals(List.of("admin"), List.copyOf(accepted(f.validate(token)).roles()));
        }
    }
}
