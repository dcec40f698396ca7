package org.jwtgate.crypto;

import java.lang.reflect.InvocationTargetException;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.Parameters;
import org.jwtgate.internal.RecordMethods;

/**
 * The rules of {@code crypto-provider}, decided here once for every adapter.
 * <ul>
 * <li>{@code jdk}: the JVM's default providers (jose4j asks for an algorithm without a provider name).</li>
 * <li>{@code accp}: the Amazon Corretto Crypto Provider, found by class name through jwtgate's own class
 * loader (so the jar may be in the server's {@code lib/} or next to jwtgate): it must load its native
 * library, pass its self-test ({@code assertHealthy}) and offer every configured algorithm, otherwise
 * the engine is refused with a {@link ConfigException} (the deployment fails).</li>
 * <li>{@code auto} (the default): as {@code accp} when that succeeds, otherwise the JVM's defaults, with the
 * reason in the startup line.</li>
 * <li>any other value: a JCA provider of that name, already registered, offering every configured algorithm;
 * otherwise refused.</li>
 * </ul>
 * jose4j names providers, so ACCP must be registered: if no provider of its name is, jwtgate appends it at
 * the END of the JVM's list ({@link Security#addProvider}), behind the JDK's own, so that no application's
 * default choice changes; it never inserts one ahead. A provider of that name registered from a class loader
 * jwtgate cannot see (another application's {@code WEB-INF/lib}) is not used: its classes go when that
 * application is undeployed. An ACCP that jwtgate registered from its own class loader (both in one
 * application's {@code WEB-INF/lib}) is removed again when the last engine using it closes, so that the
 * application can be collected; one from a parent loader (the server's {@code lib/}) stays registered for
 * other applications.
 */
public final class SignatureEngines {
    /** ACCP's provider name. */
    public static final String ACCP_NAME = "AmazonCorrettoCryptoProvider";
    static final String ACCP_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";
    private static final Map<String, String> JAVA_ALGORITHMS = new LinkedHashMap<>();

    static {
        JAVA_ALGORITHMS.put("RS256", "SHA256withRSA");
        JAVA_ALGORITHMS.put("RS384", "SHA384withRSA");
        JAVA_ALGORITHMS.put("RS512", "SHA512withRSA");
        JAVA_ALGORITHMS.put("PS256", "RSASSA-PSS");
        JAVA_ALGORITHMS.put("PS384", "RSASSA-PSS");
        JAVA_ALGORITHMS.put("PS512", "RSASSA-PSS");
        JAVA_ALGORITHMS.put("ES256", "SHA256withECDSA");
        JAVA_ALGORITHMS.put("ES384", "SHA384withECDSA");
        JAVA_ALGORITHMS.put("ES512", "SHA512withECDSA");
        JAVA_ALGORITHMS.put("EdDSA", "EdDSA");
    }

    // The ACCP instance this copy of jwtgate registered, and how many open engines use it.
    private static Provider registeredByUs;
    private static int users;

    private SignatureEngines() {
    }

    /** The JCA {@code Signature} algorithm jose4j asks for to verify JWS algorithm {@code alg}. */
    public static String javaAlgorithm(String alg) {
        String java = JAVA_ALGORITHMS.get(alg);
        if (java == null) {
            throw new IllegalArgumentException("not a JWS algorithm jwtgate accepts: " + alg);
        }
        return java;
    }

    /**
     * The engine for {@code setting} and the JWS {@code algorithms} to verify, ACCP looked up through
     * jwtgate's own class loader.
     *
     * @throws ConfigException ({@code crypto-provider}) when {@code accp} or a named provider cannot serve
     */
    public static SignatureEngine select(CryptoProvider setting, Collection<String> algorithms) {
        return select(setting, algorithms, SignatureEngines.class.getClassLoader());
    }

    /** As {@link #select(CryptoProvider, Collection)}, ACCP looked up through {@code loader} (a test seam). */
    public static SignatureEngine select(CryptoProvider setting, Collection<String> algorithms, ClassLoader loader) {
        List<String> algs = ordered(algorithms);
        if (setting.equals(CryptoProvider.JDK)) {
            return SignatureEngine.jdk(algs);
        }
        if (setting.isProviderName()) {
            return named(setting.toString(), algs);
        }
        Accp accp = accp(algs, loader);
        if (accp.engine != null) {
            return accp.engine;
        }
        if (setting.equals(CryptoProvider.ACCP)) {
            throw new ConfigException(Parameters.CRYPTO_PROVIDER, "'accp': the Amazon Corretto Crypto Provider "
                    + accp.why + "; add software.amazon.cryptools:AmazonCorrettoCryptoProvider (classifier linux-x86_64 "
                    + "or linux-aarch_64) to the server's lib/, or use crypto-provider=auto or jdk");
        }
        return new SignatureEngine(null, "the JDK's default providers (crypto-provider=auto: the Amazon Corretto "
                + "Crypto Provider " + accp.why + ")", algs, () -> {
                }, accp.warn);
    }

