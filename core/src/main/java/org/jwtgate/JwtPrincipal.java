package org.jwtgate;

import java.io.Serializable;
import java.security.Principal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jwtgate.error.Scheme;

/**
 * The authenticated caller: the principal name (from the configured claim, {@code sub} by default),
 * the verified claims, the roles read from the configured role claims and the scopes of the
 * {@code scope}/{@code scp} claim.
 *
 * <p>{@link #toString()} never shows the token or the claims.
 */
public final class JwtPrincipal implements Principal, Serializable {
    /**
     * The authentication scheme of a caller authenticated by a bearer token, which every adapter
     * reports: {@code getAuthType()} of the servlet filter and the Jakarta Authentication module,
     * {@code getAuthenticationScheme()} of the JAX-RS {@code SecurityContext}.
     */
    public static final String AUTH_TYPE = "Bearer";
    /** The authentication scheme of a caller authenticated by a DPoP-bound token and its proof (RFC 9449). */
    public static final String DPOP_AUTH_TYPE = "DPoP";

    private static final long serialVersionUID = 1L;

    private final String name;
    private final String issuer;
    private final Map<String, Object> claims;
    private final Set<String> roles; // null: read from the claims on first use (derived)
    private final Set<String> scopes; // null: likewise
    private final transient Derived derived;
    private final transient String token;
    private final Scheme scheme;

    /**
     * A principal over unmodifiable copies of {@code claims} (deep), {@code roles} and {@code scopes},
     * in their order. The copies are compact (small maps and sets as arrays, recurring strings
     * shared), since principals may live long in the engine's token cache.
     */
    public JwtPrincipal(String name, String issuer, Map<String, Object> claims, Set<String> roles,
            Set<String> scopes, String token) {
        this(name, issuer, CompactClaims.map(claims), CompactClaims.set(roles), CompactClaims.set(scopes), token, true);
    }

    private JwtPrincipal(String name, String issuer, Map<String, Object> claims, Set<String> roles,
            Set<String> scopes, String token, boolean checked) {
        this(name, issuer, claims, roles, scopes, null, token, Scheme.BEARER);
    }

    private JwtPrincipal(String name, String issuer, Map<String, Object> claims, Set<String> roles,
            Set<String> scopes, Derived derived, String token, Scheme scheme) {
        this.name = Objects.requireNonNull(name, "name");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.claims = claims;
        this.roles = roles;
        this.scopes = scopes;
        this.derived = derived;
        this.token = token;
        this.scheme = Objects.requireNonNull(scheme, "scheme");
    }

    /**
     * A principal that takes over freshly parsed, mutable collections that nothing else references:
     * {@code claims} is made unmodifiable in place, nested JSON objects and arrays included, and the
     * sets are wrapped, instead of being copied. For validators that own the map their JSON parser
     * just returned and do not keep the principal (the engine with its token cache off); everyone
     * else uses the constructor. Collections that cannot be changed in place are copied.
     */
    public static JwtPrincipal adopt(String name, String issuer, Map<String, Object> claims, Set<String> roles,
            Set<String> scopes, String token) {
        Map<String, Object> frozen;
        try {
            frozen = freeze(claims);
        } catch (UnsupportedOperationException e) {
            frozen = CompactClaims.map(claims);
        }
        return new JwtPrincipal(name, issuer, frozen, Collections.unmodifiableSet(roles),
                Collections.unmodifiableSet(scopes), token, true);
    }

    /**
     * A principal that takes over {@code claims} as {@link #adopt(String, String, Map, Set, Set, String)}
     * does, whose roles and scopes are read from its (unmodifiable) claims by {@code roles} and
     * {@code scopes} when first asked for, once, and shared by its copies ({@link #withToken},
     * {@link #withScheme}): for validators that answer many requests that never ask. The functions
     * must not fail and must give the same answer whenever called (the claims cannot change); the
     * sets they return are taken over and made unmodifiable.
     */
    public static JwtPrincipal adoptLazily(String name, String issuer, Map<String, Object> claims,
            Function<Map<String, Object>, Set<String>> roles, Function<Map<String, Object>, Set<String>> scopes,
            String token) {
        Map<String, Object> frozen;
        try {
            frozen = freeze(claims);
        } catch (UnsupportedOperationException e) {
            frozen = CompactClaims.map(claims);
        }
        return new JwtPrincipal(name, issuer, frozen, null, null,
                new Derived(frozen, Objects.requireNonNull(roles, "roles"), Objects.requireNonNull(scopes, "scopes")),
                token, Scheme.BEARER);
    }

