package org.jwtgate.crypto;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import org.jose4j.jca.ProviderContext;

/**
 * The engine that verifies (and, for the publisher, makes) signatures, chosen once per jwtgate
 * engine by {@link SignatureEngines#select}: the JVM's default providers, or one named JCA provider
 * that jose4j is told to use through its {@link ProviderContext} (jose4j takes provider names, so the
 * provider is registered in the JVM, at the end of its list if jwtgate had to add it). Closing it
 * gives back what {@code select} took (see there). Thread-safe.
 */
public final class SignatureEngine implements AutoCloseable {
    private final String provider;
    private final String description;
    private final List<String> algorithms;
    private final ProviderContext context;
    private final Runnable release;
    private final boolean degraded;
    private boolean closed;

    SignatureEngine(String provider, String description, List<String> algorithms, Runnable release, boolean degraded) {
        this.provider = provider;
        this.degraded = degraded;
        this.description = description;
        this.algorithms = List.copyOf(algorithms);
        this.release = release;
        if (provider == null) {
            this.context = null;
        } else {
            ProviderContext c = new ProviderContext();
            c.getSuppliedKeyProviderContext().setSignatureProvider(provider);
            this.context = c;
        }
    }

    /** The JVM's default providers: jose4j's own choice. */
    public static SignatureEngine jdk(List<String> algorithms) {
        return new SignatureEngine(null, "the JDK's default providers", algorithms, () -> {
        }, false);
    }

    /** The registered name of the provider that verifies; empty: the JVM's default providers. */
    public Optional<String> providerName() {
        return Optional.ofNullable(provider);
    }

    /** Whether this is the Amazon Corretto Crypto Provider. */
    public boolean isAccp() {
        return SignatureEngines.ACCP_NAME.equals(provider);
    }

    /** For jose4j's {@code setProviderContext}; {@code null} for the JVM's defaults. */
    public ProviderContext providerContext() {
        return context;
    }

    /**
     * The context to verify with {@code key}: this engine's, except for keys its provider cannot take, which
     * the JVM's defaults verify as they would without it (ACCP has no Ed448: an Ed448 {@code EdDSA} key
     * would otherwise be refused on ACCP and accepted on the JDK).
     */
    public ProviderContext contextFor(Key key) {
        if (context == null || (isAccp() && key instanceof EdECKey ed && "Ed448".equalsIgnoreCase(ed.getParams().getName()))) {
            return DEFAULTS;
        }
        return context;
    }

    private static final ProviderContext DEFAULTS = new ProviderContext();
    private static final int MAX_NATIVE_KEYS = 256;
    private final Map<Key, Key> nativeKeys = new ConcurrentHashMap<>();

    /**
     * The key to verify with: on ACCP, an RSA or EC public key translated once into ACCP's own key (ACCP translates a
     * JDK key on every {@code initVerify} of a new {@code Signature}, which jose4j makes per token: about half of
     * an RS256 verification). Translations are kept per key, at most {@value #MAX_NATIVE_KEYS} (emptied when
     * full, which key rotations make rare). Any other key, or a key ACCP cannot translate, is given back as is
     * (private keys are never kept here: a signer's key is translated by ACCP per signature).
     */
    public Key keyFor(Key key) {
        if (!isAccp() || !(key instanceof RSAPublicKey || key instanceof ECPublicKey)) {
            return key;
        }
        Key translated = nativeKeys.get(key);
        if (translated == null) {
            translated = translated(key);
            if (translated == key) {
                return key;
            }
            if (nativeKeys.size() >= MAX_NATIVE_KEYS) {
                nativeKeys.clear();
            }
            nativeKeys.put(key, translated);
        }
        return translated;
    }

    private static final int MAX_POOLS = 256;
    private final Map<PoolKey, SignaturePool> pools = new ConcurrentHashMap<>();

    /**
     * Which pool: one per JWS algorithm, JCA algorithm, provider (null: the JVM's choice) and key object, the key
     * compared by identity (ACCP destroys the native key a {@code Signature} held when it is given another).
     * A class with its own {@code equals} and {@code hashCode}, not a record: on Java 17 a record's generated
     * {@code hashCode} is made by {@code java.lang.runtime.ObjectMethods} from its static
     * {@code OBJECTS_HASHCODE} handle through {@code MethodHandle.asType}, whose one-entry {@code asTypeCache}
     * keeps the last type it adapted to strongly (JDK-8078641, fixed in Java 18): a record component of an
     * application's class stays reachable from a JDK static after undeploy, and with it the application's class
     * loader ({@code TomcatUndeployLeakIT}; {@code equals} and {@code toString} go the same way).
     */
    private static final class PoolKey {
        private final String jwsAlgorithm;
        private final String javaAlgorithm;
        private final String provider;
        private final Key key;

        PoolKey(String jwsAlgorithm, String javaAlgorithm, String provider, Key key) {
            this.jwsAlgorithm = jwsAlgorithm;
            this.javaAlgorithm = javaAlgorithm;
            this.provider = provider;
            this.key = key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PoolKey other && other.key == key && other.jwsAlgorithm.equals(jwsAlgorithm)
                    && other.javaAlgorithm.equals(javaAlgorithm) && Objects.equals(other.provider, provider);
        }

        @Override
        public int hashCode() {
            return (31 * (31 * System.identityHashCode(key) + jwsAlgorithm.hashCode()) + javaAlgorithm.hashCode()) * 31
                    + Objects.hashCode(provider);
        }
    }