    private static SignatureEngine named(String name, List<String> algs) {
        Provider p = Security.getProvider(name);
        if (p == null) {
            List<String> names = new ArrayList<>();
            for (Provider each : Security.getProviders()) {
                names.add(each.getName());
            }
            throw new ConfigException(Parameters.CRYPTO_PROVIDER, "'" + name + "' is not a registered JCA provider "
                    + "(registered: " + String.join(" ", names) + "); use auto, jdk, accp or one of these");
        }
        List<String> missing = missing(p, algs);
        if (!missing.isEmpty()) {
            throw new ConfigException(Parameters.CRYPTO_PROVIDER, "'" + name + "' offers no Signature for "
                    + String.join(" ", missing) + "; leave those out of algorithms, or use another provider");
        }
        return new SignatureEngine(name, name + " " + p.getVersionStr(), algs, () -> {
        }, false);
    }

    private static List<String> missing(Provider p, List<String> algs) {
        List<String> missing = new ArrayList<>();
        for (String alg : algs) {
            if (p.getService("Signature", javaAlgorithm(alg)) == null) {
                missing.add(alg);
            }
        }
        return missing;
    }

    /** Either an engine, or why there is none and whether that deserves a warning. */
    private record Accp(SignatureEngine engine, String why, boolean warn) {
        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Accp that
                    && Objects.equals(engine, that.engine)
                    && Objects.equals(why, that.why)
                    && warn == that.warn;
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(engine, why, warn);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    private static Accp accp(List<String> algs, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(ACCP_CLASS, true, loader);
        } catch (ClassNotFoundException e) {
            Provider foreign = Security.getProvider(ACCP_NAME);
            return foreign == null ? new Accp(null, "is not on the class path", false)
                    : new Accp(null, "is registered from a class loader jwtgate cannot see (another application's "
                            + "WEB-INF/lib?); put its jar in the server's lib/ to share it", true);
        } catch (LinkageError | RuntimeException e) {
            return new Accp(null, "could not be loaded (" + e + ")", true);
        }
        Provider instance;
        try {
            instance = (Provider) type.getField("INSTANCE").get(null);
            Object loadingError = type.getMethod("getLoadingError").invoke(instance);
            if (loadingError != null) {
                return new Accp(null, "could not load its native library (" + loadingError + ")", true);
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new Accp(null, "could not be loaded (" + e + ")", true);
        }
        synchronized (SignatureEngines.class) {
            Provider registered = Security.getProvider(ACCP_NAME);
            boolean added = false;
            if (registered == null) {
                // Appended behind every provider present: no algorithm's default choice changes.
                added = Security.addProvider(instance) != -1;
                registered = Security.getProvider(ACCP_NAME);
            }
            if (registered == null || registered.getClass() != type) {
                return new Accp(null, "is registered from another class loader (another application's WEB-INF/lib?): "
                        + "put its jar in the server's lib/ to share it", true);
            }
            String unhealthy = unhealthy(type, registered);
            List<String> missing = missing(registered, algs);
            if (unhealthy != null || !missing.isEmpty()) {
                if (added) {
                    Security.removeProvider(ACCP_NAME);
                }
                return new Accp(null, unhealthy != null ? "failed its self-test (" + unhealthy + ")"
                        : "offers no Signature for " + String.join(" ", missing), true);
            }
            if (added) {
                registeredByUs = registered;
            }
            Runnable release = () -> {
            };
            if (registered == registeredByUs) {
                users++;
                Provider mine = registered;
                release = () -> release(mine);
            }
            String awsLc;
            try {
                awsLc = type.getMethod("getAwsLcVersionStr").invoke(registered) + ", ";
            } catch (ReflectiveOperationException | RuntimeException e) {
                awsLc = "";
            }
            return new Accp(new SignatureEngine(ACCP_NAME, ACCP_NAME + " " + registered.getVersionStr() + " (" + awsLc + "native)",
                    algs, release, false), null, false);
        }
    }

    private static String unhealthy(Class<?> type, Provider p) {
        try {
            type.getMethod("assertHealthy").invoke(p);
            return null;
        } catch (InvocationTargetException e) {
            return String.valueOf(e.getCause());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return String.valueOf(e);
        }
    }

    // The last engine of this copy of jwtgate using the ACCP it registered from its own class loader takes it
    // out again, so that an undeployed application is not pinned by the JVM's provider list.
    private static synchronized void release(Provider mine) {
        if (--users > 0 || registeredByUs != mine) {
            return;
        }
        if (mine.getClass().getClassLoader() == SignatureEngines.class.getClassLoader()
                && Security.getProvider(ACCP_NAME) == mine) {
            Security.removeProvider(ACCP_NAME);
        }
        registeredByUs = null;
    }

    private static List<String> ordered(Collection<String> algorithms) {
        List<String> out = new ArrayList<>();
        for (String alg : JAVA_ALGORITHMS.keySet()) {
            if (algorithms.contains(alg)) {
                out.add(alg);
            }
        }
        return out;
    }
}
