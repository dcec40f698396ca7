package org.jwtgate.authentication;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.ClientAuthConfig;
import jakarta.security.auth.message.config.ServerAuthConfig;
import jakarta.security.auth.message.config.ServerAuthContext;
import java.util.Map;
import java.util.Objects;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import org.jwtgate.JwtGate;
import org.jwtgate.internal.RecordMethods;

/**
 * The {@link AuthConfigProvider} that {@link JwtGateAuthentication} registers for one application
 * (layer {@value #LAYER}): every request of that application goes to one
 * {@link JwtGateServerAuthModule} over {@code gate}. Server side only.
 */
public final class JwtGateAuthConfigProvider implements AuthConfigProvider {
    /** The message layer of the Servlet Container Profile. */
    public static final String LAYER = "HttpServlet";

    private final JwtGate gate;

    /**
     * A provider over {@code gate}, which stays the caller's to close.
     *
     * @param gate the engine that decides
     */
    public JwtGateAuthConfigProvider(JwtGate gate) {
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    @Override
    public ClientAuthConfig getClientAuthConfig(String layer, String appContext, CallbackHandler handler)
            throws AuthException {
        throw new AuthException("jwtgate authenticates servers' callers only");
    }

    @Override
    public ServerAuthConfig getServerAuthConfig(String layer, String appContext, CallbackHandler handler)
            throws AuthException {
        if (handler == null) {
            throw new AuthException("jwtgate: the container gave no CallbackHandler");
        }
        JwtGateServerAuthModule module = new JwtGateServerAuthModule(gate);
        module.initialize(null, null, handler, Map.of());
        return new Config(layer, appContext, new Context(module));
    }

    @Override
    public void refresh() {
        // The configuration is immutable; a new one means a redeploy.
    }

    private record Config(String layer, String appContext, ServerAuthContext context) implements ServerAuthConfig {
        @Override
        public String getMessageLayer() {
            return layer;
        }

        @Override
        public String getAppContext() {
            return appContext;
        }

        @Override
        public String getAuthContextID(MessageInfo messageInfo) {
            return "jwtgate";
        }

        @Override
        public void refresh() {
        }

        @Override
        public boolean isProtected() {
            return false;
        }

        @Override
        public ServerAuthContext getAuthContext(String authContextID, Subject serviceSubject,
                @SuppressWarnings("rawtypes") Map properties) {
            return context;
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Config that
                    && Objects.equals(layer, that.layer)
                    && Objects.equals(appContext, that.appContext)
                    && Objects.equals(context, that.context);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(layer, appContext, context);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    private record Context(JwtGateServerAuthModule module) implements ServerAuthContext {
        @Override
        public AuthStatus validateRequest(MessageInfo messageInfo, Subject client, Subject service)
                throws AuthException {
            return module.validateRequest(messageInfo, client, service);
        }

        @Override
        public AuthStatus secureResponse(MessageInfo messageInfo, Subject service) throws AuthException {
            return module.secureResponse(messageInfo, service);
        }

        @Override
        public void cleanSubject(MessageInfo messageInfo, Subject subject) throws AuthException {
            module.cleanSubject(messageInfo, subject);
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Context that && Objects.equals(module, that.module);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(module);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }
}
