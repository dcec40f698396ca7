package org.jwtgate.jaxrs;

import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * Closes what a feature created when its JAX-RS application stops (undeploy, reload), through the
 * runtime's own lifecycle callback, reached by reflection since this module depends on JAX-RS only.
 * JAX-RS has no portable one. Jersey (bundled in a WAR, or the server's own as on Payara) calls
 * {@code ContainerLifecycleListener.onShutdown} when its servlet is destroyed. RESTEasy has no such
 * callback outside a CDI container; there the servlet context's registry closes the engine
 * ({@link ServletEnvironment#closeWithContext}), or, without one, it stops when it is garbage (see {@link JwtGateFeature}).
 */
final class RuntimeShutdown {
    private static final String JERSEY_LISTENER = "org.glassfish.jersey.server.spi.ContainerLifecycleListener";

    private RuntimeShutdown() {
    }

    /** Registers {@code onShutdown} to run when the application stops; the runtime's name, or empty when it offers no hook. */
    static Optional<String> register(FeatureContext context, Runnable onShutdown) {
        for (ClassLoader loader : ServletEnvironment.loaders(context)) {
            Class<?> listener = load(JERSEY_LISTENER, loader);
            if (listener == null) {
                continue;
            }
            try {
                InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
                    case "onShutdown" -> {
                        onShutdown.run();
                        yield null;
                    }
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "jwtgate shutdown listener";
                    default -> null; // onStartup, onReload: nothing to do
                };
                context.register(Proxy.newProxyInstance(loader, new Class<?>[] {listener}, handler), listener);
                return Optional.of("Jersey");
            } catch (RuntimeException | LinkageError e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
