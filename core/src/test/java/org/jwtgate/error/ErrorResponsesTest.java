package org.jwtgate.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {
    private final ErrorResponses responses = new ErrorResponses("api", Duration.ofSeconds(30));

    @Test
    void noCredentialsIsA401WithABareChallenge() {
        ErrorResponse r = responses.noCredentials();
        assertEquals(401, r.status());
        assertEquals("Bearer realm=\"api\"", r.wwwAuthenticate());
        assertEquals("no-store", r.headers().get("Cache-Control"));
    }

    @Test
    void requestErrorsAre400InvalidRequest() {
        ErrorResponse r = responses.rejected(Reason.MULTIPLE_TOKENS);
        assertEquals(400, r.status());
        assertEquals("Bearer realm=\"api\", error=\"invalid_request\", "
                + "error_description=\"The bearer token was sent in more than one way\"", r.wwwAuthenticate());
        assertEquals("{\"error\":\"invalid_request\",\"error_description\":"
                + "\"The bearer token was sent in more than one way\"}", r.body());
    }

    @Test
    void tokenErrorsAre401InvalidToken() {
        ErrorResponse r = responses.rejected(Reason.EXPIRED);
        assertEquals(401, r.status());
        assertEquals("Bearer realm=\"api\", error=\"invalid_token\", error_description=\"The token has expired\"",
                r.wwwAuthenticate());
    }

    @Test
    void insufficientScopeIsA403NamingTheScopes() {
        ErrorResponse r = responses.insufficientScope(Reason.MISSING_SCOPE, "orders:read", "orders:write");
        assertEquals(403, r.status());
        assertEquals("Bearer realm=\"api\", error=\"insufficient_scope\", "
                + "error_description=\"The token lacks a required scope\", scope=\"orders:read orders:write\"",
                r.wwwAuthenticate());
    }

    @Test
    void keysUnavailableIsA503WithRetryAfterAndNoChallenge() {
        ErrorResponse r = responses.keysUnavailable();
        assertEquals(503, r.status());
        assertEquals("30", r.headers().get("Retry-After"));
        assertNull(r.wwwAuthenticate());
    }

    @Test
    void internalErrorIsA500WithAFixedBodyAndNoChallenge() {
        ErrorResponse r = responses.internalError();
        assertEquals(500, r.status());
        assertNull(r.wwwAuthenticate());
        assertEquals("no-store", r.headers().get("Cache-Control"));
        assertEquals("{\"error\":\"server_error\",\"error_description\":"
                + "\"The request could not be checked because of an internal error\"}", r.body());
        assertEquals(r, new ErrorResponses("other", Duration.ofSeconds(5)).internalError(), "the same whatever the realm");
    }

    @Test
    void everyReasonDescriptionIsInTheRfc6750Charset() {
        for (Reason reason : Reason.values()) {
            assertTrue(RfcCharset.isErrorText(reason.description()), reason.name());
            assertEquals(reason.code().status(), reason.status());
        }
    }

    @Test
    void refusesRealmsAndScopesOutsideTheCharset() {
        assertThrows(IllegalArgumentException.class, () -> new ErrorResponses("a\"b", Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new ErrorResponses("a\r\nX: y", Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> responses.insufficientScope(Reason.MISSING_SCOPE, "a\"b"));
        assertThrows(IllegalArgumentException.class, () -> responses.insufficientScope(Reason.MISSING_SCOPE, "a b"));
    }
}
