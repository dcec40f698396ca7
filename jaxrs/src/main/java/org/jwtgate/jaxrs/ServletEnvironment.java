package org.jwtgate.jaxrs;

import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import org.jwtgate.jwks.LocalJwks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The servlet context a JAX-RS application runs in, when it runs in one, reached without a
 * compile-time dependency on the servlet API (this module depends on JAX-RS only). JAX-RS offers no
 * portable way to reach it from a {@code Feature}, so the runtimes are asked in their own terms,
 * by reflection: Jersey through its injection manager, RESTEasy through its context data. Any
 * failure means "not in a servlet container".
 *
 * <p>The servlet API and the runtime's classes are looked up through every class loader that may see
 * them: this class's own (the application's, when jwtgate is in {@code WEB-INF/lib}), the thread
 * context class loader, then the runtime's. The runtime's alone is not enough: on Payara Server,
 * Jersey is an OSGi bundle whose class loader does not import {@code jakarta.servlet}, so the servlet
 * context was never found there and the feature did not see the context-params.
 */
final class ServletEnvironment {
    /** Where the JWKS servlet puts its publisher (the filter module's {@code JwksServlet.PUBLISHER_ATTRIBUTE}). */
    static final String PUBLISHER_ATTRIBUTE = "org.jwtgate.publisher";

    /**
     * The registry of what stops with the application (the filter module's
     * {@code JwtGateListener.CLOSE_WITH_CONTEXT}): a {@code java.util.Collection} of {@link AutoCloseable}s.
     */
    static final String CLOSE_WITH_CONTEXT = "org.jwtgate.close-with-context";

    private static final String SERVLET_CONTEXT = "jakarta.servlet.ServletContext";
    private static final String SERVLET_CONFIG = "jakarta.servlet.ServletConfig";

    private final Object context;
    private final Class<?> type;

    private ServletEnvironment(Object context, Class<?> type) {
        this.context = context;
        this.type = type;
    }

    static Optional<ServletEnvironment> find(FeatureContext featureContext) {
        return held(featureContext, SERVLET_CONTEXT).map(found -> new ServletEnvironment(found.instance, found.type));
    }

    /**
     * The name of the servlet the JAX-RS runtime runs as ({@code <servlet-name>}), when the runtime tells
     * (Jersey through its injection manager, RESTEasy through its context data).
     */
    static Optional<String> servletName(FeatureContext featureContext) {
        return held(featureContext, SERVLET_CONFIG).flatMap(config -> {
            try {
                return config.type.getMethod("getServletName").invoke(config.instance) instanceof String name
                        && !name.isEmpty() ? Optional.of(name) : Optional.empty();
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return Optional.empty();
            }
        });
    }

    /**
     * The instance of the servlet API type {@code typeName} that the JAX-RS runtime holds (Jersey through its
     * injection manager, RESTEasy through its context data), with that type as the loader that found it
     * loaded it; looked for through each of {@link #loaders}, the application's first.
     */
    private static Optional<Held> held(FeatureContext featureContext, String typeName) {
        for (ClassLoader loader : loaders(featureContext)) {
            Class<?> type = load(typeName, loader);
            if (type == null) {
                continue;
            }
            Object found = fromJersey(featureContext, type, loader);
            if (found == null) {
                found = fromResteasy(type, loader);
            }
            if (type.isInstance(found)) {
                return Optional.of(new Held(found, type));
            }
        }
        return Optional.empty();
    }

    /** An instance found by {@link #held} and the servlet API type it was found as. */
    private static final class Held {
        final Object instance;
        final Class<?> type;

        Held(Object instance, Class<?> type) {
            this.instance = instance;
            this.type = type;
        }
    }

    /** The class loaders to look through, each once, the application's first. */
    static List<ClassLoader> loaders(FeatureContext featureContext) {
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        for (ClassLoader l : new ClassLoader[] {ServletEnvironment.class.getClassLoader(),
                Thread.currentThread().getContextClassLoader(), featureContext.getClass().getClassLoader()}) {
            if (l != null) {
                loaders.add(l);
            }
        }
        return List.copyOf(loaders);
    }

