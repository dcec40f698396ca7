package org.jwtgate.filter;

import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jwtgate.JwtGate;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.Parameters;
import org.jwtgate.config.Placeholders;
import org.jwtgate.keys.JwksPublisher;

/**
 * Makes a wrong jwtgate configuration fail the deployment, on every container and without any
 * container-specific setting: when the application starts, before any filter or servlet, it builds
 * the engine of every {@link JwtGateFilter}, the publisher of every {@link JwksServlet} (opening their
 * stores: files, key stores, databases) and the metadata of every {@link ProtectedResourceMetadataServlet}
 * declared in web.xml, and checks the shared
 * {@code jwtgate.*} context-params; the first failure is logged once, naming the parameter, and
 * thrown, and every container treats an exception from a {@code ServletContextListener} as a failed
 * deployment. (An exception from a servlet's {@code init} does not fail it everywhere: Tomcat keeps
 * the application up unless its Context sets {@code failCtxIfServletStartFails}.)
 *
 * <p>What it builds is handed to the filter or servlet of the same name when it initialises (a
 * servlet-context attribute taken once), so nothing is built twice; publishers are also published at
 * once ({@link JwksServlet#PUBLISHER_ATTRIBUTE}), so filters read their own tenants' keys in process
 * from the first request on. Anything not taken is closed when the application stops.
 *
 * <p>It also offers the application a registry of what must stop with it: the servlet-context
 * attribute {@value #CLOSE_WITH_CONTEXT} holds a {@code java.util.Collection} to which any jwtgate
 * component that has no lifecycle of its own adds an {@link AutoCloseable} (the JAX-RS feature its
 * engine, on runtimes without a shutdown callback such as RESTEasy); each is closed when the
 * application stops, so no {@code jwtgate-*} thread outlives an undeploy.
 *
 * <p>{@link JwtGateInitializer}, a {@code ServletContainerInitializer} in this jar, registers it by
 * itself. Where container initializers do not run (a web.xml with {@code metadata-complete="true"}
 * and an {@code <absolute-ordering>} leaving this jar out, or Jetty without its annotations module),
 * declare it: {@code <listener><listener-class>org.jwtgate.filter.JwtGateListener</listener-class></listener>}.
 * Declared and registered both, it runs once. Only components declared by class name are built here;
 * a filter or servlet registered as an instance keeps starting itself in {@code init}.
 */
public class JwtGateListener implements ServletContextListener {
    static final String GATE = "gate";
    static final String PUBLISHER = "publisher";
    static final String METADATA = "metadata";
    private static final String PREFIX = "org.jwtgate.startup.";
    private static final String RAN = PREFIX + "ran";
    /**
     * The servlet-context attribute holding the collection of {@link AutoCloseable}s closed when the
     * application stops (a JDK type, so that modules without the servlet API can add to it).
     */
    public static final String CLOSE_WITH_CONTEXT = "org.jwtgate.close-with-context";

    /** A filter or servlet of jwtgate's, as declared. */
    static final class Component {
        final String kind;
        final String name;
        final Map<String, String> initParameters;

        Component(String kind, String name, Map<String, String> initParameters) {
            this.kind = kind;
            this.name = name;
            this.initParameters = Collections.unmodifiableMap(new LinkedHashMap<>(initParameters));
        }
    }

    private final List<Component> components;

    /** For a {@code <listener>} in web.xml: reads the declared filters and servlets when the application starts. */
    public JwtGateListener() {
        this.components = null;
    }

    /**
     * With the components found by {@link JwtGateInitializer}: a listener added by a container
     * initializer may not read the registrations itself (Servlet 6.0 §4.4).
     */
    JwtGateListener(List<Component> components) {
        this.components = List.copyOf(components);
    }

