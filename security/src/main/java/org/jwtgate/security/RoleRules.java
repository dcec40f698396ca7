package org.jwtgate.security;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jwtgate.authz.AccessRule;

/**
 * The access rule of a CDI bean method and the decision on a caller. As in Jakarta Annotations 2.1 §3
 * (and EJB 4.0 §13.3.2): {@code @DenyAll}, {@code @PermitAll} or {@code @RolesAllowed} on the method
 * replaces those on the class that declares it; {@code @DenyAll} and {@code @RolesAllowed({})} allow no
 * one. The role {@value AccessRule#ANY_AUTHENTICATED} is any authenticated caller.
 */
final class RoleRules {
    /** The EJB session bean annotations, by name: the EJB container enforces those beans' roles itself. */
    private static final Set<String> SESSION_BEANS = Set.of("jakarta.ejb.Stateless", "jakarta.ejb.Stateful",
            "jakarta.ejb.Singleton");
    private static final List<Class<? extends Annotation>> ROLE_ANNOTATIONS = List.of(RolesAllowed.class,
            PermitAll.class, DenyAll.class);

    private RoleRules() {
    }

    /** The rule of {@code method}: its own annotations, else those of its declaring class, else {@link AccessRule#PATH_POLICY}. */
    static AccessRule of(Method method) {
        AnnotatedElement source = declaresRoles(method) ? method : method.getDeclaringClass();
        RolesAllowed roles = source.getAnnotation(RolesAllowed.class);
        if (source.isAnnotationPresent(DenyAll.class) || (roles != null && roles.value().length == 0)) {
            return AccessRule.DENY_ALL;
        }
        if (roles != null) {
            return AccessRule.requires(List.of(roles.value()), List.of());
        }
        return source.isAnnotationPresent(PermitAll.class) ? AccessRule.PERMIT_ALL : AccessRule.PATH_POLICY;
    }

    /**
     * Why {@code caller} may not call under {@code rule}, or empty when it may. No caller is refused as
     * unauthenticated wherever a caller is needed (roles or {@code @DenyAll}), as core refuses it with 401.
     *
     * @param caller the authenticated caller, null when none
     * @param inRole whether the caller is in a role (asked only with a caller)
     */
    static Optional<AccessDeniedException.Kind> refusal(AccessRule rule, Principal caller, Predicate<String> inRole) {
        switch (rule.kind()) {
            case PATH_POLICY:
            case PERMIT_ALL:
                return Optional.empty();
            default:
                break;
        }
        if (caller == null) {
            return Optional.of(AccessDeniedException.Kind.UNAUTHENTICATED);
        }
        if (rule.kind() == AccessRule.Kind.DENY_ALL || rule.roles().stream()
                .noneMatch(role -> AccessRule.ANY_AUTHENTICATED.equals(role) || inRole.test(role))) {
            return Optional.of(AccessDeniedException.Kind.FORBIDDEN);
        }
        return Optional.empty();
    }

    /** Whether {@code type} is an EJB session bean, told by annotation name so that no EJB API is needed. */
    static boolean isSessionBean(Class<?> type) {
        for (Annotation a : type.getAnnotations()) {
            if (SESSION_BEANS.contains(a.annotationType().getName())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code element} carries {@code @RolesAllowed}, {@code @PermitAll} or {@code @DenyAll}. */
    static boolean declaresRoles(AnnotatedElement element) {
        return ROLE_ANNOTATIONS.stream().anyMatch(element::isAnnotationPresent);
    }
}
