package org.jwtgate.jaxrs;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jwtgate.authz.AccessRule;

/**
 * Reads the {@link AccessRule} of a resource method from its annotations. As in Jakarta
 * Annotations 2.1 §3, {@code @DenyAll}/{@code @PermitAll}/{@code @RolesAllowed} on the method
 * replace those on the class; {@link RequiresScopes} on the method likewise replaces the class's.
 * The two are then combined: {@code @DenyAll} wins, and {@code @RolesAllowed({})} allows no one.
 */
final class AccessRules {
    private AccessRules() {
    }

    static AccessRule of(Class<?> resourceClass, Method method) {
        AnnotatedElement roleSource = hasRoleAnnotation(method) ? method : resourceClass;
        RequiresScopes scopes = annotation(method, RequiresScopes.class);
        if (scopes == null) {
            scopes = annotation(resourceClass, RequiresScopes.class);
        }
        RolesAllowed roles = annotation(roleSource, RolesAllowed.class);
        if (annotation(roleSource, DenyAll.class) != null || (roles != null && roles.value().length == 0)) {
            return AccessRule.DENY_ALL;
        }
        if (roles == null && scopes == null) {
            return annotation(roleSource, PermitAll.class) != null ? AccessRule.PERMIT_ALL : AccessRule.PATH_POLICY;
        }
        return AccessRule.requires(roles == null ? List.of() : List.of(roles.value()), split(scopes));
    }

    private static boolean hasRoleAnnotation(AnnotatedElement e) {
        return annotation(e, DenyAll.class) != null || annotation(e, PermitAll.class) != null
                || annotation(e, RolesAllowed.class) != null;
    }

    private static <A extends java.lang.annotation.Annotation> A annotation(AnnotatedElement e, Class<A> type) {
        return e == null ? null : e.getAnnotation(type);
    }

    private static List<String> split(RequiresScopes scopes) {
        List<String> out = new ArrayList<>();
        if (scopes != null) {
            for (String value : scopes.value()) {
                for (String s : value.strip().split("\\s+")) {
                    if (!s.isEmpty() && !out.contains(s)) {
                        out.add(s);
                    }
                }
            }
        }
        return out;
    }
}
