package org.jwtgate.jaxrs;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jwtgate.authz.AccessRule;
import org.jwtgate.stepup.StepUp;

/**
 * Reads the {@link AccessRule} of a resource method from its annotations. As in Jakarta
 * Annotations 2.1 §3, {@code @DenyAll}/{@code @PermitAll}/{@code @RolesAllowed} on the method
 * replace those on the class; {@link RequiresScopes} on the method likewise replaces the class's.
 * The two are then combined: {@code @DenyAll} wins, and {@code @RolesAllowed({})} allows no one.
 * {@link RequiresAuthentication} on the method replaces the class's too; it makes the rule need a caller
 * and carries its step-up requirement.
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
        RequiresAuthentication authentication = annotation(method, RequiresAuthentication.class);
        if (authentication == null) {
            authentication = annotation(resourceClass, RequiresAuthentication.class);
        }
        RolesAllowed roles = annotation(roleSource, RolesAllowed.class);
        if (annotation(roleSource, DenyAll.class) != null || (roles != null && roles.value().length == 0)) {
            return AccessRule.DENY_ALL;
        }
        if (roles == null && scopes == null && authentication == null) {
            return annotation(roleSource, PermitAll.class) != null ? AccessRule.PERMIT_ALL : AccessRule.PATH_POLICY;
        }
        AccessRule rule = AccessRule.requires(roles == null ? List.of() : List.of(roles.value()), split(scopes));
        return authentication == null ? rule : rule.withStepUp(stepUp(authentication, resourceClass, method));
    }

    /**
     * The step-up requirement of {@code a}.
     *
     * @throws IllegalArgumentException naming the resource method for a bad {@code acr} or {@code maxAge}
     */
    static StepUp stepUp(RequiresAuthentication a, Class<?> resourceClass, Method method) {
        String where = "@RequiresAuthentication of " + resourceClass.getName() + (method == null ? "" : "." + method.getName());
        List<String> acr = new ArrayList<>();
        for (String value : a.acr()) {
            for (String s : value.strip().split("\\s+")) {
                if (!s.isEmpty() && !acr.contains(s)) {
                    acr.add(s);
                }
            }
        }
        Duration maxAge = null;
        String age = a.maxAge().strip();
        if (!age.isEmpty()) {
            try {
                maxAge = age.matches("\\d{1,9}") ? Duration.ofSeconds(Long.parseLong(age)) : Duration.parse(age);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + ": maxAge '" + age
                        + "' is neither seconds nor an ISO-8601 duration such as PT5M");
            }
        }
        try {
            return StepUp.of(acr, maxAge);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
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
