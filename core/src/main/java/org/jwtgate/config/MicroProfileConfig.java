package org.jwtgate.config;

import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * MicroProfile Config as one more source of jwtgate's parameters, where a server has it (Payara), with
 * no compile-time or run-time dependency: {@code org.eclipse.microprofile.config.ConfigProvider} is
 * looked up by reflection through the application's class loader, and when it is absent (Tomcat,
 * Jetty) this source is simply empty.
 *
 * <p>Only the names jwtgate knows are asked for ({@code prefix + name} for each), so an unknown
 * {@code jwtgate.*} key in MicroProfile Config is not reported: its sources (system properties, the
 * environment) are shared by every application of the JVM and may hold keys meant for others.
 * MicroProfile Config's own rules apply: its system-property and environment sources are included
 * (so {@code -Djwtgate.mode=optional} and {@code JWTGATE_MODE=optional} are both
 * {@code jwtgate.mode}), and so is the application's {@code META-INF/microprofile-config.properties}.
 * Values are never logged; the caller logs which names were taken from here.
 *
 * <p>The {@code [PATTERN]} forms of {@code required-acr} and {@code max-auth-age} cannot be asked for by
 * name: {@link #parameters} finds them among the names MicroProfile Config lists
 * ({@code getPropertyNames()}), which covers system properties and {@code microprofile-config.properties}
 * (environment variable names cannot hold brackets).
 */
public final class MicroProfileConfig {
    private static final System.Logger LOG = System.getLogger(MicroProfileConfig.class.getName());
    static final String PROVIDER = "org.eclipse.microprofile.config.ConfigProvider";
    static final String CONFIG = "org.eclipse.microprofile.config.Config";

    private final Object config;
    private final Method getOptionalValue;
    private final Method getPropertyNames;

    private MicroProfileConfig(Object config, Method getOptionalValue, Method getPropertyNames) {
        this.config = config;
        this.getOptionalValue = getOptionalValue;
        this.getPropertyNames = getPropertyNames;
    }

    /**
     * The MicroProfile Config of the application whose class loader is {@code loader}, or empty when
     * that loader sees no MicroProfile Config (API or implementation).
     */
    public static Optional<MicroProfileConfig> find(ClassLoader loader) {
        if (loader == null) {
            return Optional.empty();
        }
        Class<?> provider;
        Class<?> configType;
        try {
            provider = Class.forName(PROVIDER, true, loader);
            configType = Class.forName(CONFIG, false, loader);
        } catch (ClassNotFoundException | LinkageError absent) {
            return Optional.empty();
        }
        try {
            Object config = provider.getMethod("getConfig", ClassLoader.class).invoke(null, loader);
            Method get = configType.getMethod("getOptionalValue", String.class, Class.class);
            Method names = configType.getMethod("getPropertyNames");
            return config == null ? Optional.empty() : Optional.of(new MicroProfileConfig(config, get, names));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // The API without an implementation, for instance: there is no MicroProfile Config to read.
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            LOG.log(Level.INFO, "jwtgate: MicroProfile Config is visible but cannot be used ({0}); it is not read",
                    cause.getClass().getName());
            return Optional.empty();
        }
    }

    /** The value of {@code key}, if MicroProfile Config has one. */
    public Optional<String> value(String key) {
        try {
            return ((Optional<?>) getOptionalValue.invoke(config, key, String.class)).map(Object::toString);
        } catch (InvocationTargetException e) {
            // A value MicroProfile Config itself cannot produce (an unresolvable ${…} expression in it, say).
            throw new ConfigException(key, "MicroProfile Config cannot give its value ("
                    + (e.getCause() == null ? e : e.getCause()).getClass().getName() + ")");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("MicroProfile Config's getOptionalValue cannot be called", e);
        }
    }

    /**
     * The names MicroProfile Config lists ({@code getPropertyNames()}) that start with {@code prefix},
     * without it, sorted.
     */
    public Set<String> names(String prefix) {
        Set<String> out = new TreeSet<>();
        try {
            for (Object name : (Iterable<?>) getPropertyNames.invoke(config)) {
                if (name instanceof String n && n.startsWith(prefix)) {
                    out.add(n.substring(prefix.length()));
                }
            }
        } catch (InvocationTargetException e) {
            // Fail closed: a step-up requirement written there would otherwise be silently missing.
            throw new ConfigException(Parameters.REQUIRED_ACR_PER_PATH, "MicroProfile Config cannot list its property names ("
                    + (e.getCause() == null ? e : e.getCause()).getClass().getName() + ")");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("MicroProfile Config's getPropertyNames cannot be called", e);
        }
        return out;
    }

    /**
     * jwtgate's parameters ({@link Parameters}) that MicroProfile Config has as {@code prefix + name} and
     * {@code given} (the names the application itself sets, in web.xml or JAX-RS properties) leaves open,
     * keyed by name without the prefix: each named parameter not in {@code given}; and {@code required-acr}
     * and {@code max-auth-age} in all their forms, {@code [PATTERN]} ones included, each only when
     * {@code given} sets it in no form. A step-up requirement thus comes whole from one place: a JVM-wide
     * {@code -Djwtgate.required-acr[/admin/*]=…} cannot replace, on some paths, what an application's
     * web.xml requires everywhere.
     */
    public Map<String, String> parameters(String prefix, Set<String> given) {
        Set<String> stepUpGiven = new TreeSet<>();
        given.forEach(n -> Parameters.stepUpParameter(n).ifPresent(stepUpGiven::add));
        Predicate<String> open = n -> Parameters.stepUpParameter(n).map(p -> !stepUpGiven.contains(p)).orElse(!given.contains(n));
        Set<String> wanted = new LinkedHashSet<>();
        Parameters.names().stream().filter(n -> !Parameters.FAMILIES.contains(n) && open.test(n)).forEach(wanted::add);
        names(prefix).stream().filter(n -> Parameters.stepUpParameter(n).isPresent() && open.test(n)).forEach(wanted::add);
        return values(prefix, wanted);
    }

    /**
     * The values of {@code prefix + name} for each name, keyed by name (without the prefix), in the
     * order of {@code names}; names without a value are left out.
     */
    public Map<String, String> values(String prefix, Collection<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names) {
            value(prefix + name).ifPresent(v -> out.put(name, v));
        }
        return out;
    }
}