    /**
     * Whether {@code signature} is a valid signature of JWS algorithm {@code jwsAlgorithm} over {@code input}
     * with {@code key}, verified by the JCA algorithm {@code javaAlgorithm} with {@code params} (or none) on
     * the provider {@link #contextFor} names for that key, with a {@code Signature} object reused from a pool
     * ({@link SignaturePool}) instead of a new one per token. A pooled {@code Signature} only ever verifies
     * with one key object: the Amazon Corretto Crypto Provider destroys the native key a {@code Signature}
     * held when that {@code Signature} is initialized with another (a translated key {@link #keyFor} keeps
     * for every token), and the JDK picks the provider of a default {@code Signature} by the first key it is
     * given. Pools are kept for at most {@value #MAX_POOLS} keys (emptied when full, which key rotations
     * make rare). {@code false} for a signature the provider cannot read, as jose4j answers.
     *
     * @throws GeneralSecurityException when the provider refuses the key or lacks the algorithm
     */
    public boolean verify(String jwsAlgorithm, String javaAlgorithm, AlgorithmParameterSpec params, PublicKey key,
            byte[] input, byte[] signature) throws GeneralSecurityException {
        String on = contextFor(key) == context ? provider : null;
        PoolKey which = new PoolKey(jwsAlgorithm, javaAlgorithm, on, key);
        SignaturePool pool = pools.get(which);
        if (pool == null) {
            if (pools.size() >= MAX_POOLS) {
                pools.clear();
            }
            pool = pools.computeIfAbsent(which, k -> new SignaturePool(javaAlgorithm, params, on));
        }
        return pool.verify(key, input, signature);
    }

    /** How many {@code Signature} objects the pools made so far (a test's view of the reuse). */
    int signaturesMade() {
        return pools.values().stream().mapToInt(SignaturePool::created).sum();
    }

    /**
     * {@code key} translated into ACCP's own key, as {@link #keyFor} does, but not kept here: for a caller
     * that keeps it itself (the DPoP proof keys, one per client). Any other key, or one ACCP cannot
     * translate, is given back as is.
     */
    public Key translated(Key key) {
        String family = key instanceof RSAPublicKey ? "RSA" : key instanceof ECPublicKey ? "EC" : null;
        if (!isAccp() || family == null) {
            return key;
        }
        try {
            return KeyFactory.getInstance(family, provider).translateKey(key);
        } catch (GeneralSecurityException | RuntimeException e) {
            return key;
        }
    }

    /** The JWS algorithms it verifies, as configured. */
    public List<String> algorithms() {
        return algorithms;
    }

    /**
     * Whether {@code auto} fell back to the JVM's defaults for a reason an operator should see (ACCP present
     * but unusable), rather than because ACCP is simply not installed: the startup line is then a warning.
     */
    public boolean degraded() {
        return degraded;
    }

    /** The one startup line of a validating engine: which engine verifies which algorithms. */
    public String startupLine() {
        return startupLine("verified");
    }

    /**
     * The one startup line of an engine that signs ({@code made}) or verifies ({@code verified}): which engine
     * does it for which algorithms.
     */
    public String startupLine(String done) {
        return "jwtgate: signatures " + String.join(" ", algorithms) + " " + done + " by " + description
                + (isAccp() && algorithms.contains("EdDSA") ? " (EdDSA with Ed448 keys by the JDK's)" : "");
    }

    /**
     * Whether {@link #keyPairGenerator} takes this engine's provider for {@code algorithm}: only for {@code RSA} and
     * {@code EC}, when it offers a generator (ACCP's Ed25519 generator refuses
     * {@code initialize(255, random)}, with an {@code UnsupportedOperationException}).
     */
    public boolean generatesKeys(String algorithm) {
        return ("RSA".equals(algorithm) || "EC".equals(algorithm)) && offering("KeyPairGenerator", algorithm) != null;
    }

    /** A generator of key pairs of {@code algorithm}: this engine's provider's when {@link #generatesKeys}, otherwise the JVM's default. */
    public KeyPairGenerator keyPairGenerator(String algorithm) throws NoSuchAlgorithmException {
        return generatesKeys(algorithm) ? KeyPairGenerator.getInstance(algorithm, offering("KeyPairGenerator", algorithm))
                : KeyPairGenerator.getInstance(algorithm);
    }

    /** Whether {@link #cipher} takes this engine's provider for {@code transformation}. */
    public boolean offersCipher(String transformation) {
        return offering("Cipher", transformation) != null;
    }

    /** A {@link Cipher} of {@code transformation}: this engine's provider's when it offers one, otherwise the JVM's default. */
    public Cipher cipher(String transformation) throws NoSuchAlgorithmException, NoSuchPaddingException {
        Provider p = offering("Cipher", transformation);
        return p != null ? Cipher.getInstance(transformation, p) : Cipher.getInstance(transformation);
    }

    /** This engine's provider when it offers {@code type} {@code algorithm}; null for the JVM's defaults or when it does not. */
    private Provider offering(String type, String algorithm) {
        Provider p = provider == null ? null : Security.getProvider(provider);
        return p != null && p.getService(type, algorithm) != null ? p : null;
    }

    /** Which engine, for a log line: e.g. {@code AmazonCorrettoCryptoProvider 2.5.0 (native, AWS-LC)}. */
    public String description() {
        return description;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            pools.clear();
            release.run();
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
