package org.jwtgate.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.internal.inject.InjectionManager;
import org.glassfish.jersey.internal.inject.InjectionManagerSupplier;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;
import org.jwtgate.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * Payara Server's case, in one JVM: Jersey is an OSGi bundle whose class loader sees JAX-RS and Jersey
 * but not {@code jakarta.servlet}, while the application's (the one that loaded jwtgate) sees all. The
 * Jersey runtime is the collaborator here, so its feature context and injection manager are stand-ins
 * defined in such a "bundle" loader; the servlet context is a stand-in with the application's
 * context-params. Before the fix the feature looked for the servlet API through the runtime's loader
 * only, found none, and stopped the application with "at least one trusted issuer is required".
 */
class JerseyBundleClassLoaderTest {
    private static final String ISSUER = "https://idp.example.com/realms/main";

    /** Sees what Payara's jersey-common bundle sees: everything but the servlet API. */
    private static final class BundleLoader extends ClassLoader {
        private final ClassLoader application;

        BundleLoader(ClassLoader application) {
            super(null);
            this.application = application;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("jakarta.servlet.")) {
                throw new ClassNotFoundException(name + " (not imported by this bundle)");
            }
            return application.loadClass(name);
        }
    }

    private final ClassLoader application = getClass().getClassLoader();
    private final BundleLoader bundle = new BundleLoader(application);
    private final List<Object> registered = new ArrayList<>();

    private ServletContext servletContext() {
        Map<String, String> params = Map.of("jwtgate.issuers", ISSUER, "jwtgate.audiences", "api");
        InvocationHandler h = (proxy, method, args) -> switch (method.getName()) {
            case "getContextPath" -> "/shop";
            case "getInitParameterNames" -> Collections.enumeration(params.keySet());
            case "getInitParameter" -> params.get((String) args[0]);
            default -> null;
        };
        return (ServletContext) Proxy.newProxyInstance(application, new Class<?>[] {ServletContext.class}, h);
    }

    private FeatureContext jerseyFeatureContext() throws Exception {
        ServletContext servletContext = servletContext();
        InjectionManager injection = (InjectionManager) Proxy.newProxyInstance(bundle, new Class<?>[] {InjectionManager.class},
                (proxy, method, args) -> method.getName().equals("getInstance") && args.length == 1
                        && args[0] == ServletContext.class ? servletContext : null);
        Configuration configuration = (Configuration) Proxy.newProxyInstance(bundle, new Class<?>[] {Configuration.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperties" -> Map.of();
                    case "isRegistered" -> false;
                    default -> null;
                });
        InvocationHandler h = (proxy, method, args) -> switch (method.getName()) {
            case "getInjectionManager" -> injection;
            case "getConfiguration" -> configuration;
            case "register" -> {
                registered.add(args[0]);
                yield proxy;
            }
            default -> null;
        };
        return (FeatureContext) Proxy.newProxyInstance(bundle,
                new Class<?>[] {FeatureContext.class, InjectionManagerSupplier.class}, h);
    }

    @Test
    void theRuntimesLoaderCannotSeeTheServletApi() throws Exception {
        FeatureContext context = jerseyFeatureContext();
        assertEquals(bundle, context.getClass().getClassLoader());
        assertThrows(ClassNotFoundException.class, () -> Class.forName("jakarta.servlet.ServletContext", false, bundle));
    }

    @Test
    void theFeatureReadsTheContextParamsThroughTheApplicationsLoader() throws Exception {
        FeatureContext context = jerseyFeatureContext();
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(bundle); // nor does the thread's: only jwtgate's own loader sees the servlet API
        try {
            ServletEnvironment servlet = ServletEnvironment.find(context).orElseThrow();
            assertEquals("/shop", servlet.contextPath());
            assertEquals(ISSUER, servlet.initParameters("jwtgate.").get("issuers"));
            assertTrue(new JwtGateFeature().configure(context));
        } catch (ConfigException e) {
            throw new AssertionError("the feature did not see the context-params: " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(before);
            closeRegisteredEngines();
        }
        assertTrue(registered.stream().anyMatch(JwtGateDynamicFeature.class::isInstance), registered.toString());
        assertTrue(registered.stream().anyMatch(ContainerLifecycleListener.class::isInstance), registered.toString());
    }

    /** The feature's own engine is closed through the shutdown listener it registered with Jersey. */
    private void closeRegisteredEngines() {
        for (Object o : registered) {
            if (o instanceof ContainerLifecycleListener l) {
                l.onShutdown(null);
            }
        }
    }
}
