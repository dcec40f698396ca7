package org.jwtgate.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource class or method needs an authenticated caller, and, with step-up authentication (RFC 9470),
 * one who authenticated in a certain way ({@link #acr()}) and recently enough ({@link #maxAge()}):
 * {@code @RequiresAuthentication(acr = "urn:example:mfa", maxAge = "PT5M")}.
 *
 * <p>Without a token the answer is 401 with a bare challenge; with a token whose {@code acr} is not one of
 * {@link #acr()}, or whose {@code auth_time} is missing or older than {@link #maxAge()} (plus
 * {@code clock-skew}), it is 401 {@code insufficient_user_authentication} naming the requirement in
 * {@code acr_values} and/or {@code max_age}; a token whose {@code acr} or {@code auth_time} is of the wrong
 * type is refused as {@code invalid_token}. A method's annotation replaces its class's. Each attribute
 * stated replaces, for the method, the engine's {@code required-acr} or {@code max-auth-age} (or their
 * {@code [PATTERN]} forms) for the request's path; an attribute left out keeps the engine's. It combines
 * with {@code @RolesAllowed} and {@link RequiresScopes} (all must hold; the 401 comes before a 403), and
 * {@code @DenyAll} wins over it. A bad value fails deployment.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresAuthentication {
    /**
     * The acceptable {@code acr} values, any one of which will do; each value may name several separated by
     * spaces. Printable ASCII without {@code "} or {@code \}.
     *
     * @return the acceptable {@code acr} values; none: the engine's for the path, if any
     */
    String[] acr() default {};

    /**
     * The most time since the caller authenticated ({@code auth_time}): an ISO-8601 duration
     * ({@code "PT5M"}) or a number of seconds ({@code "300"}), whole seconds from 0 to 366 days.
     *
     * @return the maximum authentication age; empty: the engine's for the path, if any
     */
    String maxAge() default "";
}
