package org.jwtgate;

import java.io.Serializable;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The authenticated caller: the principal name (from the configured claim, {@code sub} by default),
 * the verified claims, the roles read from the configured role claims and the scopes of the
 * {@code scope}/{@code scp} claim.
 *
 * <p>{@link #toString()} never shows the token or the claims.
 */
public final class JwtPrincipal implements Principal, Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String issuer;
    private final Map<String, Object> claims;
    private final Set<String> roles;
    private final Set<String> scopes;
    private final transient String token;

    public JwtPrincipal(String name, String issuer, Map<String, Object> claims, Set<String> roles,
            Set<String> scopes, String token) {
        this.name = Objects.requireNonNull(name, "name");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.claims = Collections.unmodifiableMap(deepCopy(claims));
        this.roles = Collections.unmodifiableSet(new LinkedHashSet<>(roles));
        this.scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        this.token = token;
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
        return roles;
    }

    /** The scopes of the {@code scope} (space separated) or {@code scp} claim. */
    public Set<String> scopes() {
        return scopes;
    }

    /** Whether the caller has this role. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Whether the caller has this scope. */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, copyValue(v)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return Collections.unmodifiableMap(deepCopy((Map<String, Object>) m));
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(e -> copy.add(copyValue(e)));
            return Collections.unmodifiableList(copy);
        }
        return v;
    }
}
