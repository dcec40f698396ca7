package org.jwtgate.keys;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jwtgate.config.ConfigException;
import org.jwtgate.internal.RecordMethods;
import org.jwtgate.keys.internal.KeyChecks;
import org.jwtgate.keys.internal.Thumbprint;
import org.jwtgate.tenant.TenantId;

/**
 * Publishes (and signs with) the keys of an existing PKCS12 or JKS key store, read once at startup
 * and never written. Rotation is the operator's: add a key, replace the file, restart.
 *
 * <ul>
 * <li>An alias {@code <tenant>} or {@code <tenant>.<label>} gives a key to a tenant (aliases are
 * compared in lower case, as both formats store them); the tenant id is validated.</li>
 * <li>Private-key entries sign and publish; their certificate chain becomes {@code x5c}
 * (RFC 7517 §4.7). Trusted-certificate entries are published only. Secret-key entries (HMAC) are
 * never published or used, and reported.</li>
 * <li>Every key is checked at load: RSA modulus ≥ 2048 bits and odd public exponent ≥ 65537; EC on
 * P-256, P-384 or P-521 with the point on the curve; Ed25519; a private key must match its
 * certificate. Anything else stops startup with a {@link ConfigException} naming the alias.</li>
 * <li>The {@code kid} is the RFC 7638 thumbprint, stable across restarts and nodes.</li>
 * <li>States: the key whose certificate's {@code notBefore} is the latest not after now is active;
 * later ones are pending (so an operator pre-publishes a key by giving its certificate a future
 * {@code notBefore}); earlier ones are retired but stay published while they are in the file.</li>
 * </ul>
 */
public final class ReadOnlyKeystoreStore implements TenantKeyStore {
    private static final System.Logger LOG = System.getLogger(ReadOnlyKeystoreStore.class.getName());

    private record Loaded(String kid, PublicKey publicKey, List<X509Certificate> chain, PrivateKey privateKey) {
        @Override
        public String toString() {
            return "Loaded[kid=" + kid + "]";
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Loaded that
                    && Objects.equals(kid, that.kid)
                    && Objects.equals(publicKey, that.publicKey)
                    && Objects.equals(chain, that.chain)
                    && Objects.equals(privateKey, that.privateKey);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(kid, publicKey, chain, privateKey);
        }
    }

    private final Map<TenantId, Map<String, Loaded>> tenants;
    private final Clock clock;

    private ReadOnlyKeystoreStore(Map<TenantId, Map<String, Loaded>> tenants, Clock clock) {
        this.tenants = tenants;
        this.clock = clock;
    }

    /** The store a {@link PublisherConfig} with {@code store=keystore} describes. */
    public static ReadOnlyKeystoreStore open(PublisherConfig config) {
        return load(config.keystorePath().orElseThrow(), config.keystoreType(), config.keystorePassword().orElseThrow(),
                config.clock());
    }

