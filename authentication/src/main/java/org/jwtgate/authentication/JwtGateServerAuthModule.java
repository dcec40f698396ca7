package org.jwtgate.authentication;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.jwtgate.Decision;
import org.jwtgate.JwtGate;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.RequestAttributes;
import org.jwtgate.authz.AccessRule;
import org.jwtgate.authz.Authorization;
import org.jwtgate.error.ErrorResponse;
import org.jwtgate.filter.JwtGateFilter;
import org.jwtgate.filter.ServletBearerRequest;
import org.jwtgate.filter.ServletResponses;

/**
 * A Jakarta Authentication 3.0 {@link ServerAuthModule} (Servlet Container Profile) that authenticates
 * the caller of an HTTP request by its OAuth 2.0 bearer token (RFC 6750), with the same engine and the
 * same decision as {@link JwtGateFilter}: the same statuses, {@code WWW-Authenticate} challenges and
 * bodies. Runs before the container authorizes, so {@code web.xml} security constraints,
 * {@code isUserInRole}, {@code getUserPrincipal}, {@code getRemoteUser} and {@code getAuthType}
 * answer from the token.
 *
 * <ul>
 * <li>The container's constraint requires authentication ({@value #IS_MANDATORY} is true): a valid
 * token authenticates; no token → 401 {@code Bearer realm="…"} (RFC 6750 §3.1); a bad token →
 * core's 400/401/503.</li>
 * <li>It does not: {@code protected-paths}, {@code excluded-paths} and {@code mode} decide, exactly as
 * in the filter. {@link JwtGateAuthentication} defaults {@code mode} to {@code optional}, so by default
 * a token is looked at when sent (valid: the caller is known; bad: refused), and none is needed.</li>
 * <li>Authenticated: a {@link CallerPrincipalCallback} with the {@link JwtPrincipal} and a
 * {@link GroupPrincipalCallback} with its roles; auth type {@value #AUTH_TYPE} ({@value JwtPrincipal#DPOP_AUTH_TYPE} with a DPoP proof). Whether the container
 * then has the role the resource needs is the container's decision (its own 403).</li>
 * <li>Refused: the response is written here and {@link AuthStatus#SEND_FAILURE} returned.</li>
 * </ul>
 * On Jetty 12.1 (jetty-ee11-jaspi) the request and the refusal go through Jetty's own message where the
 * Servlet Container Profile's are missing or never sent ({@link JettyMessages}).
 * Stateless: never asks for a session ({@code jakarta.servlet.http.registerSession} is never set),
 * never redirects. The decision and principal are also stored in the request attributes of
 * {@link RequestAttributes}, so a {@link JwtGateFilter} with the same configuration behind it does not
 * validate again.
 */
public final class JwtGateServerAuthModule implements ServerAuthModule {
    /** The MessageInfo map key by which the container says whether the resource requires authentication. */
    public static final String IS_MANDATORY = "jakarta.security.auth.message.MessagePolicy.isMandatory";
    /** The MessageInfo map key for the authentication type the container reports. */
    static final String AUTH_TYPE_KEY = "jakarta.servlet.http.authType";
    /** What {@code getAuthType()} answers for a caller authenticated here, as with the filter. */
    public static final String AUTH_TYPE = JwtPrincipal.AUTH_TYPE;

    private static final System.Logger LOG = System.getLogger(JwtGateServerAuthModule.class.getName());
    private static final String ACTIVITY = "checking a bearer token in the Jakarta Authentication module";
    private static final AccessRule MANDATORY = AccessRule.requires(Set.of(), Set.of());
    private static final Class<?>[] TYPES = {HttpServletRequest.class, HttpServletResponse.class};

    private final JwtGate gate;
    private CallbackHandler handler;

