package org.jwtgate.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Another build of jwtgate's core (its jar: say, the commit before a change) loaded beside this one in a
 * class loader of its own that looks in that jar first for {@code org.jwtgate} classes, everything else
 * (jose4j, ACCP) shared: its engine without token cache on the JDK's providers ({@code baseline}) and on
 * ACCP ({@code baselineAccp}), configured as {@link Contenders} configures this build's, called through
 * reflection. So a change's before and after take turns in the same JVM and the same rounds.
 */
final class Baseline implements AutoCloseable {
    private final List<AutoCloseable> gates = new ArrayList<>();
    private final Map<String, Contenders.Contender> contenders = new LinkedHashMap<>();
    private final URLClassLoader loader;

    private Baseline(URLClassLoader loader) {
        this.loader = loader;
    }

    static Baseline contenders(Path coreJar, String jwksUri, String token) throws Exception {
        Baseline b = new Baseline(new CoreFirst(new URL[] {coreJar.toUri().toURL()}, Baseline.class.getClassLoader()));
        try {
            b.add("baseline", "JDK", jwksUri, token);
            b.add("baselineAccp", "ACCP", jwksUri, token);
        } catch (Exception | Error e) {
            b.close();
            throw e;
        }
        return b;
    }

    private void add(String name, String provider, String jwksUri, String token) throws Exception {
        Class<?> configClass = loader.loadClass("org.jwtgate.config.GateConfig");
        Class<?> builderClass = loader.loadClass("org.jwtgate.config.GateConfig$Builder");
        Class<?> providerClass = loader.loadClass("org.jwtgate.crypto.CryptoProvider");
        Class<?> gateClass = loader.loadClass("org.jwtgate.JwtGate");
        if (gateClass.getClassLoader() != loader) {
            throw new IllegalStateException("the baseline's JwtGate came from " + gateClass.getClassLoader());
        }
        Object builder = configClass.getMethod("builder").invoke(null);
        builderClass.getMethod("issuer", String.class, String.class).invoke(builder, Fixture.ISSUER, jwksUri);
        builderClass.getMethod("audiences", String[].class).invoke(builder, (Object) new String[] {Fixture.AUDIENCE});
        builderClass.getMethod("jwksDefaultTtl", Duration.class).invoke(builder, Duration.ofHours(24));
        builderClass.getMethod("jwksMinTtl", Duration.class).invoke(builder, Duration.ofHours(24));
        builderClass.getMethod("tokenCache", boolean.class).invoke(builder, false);
        builderClass.getMethod("cryptoProvider", providerClass).invoke(builder, providerClass.getField(provider).get(null));
        Object config = builderClass.getMethod("build").invoke(builder);
        Object gate = gateClass.getMethod("createWithoutBackgroundRefresh", configClass).invoke(null, config);
        gates.add((AutoCloseable) gate);
        Method validate = gateClass.getMethod("validate", String.class);
        Object outcome = validate.invoke(gate, token);
        if (!outcome.getClass().getName().equals("org.jwtgate.Outcome$Authenticated")) {
            throw new IllegalStateException("the baseline did not accept the token: " + outcome);
        }
        contenders.put(name, () -> validate.invoke(gate, token));
    }

    Map<String, Contenders.Contender> contenders() {
        return contenders;
    }

    @Override
    public void close() {
        try {
            for (AutoCloseable g : gates) {
                g.close();
            }
            loader.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the baseline", e);
        }
    }

    /** Looks in its own jar first for jwtgate's core classes (not the benchmarks' nor the testing module's). */
    private static final class CoreFirst extends URLClassLoader {
        private static final Set<String> SHARED = Set.of("org.jwtgate.bench.", "org.jwtgate.testing.");

        CoreFirst(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && name.startsWith("org.jwtgate.") && SHARED.stream().noneMatch(name::startsWith)) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException notInTheJar) {
                        // from the parent
                    }
                }
                if (c == null) {
                    c = super.loadClass(name, false);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        @Override
        public URL getResource(String name) {
            URL mine = findResource(name);
            return mine != null ? mine : super.getResource(name);
        }
    }
}