    /**
     * Reads and checks every entry of a key store file.
     *
     * @throws ConfigException naming {@code keystore-path} (or {@code keystore-password}) and the
     *     alias at fault
     */
    public static ReadOnlyKeystoreStore load(Path file, String type, String password, Clock clock) {
        String param = PublisherParameters.KEYSTORE_PATH;
        char[] pw = password.toCharArray();
        KeyStore ks;
        try (InputStream in = Files.newInputStream(file)) {
            ks = KeyStore.getInstance(type);
            ks.load(in, pw);
        } catch (IOException | GeneralSecurityException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new ConfigException(PublisherParameters.KEYSTORE_PASSWORD, "(value hidden) does not open " + file);
            }
            throw new ConfigException(param, "'" + file + "' cannot be read as " + type + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        Map<TenantId, Map<String, Loaded>> tenants = new TreeMap<>();
        try {
            for (String alias : new TreeSet<>(Collections.list(ks.aliases()))) {
                String name = alias.toLowerCase(java.util.Locale.ROOT);
                int dot = name.indexOf('.');
                Optional<TenantId> tenant = TenantId.parse(dot < 0 ? name : name.substring(0, dot));
                if (tenant.isEmpty()) {
                    throw new ConfigException(param, "alias '" + alias + "' in " + file + " does not start with a "
                            + "tenant id (use <tenant> or <tenant>.<label>; tenant: 1 to 63 of a-z, 0-9, '-')");
                }
                Loaded key;
                if (ks.entryInstanceOf(alias, KeyStore.SecretKeyEntry.class)) {
                    LOG.log(Level.WARNING, "jwtgate: alias ''{0}'' in {1} holds a secret key; secret keys are never "
                            + "published or used for signing", alias, file);
                    continue;
                } else if (ks.isKeyEntry(alias)) {
                    key = privateEntry(ks, alias, pw, file);
                } else {
                    Certificate c = ks.getCertificate(alias);
                    if (!(c instanceof X509Certificate cert)) {
                        throw new ConfigException(param, "alias '" + alias + "' in " + file + " holds no X.509 certificate");
                    }
                    key = checked(alias, file, cert.getPublicKey(), List.of(cert), null);
                }
                Map<String, Loaded> keys = tenants.computeIfAbsent(tenant.get(), t -> new LinkedHashMap<>());
                if (keys.put(key.kid(), key) != null) {
                    throw new ConfigException(param, "alias '" + alias + "' in " + file + " repeats a key of tenant "
                            + tenant.get());
                }
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException(param, "'" + file + "' cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        tenants.replaceAll((t, keys) -> Collections.unmodifiableMap(keys));
        LOG.log(Level.INFO, "jwtgate: key store {0}: {1} tenant(s), read-only", file, tenants.size());
        return new ReadOnlyKeystoreStore(Collections.unmodifiableMap(tenants), clock);
    }

    private static Loaded privateEntry(KeyStore ks, String alias, char[] pw, Path file) throws GeneralSecurityException {
        String param = PublisherParameters.KEYSTORE_PATH;
        PrivateKey key;
        try {
            key = (PrivateKey) ks.getKey(alias, pw);
        } catch (UnrecoverableKeyException e) {
            throw new ConfigException(PublisherParameters.KEYSTORE_PASSWORD, "(value hidden) does not open the key of alias '"
                    + alias + "' in " + file);
        }
        Certificate[] chain = ks.getCertificateChain(alias);
        if (chain == null || chain.length == 0) {
            throw new ConfigException(param, "alias '" + alias + "' in " + file + " has no certificate chain");
        }
        List<X509Certificate> certs = new ArrayList<>();
        for (Certificate c : chain) {
            if (!(c instanceof X509Certificate x)) {
                throw new ConfigException(param, "alias '" + alias + "' in " + file + " has a non-X.509 certificate");
            }
            certs.add(x);
        }
        return checked(alias, file, certs.get(0).getPublicKey(), certs, key);
    }

    private static Loaded checked(String alias, Path file, PublicKey pub, List<X509Certificate> chain, PrivateKey key) {
        String param = PublisherParameters.KEYSTORE_PATH;
        Optional<String> problem = KeyChecks.problem(pub);
        if (problem.isPresent()) {
            throw new ConfigException(param, "alias '" + alias + "' in " + file + " is refused: " + problem.get());
        }
        if (key != null && !matches(pub, key)) {
            throw new ConfigException(param, "alias '" + alias + "' in " + file
                    + ": the private key does not match its certificate");
        }
        try {
            return new Loaded(Thumbprint.of(pub), pub, List.copyOf(chain), key);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(param, "alias '" + alias + "' in " + file + " cannot be expressed as a JWK");
        }
    }

    private static boolean matches(PublicKey pub, PrivateKey key) {
        String alg = switch (KeyChecks.algorithm(pub)) {
            case "RS256" -> "SHA256withRSA";
            case "ES256" -> "SHA256withECDSA";
            case "ES384" -> "SHA384withECDSA";
            case "ES512" -> "SHA512withECDSA";
            default -> "Ed25519";
        };
        try {
            byte[] probe = "jwtgate key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public Optional<List<PublishedKey>> keys(TenantId tenant) {
        Map<String, Loaded> keys = tenants.get(tenant);
        if (keys == null) {
            return Optional.empty();
        }
        Map<String, RotationPolicy.Timed> timed = new HashMap<>();
        keys.values().forEach(k -> timed.put(k.kid(), new RotationPolicy.Timed(k.kid(),
                k.chain().get(0).getNotBefore().toInstant())));
        RotationPolicy.Plan plan = RotationPolicy.manual().plan(timed.values(), clock.instant());
        List<PublishedKey> out = new ArrayList<>();
        for (RotationPolicy.Entry e : plan.published()) {
            Loaded k = keys.get(e.kid());
            out.add(new PublishedKey(k.kid(), KeyChecks.algorithm(k.publicKey()), e.state(), k.publicKey(), k.chain(),
                    e.activeFrom(), e.retiredAt()));
        }
        return Optional.of(List.copyOf(out));
    }

    @Override
    public SigningKey signingKey(TenantId tenant) {
        PublishedKey active = keys(tenant).orElseThrow(() -> new UnknownTenantException(tenant)).get(0);
        PrivateKey key = tenants.get(tenant).get(active.kid()).privateKey();
        if (key == null) {
            throw new TenantKeyException(tenant, "jwtgate: the active key of tenant '" + tenant
                    + "' is a certificate without private key: it is published, but cannot sign");
        }
        return new SigningKey(active.kid(), active.alg(), key);
    }

    /** @throws UnsupportedOperationException when the tenant is not in the key store */
    @Override
    public boolean ensureTenant(TenantId tenant) {
        if (tenants.containsKey(tenant)) {
            return false;
        }
        throw new UnsupportedOperationException("jwtgate: the key store is read-only: tenant '" + tenant
                + "' must be added to the file");
    }

    /** @throws UnsupportedOperationException always: add a key to the file instead */
    @Override
    public PublishedKey rotate(TenantId tenant) {
        throw new UnsupportedOperationException("jwtgate: the key store is read-only: rotate by adding a key "
                + "(alias <tenant>.<label>) whose certificate starts in the future, then restart");
    }

    @Override
    public Set<TenantId> tenants() {
        return tenants.keySet();
    }
}
