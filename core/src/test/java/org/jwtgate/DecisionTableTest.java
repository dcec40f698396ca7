package org.jwtgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import org.jwtgate.config.Mode;
import org.jwtgate.error.ErrorResponse;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DESIGN.md's status table, row by row, at the engine every adapter calls. */
class DecisionTableTest {
    private static final String REALM = "orders";
    private static GateFixture f;

    @BeforeAll
    static void start() {
        f = GateFixture.start(b -> b.realm(REALM).queryParameter(true).protectedPaths(List.of("/api/*"))
                .excludedPaths(List.of("/api/health")));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static ErrorResponse refused(TestRequest request) {
        return assertInstanceOf(Decision.Respond.class, f.gate.decide("/api/orders", request)).response();
    }

    private static void assertInvalidToken(Reason reason, ErrorResponse r) {
        assertEquals(401, r.status());
        assertEquals("Bearer realm=\"orders\", error=\"invalid_token\", error_description=\"" + reason.description() + "\"",
                r.wwwAuthenticate());
    }

    @Test
    void noTokenOrAnotherSchemeIs401WithABareChallenge() {
        for (TestRequest r : List.of(TestRequest.create(), TestRequest.create().header("Authorization", "Basic dTpw"))) {
            ErrorResponse resp = refused(r);
            assertEquals(401, resp.status());
            assertEquals("Bearer realm=\"orders\"", resp.wwwAuthenticate());
        }
    }

    @Test
    void tokenSentTwiceOrEmptyParameterIs400InvalidRequest() {
        String token = f.minter().sign();
        ErrorResponse twice = refused(TestRequest.bearer(token).query("access_token", token));
        assertEquals(400, twice.status());
        assertEquals("Bearer realm=\"orders\", error=\"invalid_request\", "
                + "error_description=\"The bearer token was sent in more than one way\"", twice.wwwAuthenticate());
        ErrorResponse empty = refused(TestRequest.create().query("access_token", ""));
        assertEquals(400, empty.status());
        assertEquals("Bearer realm=\"orders\", error=\"invalid_request\", "
                + "error_description=\"The access_token parameter is empty\"", empty.wwwAuthenticate());
    }

    @Test
    void badTokensAre401InvalidToken() {
        String token = f.minter().sign();
        assertInvalidToken(Reason.MALFORMED_HEADER, refused(TestRequest.create().header("Authorization", "Bearer a b")));
        assertInvalidToken(Reason.MALFORMED_TOKEN, refused(TestRequest.bearer("abc")));
        assertInvalidToken(Reason.BAD_SIGNATURE, refused(TestRequest.bearer(TokenMinter.flipSignatureBit(token))));
        assertInvalidToken(Reason.UNKNOWN_KEY, refused(TestRequest.bearer(f.minter().kid("nope").sign())));
        assertInvalidToken(Reason.ALGORITHM_NOT_ALLOWED, refused(TestRequest.bearer(f.minter().unsigned())));
        assertInvalidToken(Reason.UNTRUSTED_ISSUER, refused(TestRequest.bearer(f.minter().issuer("https://x").sign())));
        assertInvalidToken(Reason.WRONG_AUDIENCE, refused(TestRequest.bearer(f.minter().audience("x").sign())));
        assertInvalidToken(Reason.EXPIRED, refused(TestRequest.bearer(
                f.minter().issuedAt(f.clock.instant().minusSeconds(600)).expiresAt(f.clock.instant().minusSeconds(540)).sign())));
        assertInvalidToken(Reason.NOT_YET_VALID, refused(TestRequest.bearer(
                f.minter().notBefore(f.clock.instant().plusSeconds(600)).expiresAt(f.clock.instant().plusSeconds(1200)).sign())));
        assertInvalidToken(Reason.MISSING_CLAIM, refused(TestRequest.bearer(f.minter().withoutExpiry().sign())));
        assertInvalidToken(Reason.TOKEN_TOO_LONG, refused(TestRequest.bearer("a".repeat(16 * 1024 + 1))));
    }

    @Test
    void lackingAScopeIs403InsufficientScope() {
        ErrorResponse r = f.gate.responses().insufficientScope(Reason.MISSING_SCOPE, "orders:write");
        assertEquals(403, r.status());
        assertEquals("Bearer realm=\"orders\", error=\"insufficient_scope\", "
                + "error_description=\"The token lacks a required scope\", scope=\"orders:write\"", r.wwwAuthenticate());
    }

    @Test
    void keysUnavailableIs503WithRetryAfterAndNoChallenge() {
        try (GateFixture down = GateFixture.start(b -> b.retryAfter(Duration.ofSeconds(12)))) {
            down.issuer.outage(true);
            ErrorResponse r = assertInstanceOf(Decision.Respond.class,
                    down.gate.decide("/x", TestRequest.bearer(down.minter().sign()))).response();
            assertEquals(503, r.status());
            assertEquals("12", r.headers().get("Retry-After"));
            assertNull(r.wwwAuthenticate());
        }
    }

    @Test
    void validTokenProceedsWithItsPrincipal() {
        Decision d = f.gate.decide("/api/orders", TestRequest.bearer(f.minter().sign()));
        assertEquals("alice", assertInstanceOf(Decision.Proceed.class, d).principal().orElseThrow().getName());
    }

    @Test
    void unprotectedAndExcludedPathsProceedWithoutLookingAtTheRequest() {
        assertEquals(Decision.ANONYMOUS, f.gate.decide("/public", TestRequest.bearer("garbage")));
        assertEquals(Decision.ANONYMOUS, f.gate.decide("/api/health", TestRequest.create()));
    }

    @Test
    void optionalModeLetsAnonymousRequestsThroughButStillRefusesBadTokens() {
        try (GateFixture opt = GateFixture.start(b -> b.mode(Mode.OPTIONAL))) {
            assertEquals(Decision.ANONYMOUS, opt.gate.decide("/x", TestRequest.create()));
            assertEquals(401, assertInstanceOf(Decision.Respond.class,
                    opt.gate.decide("/x", TestRequest.bearer("bad"))).response().status());
        }
    }

    @Test
    void disabledGateIsAPassThrough() {
        try (GateFixture off = GateFixture.start(b -> b.enabled(false))) {
            assertEquals(Decision.ANONYMOUS, off.gate.decide("/x", TestRequest.bearer("bad")));
        }
    }
}
