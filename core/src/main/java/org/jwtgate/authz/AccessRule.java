package org.jwtgate.authz;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jwtgate.error.RfcCharset;
import org.jwtgate.stepup.StepUp;

/**
 * What a resource requires of its caller, as declared by the application (for example with
 * {@code @RolesAllowed}, {@code @PermitAll}, {@code @DenyAll} and scope annotations). Immutable;
 * built once per resource at deployment, so a bad declaration fails deployment, never a request.
 *
 * <ul>
 * <li>{@link #PATH_POLICY}: nothing declared; the gate's {@code protected-paths},
 * {@code excluded-paths} and {@code mode} decide.</li>
 * <li>{@link #PERMIT_ALL}: anyone, with or without a token (a token that is sent must still be
 * valid on a protected path).</li>
 * <li>{@link #DENY_ALL}: nobody.</li>
 * <li>{@link #requires}: an authenticated caller holding one of the roles (if any are named) and
 * every scope (if any are named). The role {@value #ANY_AUTHENTICATED} means any authenticated
 * caller, as in Servlet 6.0 §13.3.</li>
 * </ul>
 * A rule may also carry a {@link #stepUp() step-up requirement} (RFC 9470), which applies, attribute by
 * attribute, over the engine's for the request's path ({@code required-acr}, {@code max-auth-age}).
 */
public final class AccessRule {
    /** The role name that every authenticated caller holds. */
    public static final String ANY_AUTHENTICATED = "**";

    /** The kinds of rule. */
    public enum Kind { PATH_POLICY, PERMIT_ALL, DENY_ALL, AUTHENTICATED }

    /** Nothing declared: the path policy and mode of the configuration apply. */
    public static final AccessRule PATH_POLICY = new AccessRule(Kind.PATH_POLICY, Set.of(), Set.of(), StepUp.NONE);
    /** Anyone may call. */
    public static final AccessRule PERMIT_ALL = new AccessRule(Kind.PERMIT_ALL, Set.of(), Set.of(), StepUp.NONE);
    /** Nobody may call. */
    public static final AccessRule DENY_ALL = new AccessRule(Kind.DENY_ALL, Set.of(), Set.of(), StepUp.NONE);

    private final Kind kind;
    private final Set<String> roles;
    private final Set<String> scopes;
    private final StepUp stepUp;

    private AccessRule(Kind kind, Set<String> roles, Set<String> scopes, StepUp stepUp) {
        this.kind = kind;
        this.roles = roles;
        this.scopes = scopes;
        this.stepUp = stepUp;
    }

    /**
     * An authenticated caller with one of {@code anyOfRoles} (none: any role) and all of
     * {@code allOfScopes}. Scopes must be RFC 6750 §3 scope-tokens, since they are written into the
     * {@code scope} attribute of the challenge.
     *
     * @throws IllegalArgumentException for a blank role or a scope that is not a scope-token
     */
    public static AccessRule requires(Collection<String> anyOfRoles, Collection<String> allOfScopes) {
        for (String role : anyOfRoles) {
            if (role == null || role.isBlank()) {
                throw new IllegalArgumentException("a required role is blank");
            }
        }
        for (String scope : allOfScopes) {
            if (!RfcCharset.isScopeToken(scope)) {
                throw new IllegalArgumentException("required scope '" + scope
                        + "' is not an RFC 6750 scope-token (printable ASCII without space, '\"' or '\\')");
            }
        }
        return new AccessRule(Kind.AUTHENTICATED, Collections.unmodifiableSet(new LinkedHashSet<>(anyOfRoles)),
                Collections.unmodifiableSet(new LinkedHashSet<>(allOfScopes)), StepUp.NONE);
    }

    /**
     * This rule with {@code stepUp} as its step-up requirement (RFC 9470), which applies over the engine's
     * requirement for the request's path. Only a rule that needs a caller ({@link #requires}) carries one.
     *
     * @throws IllegalArgumentException for a rule that does not need a caller
     */
    public AccessRule withStepUp(StepUp stepUp) {
        if (kind != Kind.AUTHENTICATED && !stepUp.isNone()) {
            throw new IllegalArgumentException("a step-up requirement needs an authenticated caller, not " + kind);
        }
        return new AccessRule(kind, roles, scopes, java.util.Objects.requireNonNull(stepUp, "stepUp"));
    }

    /** The step-up requirement the resource declares; {@link StepUp#NONE} when it declares none. */
    public StepUp stepUp() {
        return stepUp;
    }

    public Kind kind() {
        return kind;
    }

    /** The roles of which the caller needs one; empty when no role is required. */
    public Set<String> roles() {
        return roles;
    }

    /** The scopes the caller needs, all of them, in declaration order. */
    public Set<String> scopes() {
        return scopes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccessRule r && kind == r.kind && roles.equals(r.roles) && scopes.equals(r.scopes)
                && stepUp.equals(r.stepUp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, roles, scopes, stepUp);
    }

    @Override
    public String toString() {
        return kind == Kind.AUTHENTICATED ? "AccessRule[roles=" + roles + ", scopes=" + scopes
                + (stepUp.isNone() ? "" : ", " + stepUp) + "]"
                : "AccessRule[" + kind + "]";
    }
}
