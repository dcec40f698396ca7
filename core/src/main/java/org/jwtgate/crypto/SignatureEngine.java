package org.jwtgate.crypto;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
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
     * full, which key rotations make rare). Any other key, or a key ACCP cannot translate, is given back as is.
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

    /** The one startup line: which engine verifies which algorithms. */
    public String startupLine() {
        return "jwtgate: signatures " + String.join(" ", algorithms) + " verified by " + description
                + (isAccp() && algorithms.contains("EdDSA") ? " (EdDSA with Ed448 keys by the JDK's)" : "");
    }

    /** Which engine, for a log line: e.g. {@code AmazonCorrettoCryptoProvider 2.5.0 (native, AWS-LC)}. */
    public String description() {
        return description;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            release.run();
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