    /** jwtgate's filters and servlets among the context's registrations. */
    static List<Component> components(ServletContext context) {
        List<Component> out = new ArrayList<>();
        for (FilterRegistration r : context.getFilterRegistrations().values()) {
            if (JwtGateFilter.class.getName().equals(r.getClassName())) {
                out.add(new Component(GATE, r.getName(), r.getInitParameters()));
            }
        }
        for (ServletRegistration r : context.getServletRegistrations().values()) {
            if (JwksServlet.class.getName().equals(r.getClassName())) {
                out.add(new Component(PUBLISHER, r.getName(), r.getInitParameters()));
            }
            if (ProtectedResourceMetadataServlet.class.getName().equals(r.getClassName())) {
                out.add(new Component(METADATA, r.getName(), r.getInitParameters()));
            }
        }
        return out;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (context.getAttribute(RAN) != null) {
            return;
        }
        context.setAttribute(RAN, Boolean.TRUE);
        context.setAttribute(CLOSE_WITH_CONTEXT, new ConcurrentLinkedQueue<AutoCloseable>());
        List<Component> all = components != null ? components : components(context);
        List<String> built = new ArrayList<>();
        try {
            checkContextParameters(context, all);
            // Publishers first: the filters' engines read their own tenants' keys from them.
            for (Component c : all) {
                if (c.kind.equals(PUBLISHER)) {
                    JwksPublisher p = JwksServlet.build(c.name, c.initParameters);
                    context.setAttribute(PREFIX + PUBLISHER + "." + c.name, p);
                    built.add(PREFIX + PUBLISHER + "." + c.name);
                    JwksServlet.publish(context, c.name, p);
                }
            }
            for (Component c : all) {
                if (c.kind.equals(GATE)) {
                    JwtGate g = JwtGateFilter.build(c.name, c.initParameters, context);
                    context.setAttribute(PREFIX + GATE + "." + c.name, g);
                    built.add(PREFIX + GATE + "." + c.name);
                }
            }
            for (Component c : all) {
                if (c.kind.equals(METADATA)) {
                    context.setAttribute(PREFIX + METADATA + "." + c.name,
                            ProtectedResourceMetadataServlet.build(c.name, c.initParameters, context));
                    built.add(PREFIX + METADATA + "." + c.name);
                }
            }
        } catch (StartupFailure e) {
            built.forEach(attribute -> close(context, attribute));
            throw e;
        }
    }

    /**
     * The shared {@code jwtgate.*} context-params must be known names with valid values even where no
     * filter reads them (the JAX-RS feature reads them when its application starts, which on some
     * containers is the first request). Required parameters are not checked here: a filter's
     * init-params or the feature's properties may complete them. A name a filter gives as an
     * init-param is left alone, as the filter itself leaves it (its init-param wins).
     */
    private static void checkContextParameters(ServletContext context, List<Component> all) {
        java.util.Set<String> overridden = new java.util.HashSet<>();
        all.stream().filter(c -> c.kind.equals(GATE)).forEach(c -> overridden.addAll(c.initParameters.keySet()));
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : Collections.list(context.getInitParameterNames())) {
            if (name.startsWith(JwtGateFilter.CONTEXT_PARAM_PREFIX)) {
                String key = name.substring(JwtGateFilter.CONTEXT_PARAM_PREFIX.length());
                if (!overridden.contains(key)) {
                    values.put(key, context.getInitParameter(name));
                }
            }
        }
        try {
            Parameters.parse(values, Placeholders.system());
        } catch (ConfigException e) {
            String message = e.getMessage() + " (from context-param '" + JwtGateFilter.CONTEXT_PARAM_PREFIX + e.parameter()
                    + "'); the application will not deploy";
            if (!StartupFailure.firstReport(context, e.parameter())) {
                throw StartupFailure.alreadyLogged(message, e); // the authentication module's listener has logged it
            }
            throw StartupFailure.logged(System.getLogger(JwtGateListener.class.getName()), message, e);
        }
    }

    /** What this listener built for the component {@code name}, handed over once (null if nothing). */
    static <T> T take(ServletContext context, String kind, String name, Class<T> type) {
        if (context == null || name == null) {
            return null;
        }
        String attribute = PREFIX + kind + "." + name;
        Object o = context.getAttribute(attribute);
        if (!type.isInstance(o)) {
            return null;
        }
        context.removeAttribute(attribute);
        return type.cast(o);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        for (String n : Collections.list(context.getAttributeNames())) {
            if (n.startsWith(PREFIX + GATE + ".") || n.startsWith(PREFIX + PUBLISHER + ".") || n.startsWith(PREFIX + METADATA + ".")) {
                close(context, n);
            }
        }
        if (context.getAttribute(CLOSE_WITH_CONTEXT) instanceof Collection<?> registered) {
            context.removeAttribute(CLOSE_WITH_CONTEXT);
            for (Object o : registered) {
                if (o instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception | LinkageError e) {
                        System.getLogger(JwtGateListener.class.getName()).log(System.Logger.Level.WARNING,
                                "jwtgate: could not stop " + o.getClass().getName() + " with the application: " + e.getClass().getName());
                    }
                }
            }
        }
        context.removeAttribute(RAN);
    }

    private static void close(ServletContext context, String attribute) {
        Object o = context.getAttribute(attribute);
        context.removeAttribute(attribute);
        if (o instanceof JwksPublisher p) {
            for (String n : Collections.list(context.getAttributeNames())) {
                if ((n.equals(JwksServlet.PUBLISHER_ATTRIBUTE) || n.startsWith(JwksServlet.PUBLISHER_ATTRIBUTE + "."))
                        && context.getAttribute(n) == p) {
                    context.removeAttribute(n);
                }
            }
            p.close();
        } else if (o instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // JwtGate.close declares nothing; a failure to stop is not worth failing the undeploy
            }
        }
    }
}