    /**
     * A module over {@code gate}, which stays the caller's to close.
     *
     * @param gate the engine that decides
     */
    public JwtGateServerAuthModule(JwtGate gate) {
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    @Override
    public void initialize(MessagePolicy requestPolicy, MessagePolicy responsePolicy, CallbackHandler handler,
            @SuppressWarnings("rawtypes") Map options) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public Class<?>[] getSupportedMessageTypes() {
        return TYPES.clone();
    }

    @Override
    public AuthStatus validateRequest(MessageInfo messageInfo, Subject client, Subject service) throws AuthException {
        HttpServletRequest request;
        if (messageInfo.getRequestMessage() instanceof HttpServletRequest r) {
            request = r;
        } else if ((request = JettyMessages.lazyRequest(messageInfo)) != null) {
            // Set back, so that Jetty, which reads it again after SUCCESS, finds it (else its own NullPointerException).
            messageInfo.setRequestMessage(request);
        } else {
            throw new AuthException("jwtgate: not an HTTP servlet request");
        }
        // No response: Jetty authenticating lazily, for an application asking who calls an unconstrained resource.
        HttpServletResponse response = messageInfo.getResponseMessage() instanceof HttpServletResponse w ? w : null;
        boolean mandatory = Boolean.parseBoolean(String.valueOf(messageInfo.getMap().get(IS_MANDATORY)));
        Decision stored = request.getAttribute(RequestAttributes.DECISION) instanceof Decision d ? d : null;
        Decision decision;
        try {
            String path = JwtGateFilter.path(request);
            ServletBearerRequest bearer = new ServletBearerRequest(request);
            if (mandatory) {
                decision = Authorization.authorize(gate.responses(),
                        Authorization.authenticate(gate, path, bearer, MANDATORY, stored), MANDATORY);
            } else {
                decision = Authorization.authenticate(gate, path, bearer, AccessRule.PATH_POLICY, stored);
            }
        } catch (RuntimeException e) {
            return refuse(messageInfo, request, response, gate.internalError(ACTIVITY, e));
        }
        if (decision instanceof Decision.Respond respond) {
            return refuse(messageInfo, request, response, respond.response());
        }
        // An anonymous decision is not stored: the next look (a filter with other protected paths) must decide again.
        Optional<JwtPrincipal> principal = ((Decision.Proceed) decision).principal();
        if (principal.isEmpty()) {
            return AuthStatus.SUCCESS;
        }
        JwtPrincipal p = principal.get();
        request.setAttribute(RequestAttributes.DECISION, decision);
        request.setAttribute(RequestAttributes.PRINCIPAL, p);
        p.token().ifPresent(t -> request.setAttribute(RequestAttributes.TOKEN, t));
        try {
            handler.handle(new Callback[] {
                new CallerPrincipalCallback(client, p),
                new GroupPrincipalCallback(client, p.roles().toArray(String[]::new))
            });
        } catch (IOException | UnsupportedCallbackException e) {
            LOG.log(Level.ERROR, "jwtgate: the container refused the caller's principal or groups ({0})",
                    e.getClass().getName());
            AuthException failure = new AuthException("jwtgate: the container refused the caller's principal");
            failure.initCause(e);
            throw failure;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = messageInfo.getMap();
        map.put(AUTH_TYPE_KEY, p.authType());
        if (response != null) {
            gate.responseHeaders(p).forEach(response::setHeader);
        }
        return AuthStatus.SUCCESS;
    }

    private static AuthStatus refuse(MessageInfo messageInfo, HttpServletRequest request, HttpServletResponse response,
            ErrorResponse error) throws AuthException {
        request.setAttribute(RequestAttributes.DECISION, new Decision.Respond(error));
        if (response == null) {
            // Nothing can be sent; the caller stays unknown.
            return AuthStatus.SEND_FAILURE;
        }
        if (JettyMessages.isJetty(messageInfo)) {
            try {
                JettyMessages.write(messageInfo, error);
            } catch (IllegalStateException e) {
                LOG.log(Level.ERROR, e.getMessage());
                AuthException failure = new AuthException("jwtgate: the refusal could not be written on this Jetty");
                failure.initCause(e);
                throw failure;
            }
            return AuthStatus.SEND_FAILURE;
        }
        try {
            ServletResponses.write(request, response, error);
        } catch (IOException e) {
            // The client went away; nothing more to tell it.
            LOG.log(Level.DEBUG, "jwtgate: refusal not written ({0})", e.getClass().getSimpleName());
        }
        return AuthStatus.SEND_FAILURE;
    }

    /** Nothing to add to a response the resource produced. */
    @Override
    public AuthStatus secureResponse(MessageInfo messageInfo, Subject service) {
        return AuthStatus.SEND_SUCCESS;
    }

    @Override
    public void cleanSubject(MessageInfo messageInfo, Subject subject) {
        if (subject != null) {
            subject.getPrincipals().removeIf(JwtPrincipal.class::isInstance);
        }
    }
}
