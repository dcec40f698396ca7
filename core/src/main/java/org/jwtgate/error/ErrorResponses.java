package org.jwtgate.error;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Renders refusals (RFC 6750 §3). The only place that writes {@code WWW-Authenticate}; every value
 * it writes is either configuration checked at startup or a fixed {@link Reason} text, so nothing
 * needs escaping and nothing from a request can reach the header or the body.
 */
public final class ErrorResponses {
    private static final String NO_STORE = "no-store";

    private final String realm;
    private final String retryAfterSeconds;
    private final ErrorResponse noCredentials;
    private final ErrorResponse keysUnavailable;
    private final ErrorResponse unknownTenant;
    private final ErrorResponse internalError;
    private final Challenges challenges;
    private final Map<Scheme, Map<Reason, ErrorResponse>> byReason = new java.util.EnumMap<>(Scheme.class);
    private final BiConsumer<Reason, String> onForbidden;

    /**
     * @param realm the {@code realm} attribute, checked against the RFC 6750 charset
     * @param retryAfter the {@code Retry-After} of a 503, rounded up to whole seconds
     */
    public ErrorResponses(String realm, Duration retryAfter) {
        this(realm, retryAfter, null);
    }

    /**
     * @param onForbidden told the reason of each 403 rendered, and of each step-up refusal
     *     ({@link #insufficientUserAuthentication}), and the issuer of the caller refused (null when not given),
     *     for the engine's metrics ({@code null}: nobody)
     */
    public ErrorResponses(String realm, Duration retryAfter, BiConsumer<Reason, String> onForbidden) {
        this(realm, retryAfter, onForbidden, checkedRealm(realm));
    }

    /**
     * @param challenges the schemes offered (Bearer, DPoP) and their attributes
     */
    public ErrorResponses(String realm, Duration retryAfter, BiConsumer<Reason, String> onForbidden, Challenges challenges) {
        this.onForbidden = onForbidden;
        checkedRealm(realm);
        this.realm = realm;
        this.challenges = Objects.requireNonNull(challenges, "challenges");
        long secs = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        this.retryAfterSeconds = Long.toString(secs);
        this.noCredentials = build(401, challenges.bare(),
                json("unauthorized", "A bearer token is required"));
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Retry-After", retryAfterSeconds);
        h.put("Cache-Control", NO_STORE);
        this.keysUnavailable = new ErrorResponse(503, h,
                json("temporarily_unavailable", "The token issuer keys are temporarily unavailable"));
        this.unknownTenant = new ErrorResponse(404, Map.of("Cache-Control", NO_STORE),
                json("not_found", "The request names no known tenant"));
        this.internalError = new ErrorResponse(500, Map.of("Cache-Control", NO_STORE),
                json("server_error", "The request could not be checked because of an internal error"));
        for (Scheme scheme : Scheme.values()) {
            Map<Reason, ErrorResponse> m = new java.util.EnumMap<>(Reason.class);
            for (Reason r : Reason.values()) {
                if (r.code() != BearerErrorCode.INSUFFICIENT_SCOPE) {
                    m.put(r, build(r.status(), challenge(scheme, r, null), json(r.code().code(), r.description())));
                }
            }
            byReason.put(scheme, m);
        }
    }

    private static Challenges checkedRealm(String realm) {
        if (!RfcCharset.isErrorText(realm)) {
            throw new IllegalArgumentException("realm must be printable ASCII without '\"' or '\\'");
        }
        return Challenges.bearer(realm);
    }

    /** The challenges offered. */
    public Challenges challenges() {
        return challenges;
    }

    /** The realm, as configured. */
    public String realm() {
        return realm;
    }

    /** 401 with a bare challenge (RFC 6750 §3.1: no error attribute when no token was sent). */
    public ErrorResponse noCredentials() {
        return noCredentials;
    }

    /** 503 with {@code Retry-After} and no challenge: the server's problem, not the token's. */
    public ErrorResponse keysUnavailable() {
        return keysUnavailable;
    }

    /**
     * 404 without a challenge, on a tenant-bound route whose request names no known tenant: no token
     * can be valid there, and the answer is the same with or without one.
     */
    public ErrorResponse unknownTenant() {
        return unknownTenant;
    }

    /**
     * 500 without a challenge: what an adapter answers when the engine failed unexpectedly (a bug,
     * see {@link InternalErrorLog}). Not a statement about the credentials, so no
     * {@code WWW-Authenticate} that would invite the client to try others; the body names nothing
     * of the failure.
     */
    public ErrorResponse internalError() {
        return internalError;
    }

