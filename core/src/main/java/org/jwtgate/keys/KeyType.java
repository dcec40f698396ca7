package org.jwtgate.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jwtgate.crypto.SignatureEngine;

/**
 * The kinds of signing key jwtgate generates for a tenant, by their configuration names
 * ({@code key-type}), with the JWS {@code alg} each signs with (RFC 7518 §3.1, RFC 8037 §3.1).
 */
public enum KeyType {
    RSA_2048("rsa-2048", "RS256"),
    RSA_3072("rsa-3072", "RS256"),
    RSA_4096("rsa-4096", "RS256"),
    EC_P256("ec-p256", "ES256"),
    EC_P384("ec-p384", "ES384"),
    ED25519("ed25519", "EdDSA");

    private final String configName;
    private final String algorithm;

    KeyType(String configName, String algorithm) {
        this.configName = configName;
        this.algorithm = algorithm;
    }

    /** The name used in configuration, e.g. {@code rsa-2048}. */
    public String configName() {
        return configName;
    }

    /** The JWS {@code alg} of keys of this type. */
    public String algorithm() {
        return algorithm;
    }

    /** The type named {@code name} in configuration. */
    public static Optional<KeyType> fromConfigName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.configName.equals(n)).findFirst();
    }

    /** The JCA name of its key pairs' algorithm: {@code RSA}, {@code EC} or {@code Ed25519}. */
    String jcaAlgorithm() {
        return configName.startsWith("rsa") ? "RSA" : configName.startsWith("ec") ? "EC" : "Ed25519";
    }

    /** A fresh key pair of this type, from the JVM's default providers. */
    public KeyPair generate(SecureRandom random) throws GeneralSecurityException {
        return generate(random, SignatureEngine.jdk(List.of()));
    }

    /**
     * A fresh key pair of this type: RSA and EC from {@code engine}'s provider when it has a generator (ACCP makes an
     * RSA-4096 key several times faster; it then uses its own random source, not {@code random}), Ed25519 always
     * from the JVM's defaults (see {@link SignatureEngine#generatesKeys}).
     */
    public KeyPair generate(SecureRandom random, SignatureEngine engine) throws GeneralSecurityException {
        KeyPairGenerator g = engine.keyPairGenerator(jcaAlgorithm());
        switch (this) {
            case RSA_2048, RSA_3072, RSA_4096 -> g.initialize(Integer.parseInt(configName.substring(4)), random);
            case EC_P256, EC_P384 -> g.initialize(new ECGenParameterSpec(this == EC_P256 ? "secp256r1" : "secp384r1"), random);
            default -> g.initialize(255, random);
        }
        return g.generateKeyPair();
    }
}
