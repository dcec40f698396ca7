package org.jwtgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jwtgate.GateFixture;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.Outcome;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.Test;

class ClaimPolicyTest {

    @Test
    void requiredTypeAcceptsAtJwtInBothFormsAndRefusesOthers() {
        try (GateFixture f = GateFixture.start(b -> b.requiredType("at+jwt"))) {
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().type("at+jwt").sign()));
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().type("application/at+jwt").sign()));
            assertEquals(Outcome.rejected(Reason.WRONG_TYPE), f.validate(f.minter().sign()));
            assertEquals(Outcome.rejected(Reason.WRONG_TYPE), f.validate(f.minter().type("JWT").sign()));
            assertEquals(Outcome.rejected(Reason.WRONG_TYPE), f.validate(f.minter().type("at+jwt2").sign()));
        }
    }

    @Test
    void idTokensAreRefusedAsAccessTokensUnlessAccepted() {
        try (GateFixture f = GateFixture.start()) {
            // Keycloak's ID token: payload typ "ID", its aud the client, here also the API
            assertEquals(Outcome.rejected(Reason.NOT_AN_ACCESS_TOKEN), f.validate(f.minter().claim("typ", "ID").sign()));
            assertEquals(Outcome.rejected(Reason.NOT_AN_ACCESS_TOKEN), f.validate(f.minter().claim("typ", "id").sign()));
            for (String marker : List.of("nonce", "at_hash", "c_hash", "s_hash")) {
                assertEquals(Outcome.rejected(Reason.NOT_AN_ACCESS_TOKEN), f.validate(f.minter().claim(marker, "x").sign()),
                        marker);
            }
            // Keycloak's access tokens say typ "Bearer" in the payload; RFC 9068 ones carry none of these
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().claim("typ", "Bearer").sign()));
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().claim("azp", "web").sign()));
        }
        try (GateFixture f = GateFixture.start(b -> b.acceptIdTokens(true))) {
            assertInstanceOf(Outcome.Authenticated.class,
                    f.validate(f.minter().claim("typ", "ID").claim("nonce", "n").claim("at_hash", "h").sign()));
        }
    }

    @Test
    void requiredClaimsMustBePresent() {
        try (GateFixture f = GateFixture.start(b -> b.requiredClaims(List.of("jti", "tenant")))) {
            assertEquals(Outcome.rejected(Reason.MISSING_CLAIM), f.validate(f.minter().claim("jti", "1").sign()));
            assertInstanceOf(Outcome.Authenticated.class,
                    f.validate(f.minter().claim("jti", "1").claim("tenant", "acme").sign()));
        }
    }

    @Test
    void principalAndRolesComeFromConfiguredClaimPaths() {
        try (GateFixture f = GateFixture.start(b -> b.principalClaim("preferred_username")
                .roleClaims(List.of("realm_access.roles", "resource_access.orders.roles", "scope", "roles")))) {
            String token = f.minter().claim("preferred_username", "alice@example.com")
                    .claim("realm_access", Map.of("roles", List.of("admin", "user")))
                    .claim("resource_access", Map.of("orders", Map.of("roles", List.of("orders-manager"))))
                    .claim("roles", "not-a-list-but-a-string")
                    .scope("orders:read").sign();
            JwtPrincipal p = assertInstanceOf(Outcome.Authenticated.class, f.validate(token)).principal();
            assertEquals("alice@example.com", p.getName());
            assertEquals(Set.of("admin", "user", "orders-manager", "orders:read", "not-a-list-but-a-string"), p.roles());
            assertEquals(Set.of("orders:read"), p.scopes());
            assertEquals(List.of("admin", "user"), ((Map<?, ?>) p.claims().get("realm_access")).get("roles"));
        }
    }

    @Test
    void scpArraysAreScopesAndRoleValuesOfAnotherTypeAreMalformed() {
        try (GateFixture f = GateFixture.start()) {
            String token = f.minter().claim("scp", List.of("a", "b")).claim("groups", List.of("x")).sign();
            JwtPrincipal p = assertInstanceOf(Outcome.Authenticated.class, f.validate(token)).principal();
            assertEquals(Set.of("a", "b"), p.scopes());
            assertEquals(Set.of("x"), p.roles());
            // A role list the issuer did not mean (numbers, objects) is refused, not read in part.
            assertEquals(Outcome.rejected(Reason.MALFORMED_CLAIM),
                    f.validate(f.minter().claim("groups", List.of("x", 3, Map.of())).sign()));
        }
    }

    @Test
    void severalIssuersEachValidateWithTheirOwnKeysOnly() {
        try (LocalIssuer other = LocalIssuer.start("tenant-b", TestKeys.ec("P-256"));
                GateFixture f = GateFixture.start(b -> b.issuer(other.issuer(), other.jwksUri()))) {
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().sign()));
            TokenMinter b = other.minter().audience(GateFixture.AUDIENCE).subject("bob").clock(f.clock);
            assertInstanceOf(Outcome.Authenticated.class, f.validate(b.sign()));
            // tenant B's key, tenant A's issuer: looked up in A's key set only
            assertEquals(Outcome.rejected(Reason.UNKNOWN_KEY), f.validate(b.issuer(f.issuer.issuer()).sign()));
            // A's key with B's kid
            assertEquals(Outcome.rejected(Reason.UNKNOWN_KEY),
                    f.validate(f.minter().kid(other.currentKey().getKeyId()).sign()));
        }
    }
}