    /** The response for a request-level or token-level reason (400 or 401), for a Bearer request. */
    public ErrorResponse rejected(Reason reason) {
        return rejected(reason, Scheme.BEARER);
    }

    /**
     * The response for a request-level, token-level or proof-level reason (400 or 401), the error on
     * the challenge of {@code scheme}, the scheme the request used (RFC 9449 §7.1).
     */
    public ErrorResponse rejected(Reason reason, Scheme scheme) {
        Objects.requireNonNull(reason, "reason");
        if (reason.code() == BearerErrorCode.INSUFFICIENT_SCOPE) {
            return insufficientScope(reason, new String[0]);
        }
        return byReason.get(Objects.requireNonNull(scheme, "scheme")).get(reason);
    }

    /**
     * 403 {@code insufficient_scope}, naming the scopes the resource needs (RFC 6750 §3.1). Each
     * scope must be a scope-token; callers pass configuration, never request data.
     */
    public ErrorResponse insufficientScope(Reason reason, String... requiredScopes) {
        return insufficientScopeFor(null, reason, requiredScopes);
    }

    /**
     * As {@link #insufficientScope}, for a caller accepted for {@code issuer} (its principal's issuer, a
     * trusted one), which the engine's metrics attribute the 403 to.
     */
    public ErrorResponse insufficientScopeFor(String issuer, Reason reason, String... requiredScopes) {
        return insufficientScopeFor(issuer, Scheme.BEARER, reason, requiredScopes);
    }

    /**
     * As {@link #insufficientScopeFor(String, Reason, String...)}, for a caller that authenticated with
     * {@code scheme}: the error goes on that scheme's challenge (RFC 9449 §7.1), e.g. {@code DPoP}.
     */
    public ErrorResponse insufficientScopeFor(String issuer, Scheme scheme, Reason reason, String... requiredScopes) {
        if (reason.code() != BearerErrorCode.INSUFFICIENT_SCOPE) {
            throw new IllegalArgumentException("not an insufficient_scope reason: " + reason);
        }
        for (String s : requiredScopes) {
            if (!RfcCharset.isScopeToken(s)) {
                throw new IllegalArgumentException("not an RFC 6750 scope-token");
            }
        }
        String scope = Arrays.stream(requiredScopes).collect(Collectors.joining(" "));
        if (onForbidden != null) {
            onForbidden.accept(reason, issuer);
        }
        return build(reason.status(), challenge(scheme, reason, scope.isEmpty() ? null : scope),
                json(reason.code().code(), reason.description()));
    }

    /**
     * The refusal of a caller whose token was accepted for {@code issuer} but falls short of a step-up
     * requirement (RFC 9470 §3), the error on the challenge of {@code scheme}, the scheme the request used:
     * 401 {@code insufficient_user_authentication} naming the requirement in {@code acr_values} (the
     * acceptable {@code acr}s, space-separated) and/or {@code max_age} (seconds), or, for a token whose
     * {@code acr} or {@code auth_time} is malformed, the fixed {@link Reason#MALFORMED_CLAIM} refusal. Both are
     * counted like a 403 ({@code onForbidden}), since the token itself was counted as accepted.
     *
     * @param acrValues the required {@code acr}s, space-separated (configuration), or null
     * @param maxAge the maximum authentication age in seconds (configuration), or null
     */
    public ErrorResponse insufficientUserAuthentication(String issuer, Scheme scheme, Reason reason, String acrValues,
            String maxAge) {
        Objects.requireNonNull(scheme, "scheme");
        if (reason != Reason.INSUFFICIENT_USER_AUTHENTICATION && reason != Reason.MALFORMED_CLAIM) {
            throw new IllegalArgumentException("not a step-up reason: " + reason);
        }
        if (onForbidden != null) {
            onForbidden.accept(reason, issuer);
        }
        if (reason == Reason.MALFORMED_CLAIM) {
            return byReason.get(scheme).get(reason);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        if (acrValues != null) {
            attributes.put("acr_values", acrValues);
        }
        if (maxAge != null) {
            attributes.put("max_age", maxAge);
        }
        return build(reason.status(), challenges.withError(scheme, reason.code().code(), reason.description(), attributes),
                json(reason.code().code(), reason.description()));
    }

    private String challenge(Scheme scheme, Reason reason, String scope) {
        return challenges.withError(scheme, reason.code().code(), reason.description(), scope);
    }

    private static ErrorResponse build(int status, String challenge, String body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("WWW-Authenticate", challenge);
        h.put("Cache-Control", NO_STORE);
        return new ErrorResponse(status, h, body);
    }

    // Both values are fixed ASCII without quotes or backslashes, so no JSON escaping is needed.
    private static String json(String error, String description) {
        return "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}";
    }
}