    /**
     * This principal carrying {@code token} instead (sharing everything else): a cache of verified
     * tokens keeps principals without the token text and hands each request its own.
     */
    public JwtPrincipal withToken(String token) {
        return new JwtPrincipal(name, issuer, claims, roles, scopes, derived, token, scheme());
    }

    /** This principal authenticated with {@code scheme} instead (sharing everything else). */
    public JwtPrincipal withScheme(Scheme scheme) {
        return scheme == scheme() ? this : new JwtPrincipal(name, issuer, claims, roles, scopes, derived, token, scheme);
    }

    /**
     * The scheme the caller authenticated with: {@link Scheme#BEARER}, or {@link Scheme#DPOP} for a
     * DPoP-bound token with a valid proof. The challenge of a 403 refusing this caller carries its error.
     */
    public Scheme scheme() {
        return scheme == null ? Scheme.BEARER : scheme; // null: serialized before the field existed
    }

    /**
     * What the adapters report as the authentication type ({@code getAuthType()},
     * {@code getAuthenticationScheme()}): {@value #AUTH_TYPE} or {@value #DPOP_AUTH_TYPE}.
     */
    public String authType() {
        return scheme().token();
    }

    @Override
    public String getName() {
        return name;
    }

    /** The verified {@code iss}. */
    public String issuer() {
        return issuer;
    }

    /** All verified claims, unmodifiable (JSON objects as maps, arrays as lists). */
    public Map<String, Object> claims() {
        return claims;
    }

    /** One claim, if present. */
    public Optional<Object> claim(String name) {
        return Optional.ofNullable(claims.get(name));
    }

    /** One claim as a string, if present and a JSON string. */
    public Optional<String> stringClaim(String name) {
        Object v = claims.get(name);
        return v instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** The roles read from the configured role claims. */
    public Set<String> roles() {
        return roles != null ? roles : derived.roles();
    }

    /** The scopes of the {@code scope} (space separated) or {@code scp} claim. */
    public Set<String> scopes() {
        return scopes != null ? scopes : derived.scopes();
    }

    /** Whether the caller has this role. */
    public boolean hasRole(String role) {
        return roles().contains(role);
    }

    /** Whether the caller has this scope. */
    public boolean hasScope(String scope) {
        return scopes().contains(scope);
    }

    /**
     * The verified token itself, for propagation to downstream services. Not serialized; never
     * log it.
     */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JwtPrincipal p && name.equals(p.name) && issuer.equals(p.issuer)
                && claims.equals(p.claims);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, issuer);
    }

    @Override
    public String toString() {
        return "JwtPrincipal[name=" + name + "]";
    }

    // Serialized with its roles and scopes read (the form every version wrote); the token stays out.
    private Object writeReplace() {
        return derived == null ? this : new JwtPrincipal(name, issuer, claims, roles(), scopes(), null, token, scheme());
    }

    /**
     * Roles and scopes read from unmodifiable claims on first use of either. Two threads asking at once may
     * both read them; both get equal sets, and one pair is kept.
     */
    private static final class Derived {
        private final Map<String, Object> claims;
        private final Function<Map<String, Object>, Set<String>> readRoles;
        private final Function<Map<String, Object>, Set<String>> readScopes;
        private volatile List<Set<String>> read; // roles, scopes

        Derived(Map<String, Object> claims, Function<Map<String, Object>, Set<String>> readRoles,
                Function<Map<String, Object>, Set<String>> readScopes) {
            this.claims = claims;
            this.readRoles = readRoles;
            this.readScopes = readScopes;
        }

        Set<String> roles() {
            return read().get(0);
        }

        Set<String> scopes() {
            return read().get(1);
        }

        private List<Set<String>> read() {
            List<Set<String>> r = read;
            if (r == null) {
                r = List.of(Collections.unmodifiableSet(readRoles.apply(claims)),
                        Collections.unmodifiableSet(readScopes.apply(claims)));
                read = r;
            }
            return r;
        }
    }

    private static Map<String, Object> freeze(Map<String, Object> map) {
        map.replaceAll((k, v) -> freezeValue(v));
        return Collections.unmodifiableMap(map);
    }

    @SuppressWarnings("unchecked")
    private static Object freezeValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return freeze((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            ((List<Object>) l).replaceAll(JwtPrincipal::freezeValue);
            return Collections.unmodifiableList(l);
        }
        return v;
    }
}
