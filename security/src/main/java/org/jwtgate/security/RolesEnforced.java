package org.jwtgate.security;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds {@link RolesAllowedInterceptor}. {@link RolesAllowedExtension} adds it to the CDI beans that carry
 * {@code @RolesAllowed}, {@code @PermitAll} or {@code @DenyAll}; applications need not write it.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RolesEnforced {
    /** The binding as a value, for {@code AnnotatedTypeConfigurator.add}. */
    final class Literal extends AnnotationLiteral<RolesEnforced> implements RolesEnforced {
        private static final long serialVersionUID = 1L;

        /** The one instance. */
        public static final Literal INSTANCE = new Literal();

        private Literal() {
        }
    }
}
