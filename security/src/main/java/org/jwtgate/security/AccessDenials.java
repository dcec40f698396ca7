package org.jwtgate.security;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import org.jwtgate.JwtGate;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.authentication.JwtGateAuthentication;
import org.jwtgate.error.ErrorResponse;
import org.jwtgate.error.ErrorResponses;
import org.jwtgate.error.Reason;
import org.jwtgate.filter.ServletResponses;

/**
 * Answers an {@link AccessDeniedException} as core answers the same case everywhere else (RFC 6750 §3.1): no
 * caller, 401 with the bare {@code Bearer} challenge; a caller without the role, 403 {@code insufficient_scope}
 * for {@link Reason#MISSING_ROLE}. The texts are the engine's {@link ErrorResponses}, never spelled here.
 *
 * <p>A refusal the application leaves unmapped is answered by {@link AccessDenialFilter}, which the jar adds to
 * every application. A servlet that calls CDI beans may also map a refusal itself, as it maps an EJB's
 * {@code EJBAccessException}:
 *
 * <pre>{@code
 * try {
 *     greeter.hello();
 * } catch (RuntimeException e) {
 *     if (!AccessDenials.respond(e, request, response)) {
 *         throw e;
 *     }
 * }
 * }</pre>
 */
public final class AccessDenials {
    private AccessDenials() {
    }

    /**
     * Core's answer to {@code denial}.
     *
     * @param denial the refusal
     * @param responses the engine's renderings
     * @param caller the refused caller (its issuer, when it is a {@link JwtPrincipal}, counts the 403 in the
     *     engine's metrics), or null
     * @return 401 with the bare challenge, or 403 {@code insufficient_scope}
     */
    public static ErrorResponse response(AccessDeniedException denial, ErrorResponses responses, Principal caller) {
        if (denial.kind() == AccessDeniedException.Kind.UNAUTHENTICATED) {
            return responses.noCredentials();
        }
        String issuer = caller instanceof JwtPrincipal p ? p.issuer() : null;
        return responses.insufficientScopeFor(issuer, Reason.MISSING_ROLE);
    }

    /**
     * Writes core's answer when {@code error} is, or was caused by, an {@link AccessDeniedException} (a CDI
     * container may wrap it), with the engine of this application's jwtgate path.
     *
     * @param error what a call to a CDI bean threw
     * @param request the request being served
     * @param response its response, written when {@code error} is a refusal
     * @return whether it was a refusal, and so answered; false: {@code error} is the caller's to handle
     * @throws IllegalStateException when it was a refusal but the application has no jwtgate engine (neither the
     *     {@code JwtGateAuthentication} listener nor {@link JwtGateAuthenticationMechanism} started)
     * @throws IOException when writing the answer fails
     */
    public static boolean respond(Throwable error, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        AccessDeniedException denial = find(error);
        if (denial == null) {
            return false;
        }
        ServletResponses.write(request, response,
                response(denial, engine(request.getServletContext()).responses(), request.getUserPrincipal()));
        return true;
    }

    static AccessDeniedException find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AccessDeniedException denial) {
                return denial;
            }
        }
        return null;
    }

    private static JwtGate engine(ServletContext context) {
        for (String name : new String[] {JwtGateAuthentication.GATE_ATTRIBUTE, JwtGateAuthenticationMechanism.GATE_ATTRIBUTE}) {
            if (context.getAttribute(name) instanceof JwtGate gate) {
                return gate;
            }
        }
        throw new IllegalStateException("jwtgate: no engine in the application '" + context.getContextPath()
                + "': add the JwtGateAuthentication listener or jwtgate-security's mechanism");
    }
}
