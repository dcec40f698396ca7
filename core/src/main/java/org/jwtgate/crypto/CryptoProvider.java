package org.jwtgate.crypto;

import java.util.Locale;
import java.util.Objects;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.Parameters;

/**
 * The {@code crypto-provider} setting: which engine verifies signatures. One of {@link #AUTO} (the
 * Amazon Corretto Crypto Provider when its classes are visible and its self-test passes, otherwise
 * the JVM's default providers), {@link #JDK}, {@link #ACCP} (required: an engine is refused if it is
 * absent or unhealthy) or the name of a JCA provider already registered in the JVM. What each means
 * is decided in {@link SignatureEngines}.
 */
public final class CryptoProvider {
    /** ACCP when present and healthy, otherwise the JVM's default providers (the default). */
    public static final CryptoProvider AUTO = new CryptoProvider("auto");
    /** The JVM's default providers, as jose4j chooses them without a provider name. */
    public static final CryptoProvider JDK = new CryptoProvider("jdk");
    /** The Amazon Corretto Crypto Provider, required. */
    public static final CryptoProvider ACCP = new CryptoProvider("accp");

    private final String value;

    private CryptoProvider(String value) {
        this.value = value;
    }

    /**
     * {@code auto}, {@code jdk}, {@code accp} (case-insensitive) or a JCA provider name (printable
     * ASCII, as {@link java.security.Provider#getName()} spells it).
     *
     * @throws IllegalArgumentException for a blank or non-printable name
     */
    public static CryptoProvider parse(String v) {
        String s = Objects.requireNonNull(v, "crypto-provider").strip();
        switch (s.toLowerCase(Locale.ROOT)) {
            case "auto":
                return AUTO;
            case "jdk":
                return JDK;
            case "accp":
                return ACCP;
            default:
                if (s.isEmpty() || !s.matches("[\\x20-\\x7E]+")) {
                    throw new IllegalArgumentException("'" + s + "' is not auto, jdk, accp or a JCA provider name");
                }
                return new CryptoProvider(s);
        }
    }

    /**
     * The {@code crypto-provider} parameter's value, as {@link #parse}, for the filter's and the publisher's tables.
     *
     * @throws ConfigException naming {@code crypto-provider} for a value {@link #parse} refuses
     */
    public static CryptoProvider parameter(String v) {
        try {
            return parse(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Parameters.CRYPTO_PROVIDER, e.getMessage());
        }
    }

    /** Whether this names a JCA provider rather than one of auto, jdk, accp. */
    public boolean isProviderName() {
        return this != AUTO && this != JDK && this != ACCP;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CryptoProvider c && c.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** The setting as written: {@code auto}, {@code jdk}, {@code accp} or the provider name. */
    @Override
    public String toString() {
        return value;
    }
}