    private static Object fromJersey(FeatureContext featureContext, Class<?> type, ClassLoader loader) {
        try {
            Class<?> provider = load("org.glassfish.jersey.InjectionManagerProvider", loader);
            Class<?> manager = load("org.glassfish.jersey.internal.inject.InjectionManager", loader);
            if (provider == null || manager == null) {
                return null;
            }
            Object injectionManager = provider.getMethod("getInjectionManager", FeatureContext.class)
                    .invoke(null, featureContext);
            return manager.getMethod("getInstance", Class.class).invoke(injectionManager, type);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static Object fromResteasy(Class<?> type, ClassLoader loader) {
        try {
            Class<?> contextData = load("org.jboss.resteasy.core.ResteasyContext", loader);
            return contextData == null ? null : contextData.getMethod("getContextData", Class.class).invoke(null, type);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** The context path, {@code ""} for the root context. */
    String contextPath() {
        Object path = call("getContextPath");
        return path instanceof String s ? s : "";
    }

    /** The context init-params whose names start with {@code prefix}, keyed without it. */
    Map<String, String> initParameters(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        if (call("getInitParameterNames") instanceof Enumeration<?> names) {
            for (Object name : Collections.list(names)) {
                if (name instanceof String n && n.startsWith(prefix)) {
                    Object value = call("getInitParameter", n);
                    out.put(n.substring(prefix.length()), value == null ? null : value.toString());
                }
            }
        }
        return out;
    }

    /**
     * The application's in-process key publishers: the servlet-context attributes named
     * {@code org.jwtgate.publisher} or {@code org.jwtgate.publisher.NAME} that hold a {@link LocalJwks}
     * (the JWKS servlet's {@code JwksPublisher}), read at each call so that publishers started after
     * the feature are found.
     */
    List<LocalJwks> publishers() {
        List<LocalJwks> out = new ArrayList<>();
        if (call("getAttributeNames") instanceof Enumeration<?> names) {
            for (Object name : Collections.list(names)) {
                if (name instanceof String n && (n.equals(PUBLISHER_ATTRIBUTE) || n.startsWith(PUBLISHER_ATTRIBUTE + "."))
                        && call("getAttribute", n) instanceof LocalJwks local) {
                    out.add(local);
                }
            }
        }
        return out;
    }

    /**
     * Hands {@code resource} to the servlet context's registry of what is closed when the application
     * stops (kept by jwtgate-filter's {@code JwtGateListener}); false when the application has none.
     */
    @SuppressWarnings("unchecked")
    boolean closeWithContext(AutoCloseable resource) {
        try {
            if (call("getAttribute", CLOSE_WITH_CONTEXT) instanceof java.util.Collection<?> registry) {
                return ((java.util.Collection<Object>) registry).add(resource);
            }
        } catch (RuntimeException unusable) {
            // no registry to hand it to: the runtime's callback or the engine's weak hold remains
        }
        return false;
    }

    /** Takes {@code resource} out of the registry again (it was closed another way); nothing if the context is gone. */
    void forget(AutoCloseable resource) {
        try {
            if (call("getAttribute", CLOSE_WITH_CONTEXT) instanceof java.util.Collection<?> registry) {
                registry.remove(resource);
            }
        } catch (RuntimeException contextGone) {
            // the registry went with the context
        }
    }

    /** The class loader of the web application, if the container tells. */
    java.util.Optional<ClassLoader> classLoader() {
        return call("getClassLoader") instanceof ClassLoader loader ? java.util.Optional.of(loader) : java.util.Optional.empty();
    }

    private Object call(String method, Object... args) {
        try {
            Class<?>[] types = new Class<?>[args.length];
            Arrays.fill(types, String.class);
            Method m = type.getMethod(method, types);
            return m.invoke(context, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the servlet context (" + method + ")", e);
        }
    }
}
