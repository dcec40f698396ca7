package org.jwtgate.keys.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.Values;
import org.jwtgate.crypto.SignatureEngine;
import org.jwtgate.internal.RecordMethods;
import org.jwtgate.keys.PublisherParameters;
import org.jwtgate.tenant.TenantId;

/**
 * Encrypts tenants' private keys for storage in a database: AES-256 in Galois/Counter Mode
 * (NIST SP 800-38D) under a key-encryption key (KEK) from the configuration, so that a copy of the
 * database alone (a backup, a replica, a DBA's query) reveals no private key.
 *
 * <ul>
 * <li>Each record gets a fresh random 96-bit IV (SP 800-38D §8.2.2, RBG-based construction) and a
 * 128-bit tag; the sealed form is {@code IV || ciphertext || tag}. At a handful of records per
 * rotation, the 2<sup>32</sup> invocation limit of §8.3 per KEK is never approached.</li>
 * <li>The additional authenticated data binds the record to its tenant, its {@code kid}, its KEK id
 * and the SHA-256 of its certificate: a row copied to another tenant or kid, or given another
 * certificate (public key), no longer decrypts.</li>
 * <li>Several KEKs, each with an id stored next to the record: the first encrypts, all decrypt, so
 * the KEK itself can be rotated (add the new one first, re-encrypt with
 * {@link JdbcKeyStore#rewrap()}, then drop the old one).</li>
 * </ul>
 *
 * Configuration ({@code key-encryption-keys}, a secret): entries separated by commas or whitespace,
 * each {@code ID:BASE64} (32 random bytes, e.g. {@code openssl rand -base64 32}) or a bare
 * {@code ALIAS} naming an AES-256 secret-key entry of the PKCS12 file {@code key-encryption-keystore};
 * the alias is then the KEK id. KEK ids are 1 to 64 characters {@code [A-Za-z0-9._-]}. Errors name
 * the parameter and never show key material. Thread-safe.
 */
public final class KeyEncryption {
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final byte[] CONTEXT = "jwtgate/jdbc-key/v1".getBytes(StandardCharsets.US_ASCII);
    private static final String PARAMETER = PublisherParameters.KEY_ENCRYPTION_KEYS;
    /** The cipher that seals private keys. */
    public static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final Map<String, SecretKey> keks;
    private final String primary;
    private final SignatureEngine engine;
    private final SecureRandom random = new SecureRandom();

    /** A private key sealed for storage: the KEK id and {@code IV || ciphertext || tag}. */
    public record Sealed(String kekId, byte[] data) {
        public Sealed {
            Objects.requireNonNull(kekId, "kekId");
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public String toString() {
            return "Sealed[kekId=" + kekId + ", " + data.length + " bytes]";
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Sealed that
                    && Objects.equals(kekId, that.kekId)
                    && Objects.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(kekId, data);
        }
    }

    private KeyEncryption(Map<String, SecretKey> keks) {
        this(keks, SignatureEngine.jdk(List.of()));
    }

    private KeyEncryption(Map<String, SecretKey> keks, SignatureEngine engine) {
        if (keks.isEmpty()) {
            throw new ConfigException(PARAMETER, "names no key-encryption key");
        }
        this.keks = Collections.unmodifiableMap(new LinkedHashMap<>(keks));
        this.primary = keks.keySet().iterator().next();
        this.engine = engine;
    }

    /**
     * The same KEKs, AES-GCM done by {@code engine}'s provider when it offers it (ACCP does), otherwise by the JVM's
     * default; the sealed form is the same either way.
     */
    public KeyEncryption on(SignatureEngine engine) {
        return new KeyEncryption(keks, Objects.requireNonNull(engine, "engine"));
    }

    /**
     * KEKs given in code: id → 32 key bytes, in order (the first encrypts). The arrays are copied.
     *
     * @throws ConfigException for a bad id or a key that is not 32 bytes
     */
    public static KeyEncryption of(Map<String, byte[]> keks) {
        Map<String, SecretKey> m = new LinkedHashMap<>();
        keks.forEach((id, bytes) -> add(m, id, bytes, id));
        return new KeyEncryption(m);
    }

    /**
     * Parses {@code key-encryption-keys}; bare aliases are read from {@code keystore} (PKCS12) with
     * {@code password}.
     *
     * @throws ConfigException naming the parameter at fault; key material is never shown
     */
    public static KeyEncryption parse(String value, Optional<Path> keystore, Optional<String> password) {
        return new KeyEncryption(entries(value, keystore, password, true));
    }

