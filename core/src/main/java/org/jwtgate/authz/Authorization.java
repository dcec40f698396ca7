package org.jwtgate.authz;

import java.util.Objects;
import java.util.Optional;
import org.jwtgate.Decision;
import org.jwtgate.JwtGate;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.Outcome;
import org.jwtgate.error.ErrorResponses;
import org.jwtgate.error.Reason;
import org.jwtgate.token.BearerRequest;

/**
 * Decides access to a resource with an {@link AccessRule}, in two steps that every adapter takes in
 * the same way, so that the servlet and JAX-RS paths answer the same request identically:
 *
 * <ol>
 * <li>{@link #authenticate}: who the caller is (validating the token at most once per request);</li>
 * <li>{@link #authorize}: whether that caller may proceed. Without a principal the answer is the
 * bare 401 challenge (RFC 6750 §3.1); with one that lacks a role or scope it is 403
 * {@code insufficient_scope}, naming the required scopes in the {@code scope} attribute when
 * scopes are missing (RFC 6750 §3.1).</li>
 * </ol>
 * Every refusal comes from {@link ErrorResponses}.
 */
public final class Authorization {
    private Authorization() {
    }

    /**
     * Authenticates the request at {@code path} for a resource with {@code rule}.
     *
     * <p>A decision {@code stored} by an adapter that already looked at this request (the
     * {@link org.jwtgate.RequestAttributes#DECISION} attribute) is reused when it is a refusal, or
     * authenticated under this engine's very policy by an issuer this engine trusts for this request
     * (on a tenant route, the issuer of the tenant the request names; {@link JwtGate#reuses}), so the
     * token is not validated again; an anonymous one, or one
     * accepted under another policy or for another tenant, is reconsidered.
     *
     * <ul>
     * <li>{@link AccessRule#PATH_POLICY}: {@link JwtGate#decide(String, BearerRequest)}, i.e. the
     * protected/excluded paths and the mode;</li>
     * <li>{@link AccessRule#PERMIT_ALL}: as {@code mode=optional} on a protected path (no token:
     * anonymous; a bad token is refused), untouched on an unprotected one;</li>
     * <li>rules that need a caller: the token is checked whatever the path; no token is anonymous
     * here and refused by {@link #authorize}. With {@code enabled=false} no token is checked.</li>
     * </ul>
     *
     * @param stored the decision already stored for the request, or null
     */
    public static Decision authenticate(JwtGate gate, String path, BearerRequest request, AccessRule rule,
            Decision stored) {
        Objects.requireNonNull(rule, "rule");
        if (stored instanceof Decision.Respond) {
            return stored;
        }
        if (stored instanceof Decision.Proceed p && gate.reuses(p, path, request)) {
            return stored;
        }
        switch (rule.kind()) {
            case PATH_POLICY:
                return gate.decide(path, request);
            case PERMIT_ALL:
                if (!gate.isProtected(path)) {
                    return Decision.ANONYMOUS;
                }
                break;
            default:
                if (!gate.config().enabled()) {
                    return Decision.ANONYMOUS;
                }
        }
        Outcome outcome = gate.authenticate(path, request);
        return outcome instanceof Outcome.NoCredentials ? Decision.ANONYMOUS : gate.decide(outcome);
    }

    /**
     * Applies {@code rule} to the result of {@link #authenticate}: a refusal stays a refusal; an
     * allowed caller gets {@code authenticated} back; otherwise the refusal (401 or 403).
     */
    public static Decision authorize(ErrorResponses responses, Decision authenticated, AccessRule rule) {
        if (authenticated instanceof Decision.Respond) {
            return authenticated;
        }
        Optional<JwtPrincipal> principal = ((Decision.Proceed) authenticated).principal();
        switch (rule.kind()) {
            case PATH_POLICY:
            case PERMIT_ALL:
                return authenticated;
            default:
                break;
        }
        if (principal.isEmpty()) {
            return new Decision.Respond(responses.noCredentials());
        }
        JwtPrincipal p = principal.get();
        if (rule.kind() == AccessRule.Kind.DENY_ALL) {
            return new Decision.Respond(responses.insufficientScopeFor(p.issuer(), p.scheme(), Reason.MISSING_ROLE));
        }
        if (!rule.roles().isEmpty() && rule.roles().stream().noneMatch(role -> isUserInRole(p, role))) {
            return new Decision.Respond(responses.insufficientScopeFor(p.issuer(), p.scheme(), Reason.MISSING_ROLE));
        }
        if (!p.scopes().containsAll(rule.scopes())) {
            return new Decision.Respond(responses.insufficientScopeFor(p.issuer(), p.scheme(), Reason.MISSING_SCOPE,
                    rule.scopes().toArray(String[]::new)));
        }
        return authenticated;
    }

    /** Whether {@code principal} is in {@code role}: one of its roles, or {@value AccessRule#ANY_AUTHENTICATED}. */
    public static boolean isUserInRole(JwtPrincipal principal, String role) {
        return role != null && (AccessRule.ANY_AUTHENTICATED.equals(role) || principal.hasRole(role));
    }
}
