package org.jwtgate.security;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;

/**
 * A portable CDI extension that makes {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} hold on
 * CDI managed beans, where the server enforces them only on EJBs (Payara 6): every type that carries one of
 * them, on the class or on a method, gets the {@link RolesEnforced} binding of {@link RolesAllowedInterceptor}.
 * EJB session beans ({@code @Stateless}, {@code @Stateful}, {@code @Singleton}) are left to the EJB container,
 * which enforces them already; they are told by annotation name, so the jar needs no EJB API.
 *
 * <p>Registered by {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}: only a CDI container
 * reads it, so on a server without CDI (Tomcat, Jetty) the class is never loaded.
 */
public class RolesAllowedExtension implements Extension {
    /** For the CDI container's {@code ServiceLoader}. */
    public RolesAllowedExtension() {
    }

    /** Adds the interceptor binding to a type that declares roles on itself or on a method. */
    <T> void bind(@Observes @WithAnnotations({RolesAllowed.class, PermitAll.class, DenyAll.class})
            ProcessAnnotatedType<T> event) {
        AnnotatedType<T> type = event.getAnnotatedType();
        if (RoleRules.isSessionBean(type.getJavaClass()) || !declaresRoles(type)) {
            return;
        }
        event.configureAnnotatedType().add(RolesEnforced.Literal.INSTANCE);
    }

    private static boolean declaresRoles(AnnotatedType<?> type) {
        return RoleRules.declaresRoles(type.getJavaClass())
                || type.getMethods().stream().anyMatch(m -> RoleRules.declaresRoles(m.getJavaMember()));
    }
}
