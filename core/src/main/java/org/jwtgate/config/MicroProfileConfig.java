package org.jwtgate.config;

import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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
 */
public final class MicroProfileConfig {
    private static final System.Logger LOG = System.getLogger(MicroProfileConfig.class.getName());
    static final String PROVIDER = "org.eclipse.microprofile.config.ConfigProvider";
    static final String CONFIG = "org.eclipse.microprofile.config.Config";

    private final Object config;
    private final Method getOptionalValue;

    private MicroProfileConfig(Object config, Method getOptionalValue) {
        this.config = config;
        this.getOptionalValue = getOptionalValue;
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
            return config == null ? Optional.empty() : Optional.of(new MicroProfileConfig(config, get));
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
