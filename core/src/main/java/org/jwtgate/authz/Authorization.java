package org.jwtgate.authz;

import java.util.Objects;
import java.util.Optional;
import org.jwtgate.Decision;
import org.jwtgate.JwtGate;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.Outcome;
import org.jwtgate.error.ErrorResponses;
import org.jwtgate.dpop.SenderConstraint;
import org.jwtgate.error.Reason;
import org.jwtgate.stepup.StepUp;
import org.jwtgate.token.BearerRequest;

/**
 * Decides access to a resource with an {@link AccessRule}, in two steps that every adapter takes in
 * the same way, so that the servlet and JAX-RS paths answer the same request identically:
 *
 * <ol>
 * <li>{@link #authenticate}: who the caller is (validating the token at most once per request), and
 * whether that caller authenticated strongly and recently enough for the resource (RFC 9470 step-up: 401
 * {@code insufficient_user_authentication} naming {@code acr_values} and/or {@code max_age});</li>
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
     * An authenticated caller, reused or not, must then meet the step-up requirement at {@code path}: the
     * rule's ({@link AccessRule#stepUp()}) over the engine's ({@link JwtGate#stepUp(String)}), each attribute
     * from the more specific; an anonymous decision is left to the mode and the rule.
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
            return steppedUp(gate, path, rule, stored);
        }
        return steppedUp(gate, path, rule, identify(gate, path, request, rule));
    }

    /**
     * {@code decided}, unless it is a caller who falls short of the step-up requirement (RFC 9470) at
     * {@code path}: the rule's over the engine's for the path ({@link StepUp#over}). A decision reused from
     * another look at the request is checked again, since its requirement may have been another.
     */
    private static Decision steppedUp(JwtGate gate, String path, AccessRule rule, Decision decided) {
        if (!(decided instanceof Decision.Proceed proceed) || proceed.principal().isEmpty()) {
            return decided;
        }
        StepUp required = rule.stepUp().over(gate.stepUp(path));
        if (required.isNone()) {
            return decided;
        }
        JwtPrincipal p = proceed.principal().get();
        Reason refused = required.check(p.claims(), gate.config().clock().instant(), gate.config().clockSkew());
        if (refused == null) {
            return decided;
        }
        return new Decision.Respond(gate.responses().insufficientUserAuthentication(p.issuer(),
                SenderConstraint.schemeOf(p), refused, required.acrValues(), required.maxAgeValue()));
    }

    private static Decision identify(JwtGate gate, String path, BearerRequest request, AccessRule rule) {
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