    private static Map<String, SecretKey> entries(String value, Optional<Path> keystore, Optional<String> password,
            boolean load) {
        List<String> entries = Values.list(value == null ? "" : value);
        KeyStore ks = null;
        Map<String, SecretKey> m = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            String where = "entry " + (i + 1) + " of " + entries.size();
            int colon = entry.indexOf(':');
            if (colon >= 0) {
                String id = entry.substring(0, colon);
                if (!ID.matcher(id).matches()) {
                    throw new ConfigException(PARAMETER, where + " does not start with a KEK id (1 to 64 characters "
                            + "A-Z, a-z, 0-9, '.', '_', '-') and ':'");
                }
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(entry.substring(colon + 1));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(PARAMETER, "the key of KEK '" + id + "' is not base64 "
                            + "(use 32 random bytes, e.g. openssl rand -base64 32)");
                }
                try {
                    add(m, id, bytes, id);
                } finally {
                    Arrays.fill(bytes, (byte) 0);
                }
            } else {
                if (keystore.isEmpty()) {
                    throw new ConfigException(PARAMETER, where + " is neither ID:BASE64 nor, without "
                            + PublisherParameters.KEY_ENCRYPTION_KEYSTORE + ", a key store alias");
                }
                if (!ID.matcher(entry).matches()) {
                    throw new ConfigException(PARAMETER, where + " is not a key store alias (1 to 64 characters "
                            + "A-Z, a-z, 0-9, '.', '_', '-')");
                }
                if (!load) {
                    continue;
                }
                if (ks == null) {
                    ks = load(keystore.get(), password);
                }
                byte[] bytes = secret(ks, keystore.get(), entry, password);
                try {
                    add(m, entry, bytes, entry);
                } finally {
                    Arrays.fill(bytes, (byte) 0);
                }
            }
        }
        if (entries.isEmpty()) {
            throw new ConfigException(PARAMETER, "names no key-encryption key");
        }
        return m;
    }

    /**
     * Checks {@code key-encryption-keys} without opening a key store (aliases are checked for form
     * only); for configuration builders.
     *
     * @throws ConfigException naming the parameter at fault
     */
    public static void checkSyntax(String value, boolean keystoreConfigured) {
        entries(value, keystoreConfigured ? Optional.of(Path.of("")) : Optional.empty(), Optional.empty(), false);
    }

    private static KeyStore load(Path file, Optional<String> password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.map(String::toCharArray).orElse(null));
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(PublisherParameters.KEY_ENCRYPTION_KEYSTORE, "'" + file + "' cannot be read as "
                    + "PKCS12 with key-encryption-keystore-password (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] secret(KeyStore ks, Path file, String alias, Optional<String> password) {
        Key key;
        try {
            key = ks.getKey(alias, password.map(String::toCharArray).orElse(new char[0]));
        } catch (GeneralSecurityException e) {
            throw new ConfigException(PublisherParameters.KEY_ENCRYPTION_KEYSTORE, "entry '" + alias + "' of '" + file
                    + "' cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        byte[] encoded = key instanceof SecretKey s ? s.getEncoded() : null;
        if (encoded == null || !"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw new ConfigException(PARAMETER, "alias '" + alias + "' is not an AES secret-key entry of '" + file + "'");
        }
        return encoded;
    }

    private static void add(Map<String, SecretKey> m, String id, byte[] bytes, String shownId) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ConfigException(PARAMETER, "a KEK id must be 1 to 64 characters A-Z, a-z, 0-9, '.', '_', '-'");
        }
        if (bytes == null || bytes.length != KEY_BYTES) {
            throw new ConfigException(PARAMETER, "KEK '" + shownId + "' is not 32 bytes (a 256-bit AES key; "
                    + "e.g. openssl rand -base64 32)");
        }
        if (m.put(id, new SecretKeySpec(bytes, "AES")) != null) {
            throw new ConfigException(PARAMETER, "KEK id '" + id + "' is given twice");
        }
    }

    /** The id of the KEK that encrypts. */
    public String primaryId() {
        return primary;
    }

    /** The ids of every KEK that decrypts, the encrypting one first. */
    public Set<String> ids() {
        return keks.keySet();
    }

    /**
     * Encrypts a private key (its PKCS#8 encoding) under the first KEK.
     *
     * @param certificate the DER of the key's certificate, bound into the AAD
     */
    public Sealed seal(TenantId tenant, String kid, byte[] certificate, byte[] privateKey) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = engine.cipher(TRANSFORMATION);
            c.init(Cipher.ENCRYPT_MODE, keks.get(primary), new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(aad(tenant, kid, primary, certificate));
            byte[] ct = c.doFinal(privateKey);
            byte[] out = ByteBuffer.allocate(IV_BYTES + ct.length).put(iv).put(ct).array();
            return new Sealed(primary, out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Decrypts a sealed private key; the caller clears the returned array after use.
     *
     * @throws GeneralSecurityException when the KEK id is not configured ({@link UnknownKekException}), or
     *     the tag does not verify: wrong KEK for this id, or a record altered or moved
     */
    public byte[] open(TenantId tenant, String kid, byte[] certificate, Sealed sealed) throws GeneralSecurityException {
        SecretKey kek = keks.get(sealed.kekId());
        if (kek == null) {
            throw new UnknownKekException(sealed.kekId());
        }
        byte[] data = sealed.data;
        if (data.length < IV_BYTES + TAG_BITS / 8) {
            throw new javax.crypto.AEADBadTagException("sealed key too short");
        }
        Cipher c = engine.cipher(TRANSFORMATION);
        c.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
        c.updateAAD(aad(tenant, kid, sealed.kekId(), certificate));
        return c.doFinal(data, IV_BYTES, data.length - IV_BYTES);
    }

    /** A record names a KEK id that is not configured. */
    public static final class UnknownKekException extends GeneralSecurityException {
        private static final long serialVersionUID = 1L;
        private final String kekId;

        UnknownKekException(String kekId) {
            super("key-encryption key '" + kekId + "' is not configured");
            this.kekId = kekId;
        }

        /** The id named by the record. */
        public String kekId() {
            return kekId;
        }
    }

    private static byte[] aad(TenantId tenant, String kid, String kekId, byte[] certificate) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        byte[][] parts = {CONTEXT, tenant.value().getBytes(StandardCharsets.UTF_8), kid.getBytes(StandardCharsets.UTF_8),
                kekId.getBytes(StandardCharsets.UTF_8), digest};
        int size = 0;
        for (byte[] p : parts) {
            size += 4 + p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        for (byte[] p : parts) {
            b.putInt(p.length).put(p); // length-prefixed: no two field lists give the same bytes
        }
        return b.array();
    }

    @Override
    public String toString() {
        return "KeyEncryption[encrypts=" + primary + ", decrypts=" + keks.keySet() + "]";
    }
}
