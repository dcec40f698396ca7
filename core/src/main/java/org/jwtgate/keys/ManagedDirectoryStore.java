package org.jwtgate.keys;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jwtgate.config.ConfigException;
import org.jwtgate.crypto.SignatureEngine;
import org.jwtgate.internal.RecordMethods;
import org.jwtgate.keys.internal.KeyChecks;
import org.jwtgate.keys.internal.SelfSignedCertificate;
import org.jwtgate.keys.internal.Thumbprint;
import org.jwtgate.tenant.TenantId;

/**
 * The embedded default store: a directory holding one PKCS12 file per tenant,
 * {@code <directory>/<tenant>.p12}, protected by the configured password. Keys are generated when a
 * tenant is created ({@link #ensureTenant}) and rotated by the {@link RotationPolicy}, applied lazily
 * on each call with the injected clock.
 *
 * <ul>
 * <li>Each key is one private-key entry with its self-signed certificate (published as {@code x5c});
 * its alias {@code k<activeFrom epoch seconds>.<hex of kid>} carries the rotation state, so keys and
 * state change together in one file.</li>
 * <li>Writes are atomic: a temporary file in the same directory, forced to disk, then
 * {@code ATOMIC_MOVE} over the old file. A crash leaves the old file intact and, at worst, a
 * {@code .<tenant>.*.tmp} leftover, which is ignored, reported at startup and deleted on the
 * tenant's next write.</li>
 * <li>Writers hold a per-tenant lock in the JVM and a {@link FileLock} on {@code .<tenant>.lock}
 * across processes, and re-read the file under the lock: concurrent creation of one tenant yields
 * exactly one key.</li>
 * <li>A file that cannot be read (truncated, corrupt, wrong password) makes that tenant unavailable
 * ({@link TenantUnavailableException}, logged once per file version, naming tenant and file); other
 * tenants are unaffected. It is never regenerated: new keys would silently orphan every token signed
 * with the old ones. Restore the file from a backup, or delete it to start the tenant over.</li>
 * </ul>
 * Tenant ids are validated ({@link TenantId}) before they become file names.
 */
public final class ManagedDirectoryStore implements TenantKeyStore {
    private static final System.Logger LOG = System.getLogger(ManagedDirectoryStore.class.getName());
    private static final String SUFFIX = ".p12";
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private static final Duration WRITE_RETRY = Duration.ofMinutes(1);

    private final Path directory;
    private final char[] password;
    private final KeyType keyType;
    private final SignatureEngine engine;
    private final KidStyle kidStyle;
    private final RotationPolicy policy;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<TenantId, Loaded> cache = new ConcurrentHashMap<>();
    private final Map<TenantId, Instant> writeBackoff = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder rotations = new java.util.concurrent.atomic.LongAdder();

    /**
     * A file version: compared on every token-key look-up. A final class, not a record: a record's
     * equals/hashCode are linked through {@code java.lang.runtime.ObjectMethods}, and a heap dump of an
     * undeployed WAR showed its class loader pinned through that JDK-wide machinery by this type.
     */
    private static final class Stamp {
        private final Object fileKey;
        private final FileTime modified;
        private final long size;

        Stamp(Object fileKey, FileTime modified, long size) {
            this.fileKey = fileKey;
            this.modified = modified;
            this.size = size;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Stamp other && size == other.size && Objects.equals(fileKey, other.fileKey)
                    && Objects.equals(modified, other.modified);
        }

        @Override
        public int hashCode() {
            return Objects.hash(fileKey, modified, size);
        }

        @Override
        public String toString() {
            return "Stamp[modified=" + modified + ", size=" + size + "]";
        }
    }

    private record StoredKey(String kid, Instant activeFrom, PrivateKey privateKey, X509Certificate certificate)
            implements HeldKey {

        @Override
        public String toString() {
            return "StoredKey[kid=" + kid + "]";
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof StoredKey that
                    && Objects.equals(kid, that.kid)
                    && Objects.equals(activeFrom, that.activeFrom)
                    && Objects.equals(privateKey, that.privateKey)
                    && Objects.equals(certificate, that.certificate);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(kid, activeFrom, privateKey, certificate);
        }
    }

    /** What was read from one file version: its keys, or why it cannot be read. */
    private record Loaded(Stamp stamp, Map<String, StoredKey> keys, String failure) {
        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Loaded that
                    && Objects.equals(stamp, that.stamp)
                    && Objects.equals(keys, that.keys)
                    && Objects.equals(failure, that.failure);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(stamp, keys, failure);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    /**
     * Opens (creating it if needed) a store directory.
     *
     * @throws ConfigException when the directory cannot be created or written, or the password does
     *     not open an existing file
     */
    public ManagedDirectoryStore(Path directory, String password, KeyType keyType, KidStyle kidStyle,
            RotationPolicy policy, Clock clock) {
        this(directory, password, keyType, kidStyle, policy, clock, SignatureEngine.jdk(List.of()));
    }

    /**
     * As {@link #ManagedDirectoryStore(Path, String, KeyType, KidStyle, RotationPolicy, Clock)}, new RSA and EC keys
     * generated by {@code engine}'s provider (the publisher's {@code crypto-provider}).
     */
    public ManagedDirectoryStore(Path directory, String password, KeyType keyType, KidStyle kidStyle,
            RotationPolicy policy, Clock clock, SignatureEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.directory = directory.toAbsolutePath().normalize();
        this.password = password.toCharArray();
        this.keyType = keyType;
        this.kidStyle = kidStyle;
        this.policy = policy;
        this.clock = clock;
        open();
    }

    /**
     * The store a {@link PublisherConfig} with {@code store=managed} describes, generating keys with {@code engine}
     * (the one its {@code crypto-provider} selected).
     */
    public static ManagedDirectoryStore open(PublisherConfig config, SignatureEngine engine) {
        return new ManagedDirectoryStore(config.keyDirectory().orElseThrow(), config.keyPassword().orElseThrow(),
                config.keyType(), config.kidStyle(), config.rotation(), config.clock(), engine);
    }

    private void open() {
        try {
            if (!Files.isDirectory(directory)) {
                try {
                    Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createDirectories(directory);
                }
            }
        } catch (IOException e) {
            throw new ConfigException(PublisherParameters.KEY_DIRECTORY, "'" + directory + "' cannot be created ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (!Files.isWritable(directory)) {
            throw new ConfigException(PublisherParameters.KEY_DIRECTORY, "'" + directory + "' is not writable");
        }
        List<String> leftovers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, ".*.tmp")) {
            files.forEach(f -> leftovers.add(f.getFileName().toString()));
        } catch (IOException e) {
            throw new ConfigException(PublisherParameters.KEY_DIRECTORY, "'" + directory + "' cannot be listed");
        }
        if (!leftovers.isEmpty()) {
            LOG.log(Level.WARNING, "jwtgate: ignoring {0} leftover file(s) of interrupted writes in {1}: {2}; "
                    + "they are deleted on the tenant''s next write", leftovers.size(), directory, leftovers);
        }
        Set<TenantId> tenants = tenants();
        if (!tenants.isEmpty()) {
            Path first = file(tenants.iterator().next());
            try {
                parse(Files.readAllBytes(first));
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                if (hasCause(e, UnrecoverableKeyException.class)) {
                    throw new ConfigException(PublisherParameters.KEY_PASSWORD, "(value hidden) does not open " + first);
                }
            }
        }
        LOG.log(Level.INFO, "jwtgate: managed key store {0}: {1} tenant(s), new keys {2}, {3} kids",
                directory, tenants.size(), keyType.configName(), kidStyle.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The store's directory. */
    public Path directory() {
        return directory;
    }

    /** The file of a tenant: {@code <directory>/<tenant>.p12}. */
    public Path file(TenantId tenant) {
        return directory.resolve(tenant.value() + SUFFIX);
    }

    @Override
    public Set<TenantId> tenants() {
        Set<TenantId> out = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                TenantId.parse(name.substring(0, name.length() - SUFFIX.length())).ifPresent(out::add);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "jwtgate: cannot list the key directory {0} ({1})", directory, e.getClass().getSimpleName());
        }
        return Collections.unmodifiableSet(out);
    }

    /** The tenant's keys with the schedule applied (and its changes saved); null when there is no tenant. */
    private HeldKey.Scheduled view(TenantId tenant) {
        Loaded loaded = current(tenant);
        if (loaded == null) {
            return null;
        }
        Map<String, StoredKey> keys = loaded.keys();
        RotationPolicy.Plan plan = policy.plan(HeldKey.timed(keys.values()), clock.instant());
        if (plan.changes()) {
            keys = maintain(tenant, keys);
            plan = policy.plan(HeldKey.timed(keys.values()), clock.instant());
        }
        return new HeldKey.Scheduled(keys, plan);
    }

    @Override
    public Optional<List<PublishedKey>> keys(TenantId tenant) {
        return Optional.ofNullable(view(tenant)).map(HeldKey.Scheduled::published);
    }

    @Override
    public SigningKey signingKey(TenantId tenant) {
        HeldKey.Scheduled view = view(tenant);
        if (view == null) {
            throw new UnknownTenantException(tenant);
        }
        return view.signing();
    }

    @Override
    public boolean ensureTenant(TenantId tenant) {
        if (current(tenant) != null) {
            return false;
        }
        return write(tenant, existing -> {
            if (existing != null) {
                return null;
            }
            Instant now = clock.instant();
            StoredKey first = generate(tenant, now, now);
            return Map.of(first.kid(), first);
        }) != null;
    }

    @Override
    public long rotations() {
        return rotations.sum();
    }

    @Override
    public PublishedKey rotate(TenantId tenant) {
        if (current(tenant) == null) {
            throw new UnknownTenantException(tenant);
        }
        boolean[] rotated = new boolean[1];
        write(tenant, existing -> {
            if (existing == null) {
                throw new UnknownTenantException(tenant);
            }
            Instant now = clock.instant();
            Optional<Instant> activeFrom = policy.explicitRotation(HeldKey.timed(existing.values()), now);
            if (activeFrom.isEmpty()) {
                return null;
            }
            Map<String, StoredKey> next = new LinkedHashMap<>(existing);
            StoredKey k = generate(tenant, now, roundUp(activeFrom.get()));
            next.put(k.kid(), k);
            LOG.log(Level.INFO, "jwtgate: tenant ''{0}'': new key {1} published, signing from {2} (explicit rotation)",
                    tenant, k.kid(), k.activeFrom());
            rotated[0] = true;
            return next;
        });
        if (rotated[0]) {
            rotations.increment(); // written: write throws otherwise
        }
        return keys(tenant).orElseThrow(() -> new UnknownTenantException(tenant)).stream()
                .filter(k -> k.state() == KeyState.PENDING).findFirst()
                .orElseThrow(() -> new TenantUnavailableException(tenant, "jwtgate: tenant '" + tenant
                        + "': the rotation did not leave a pending key", null));
    }

    /** Applies the schedule's changes (new pending key, removals) under the lock; on failure keeps serving. */
    private Map<String, StoredKey> maintain(TenantId tenant, Map<String, StoredKey> keys) {
        Instant now = clock.instant();
        Instant retry = writeBackoff.get(tenant);
        if (retry != null && now.isBefore(retry)) {
            return keys;
        }
        try {
            boolean[] rotated = new boolean[1];
            Map<String, StoredKey> written = write(tenant, existing -> {
                if (existing == null) {
                    throw new UnknownTenantException(tenant);
                }
                Instant at = clock.instant();
                RotationPolicy.Plan plan = policy.plan(HeldKey.timed(existing.values()), at);
                if (!plan.changes()) {
                    return null;
                }
                Map<String, StoredKey> next = new LinkedHashMap<>(existing);
                plan.removed().forEach(next::remove);
                if (!plan.removed().isEmpty()) {
                    LOG.log(Level.INFO, "jwtgate: tenant ''{0}'': retired key(s) {1} removed after their grace period",
                            tenant, plan.removed());
                }
                if (plan.newPendingActiveFrom().isPresent()) {
                    StoredKey k = generate(tenant, at, roundUp(plan.newPendingActiveFrom().get()));
                    next.put(k.kid(), k);
                    LOG.log(Level.INFO, "jwtgate: tenant ''{0}'': new key {1} published, signing from {2} (scheduled rotation)",
                            tenant, k.kid(), k.activeFrom());
                    rotated[0] = true;
                }
                return next;
            });
            if (rotated[0]) {
                rotations.increment();
            }
            writeBackoff.remove(tenant);
            return written != null ? written : current(tenant).keys();
        } catch (TenantUnavailableException e) {
            writeBackoff.put(tenant, now.plus(WRITE_RETRY));
            LOG.log(Level.WARNING, "jwtgate: tenant ''{0}'': scheduled key rotation could not be saved ({1}); "
                    + "the current keys keep serving, retrying in {2}", tenant, e.getMessage(), WRITE_RETRY);
            return keys;
        }
    }

    private static Instant roundUp(Instant t) {
        return t.getNano() == 0 ? t : Instant.ofEpochSecond(t.getEpochSecond() + 1);
    }

    private StoredKey generate(TenantId tenant, Instant now, Instant activeFrom) {
        try {
            KeyPair pair = keyType.generate(random, engine);
            String kid = switch (kidStyle) {
                case UUID -> UUID.randomUUID().toString();
                case THUMBPRINT -> Thumbprint.of(pair.getPublic());
            };
            Instant notAfter = policy.period().isZero() ? SelfSignedCertificate.NO_EXPIRY
                    : activeFrom.plus(policy.period()).plus(policy.lead()).plus(policy.grace());
            X509Certificate cert = SelfSignedCertificate.create(pair, tenant.value(), kid, now, notAfter, random);
            return new StoredKey(kid, Instant.ofEpochSecond(activeFrom.getEpochSecond()), pair.getPrivate(), cert);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TenantUnavailableException(tenant, "jwtgate: tenant '" + tenant + "': cannot generate a "
                    + keyType.configName() + " key (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    // --- reading --------------------------------------------------------------------------------

    /** The tenant's keys as last read, re-read when the file changed; null when there is no file. */
    private Loaded current(TenantId tenant) {
        Path file = file(tenant);
        Stamp stamp;
        try {
            stamp = stamp(file);
        } catch (NoSuchFileException e) {
            cache.remove(tenant);
            return null;
        } catch (IOException e) {
            throw unavailable(tenant, file, "cannot be examined (" + e.getClass().getSimpleName() + ")", e);
        }
        Loaded cached = cache.get(tenant);
        if (cached == null || !cached.stamp().equals(stamp)) {
            cached = read(tenant, file, stamp);
            cache.put(tenant, cached);
        }
        if (cached.failure() != null) {
            throw new TenantUnavailableException(tenant, cached.failure(), null);
        }
        return cached;
    }

    private static Stamp stamp(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(a.fileKey(), a.lastModifiedTime(), a.size());
    }

    private Loaded read(TenantId tenant, Path file, Stamp stamp) {
        try {
            return new Loaded(stamp, parse(Files.readAllBytes(file)), null);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String why = hasCause(e, UnrecoverableKeyException.class) ? "the key-password does not open it"
                    : "it is truncated or corrupt";
            String message = "jwtgate: the key store of tenant '" + tenant + "' (" + file + ") cannot be read: " + why
                    + " (" + e.getClass().getSimpleName() + "). The tenant is unavailable (its JWKS answers 503, "
                    + "signing fails); other tenants are unaffected. Restore the file from a backup; it is not "
                    + "regenerated, because new keys would make every token signed with the old ones fail. Delete it "
                    + "only to start the tenant over with new keys.";
            LOG.log(Level.ERROR, message);
            return new Loaded(stamp, Map.of(), message);
        }
    }

    private Map<String, StoredKey> parse(byte[] bytes) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(new ByteArrayInputStream(bytes), password);
        Map<String, StoredKey> keys = new LinkedHashMap<>();
        for (String alias : Collections.list(ks.aliases())) {
            int dot = alias.indexOf('.');
            if (!alias.startsWith("k") || dot < 2 || !ks.isKeyEntry(alias)) {
                throw new GeneralSecurityException("unexpected entry in a managed key store");
            }
            Instant activeFrom = Instant.ofEpochSecond(Long.parseLong(alias.substring(1, dot)));
            String kid = new String(HexFormat.of().parseHex(alias.substring(dot + 1)), StandardCharsets.UTF_8);
            PrivateKey key = (PrivateKey) ks.getKey(alias, password);
            Certificate[] chain = ks.getCertificateChain(alias);
            if (key == null || chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
                throw new GeneralSecurityException("incomplete entry in a managed key store");
            }
            Optional<String> problem = KeyChecks.problem(cert.getPublicKey());
            if (problem.isPresent()) {
                throw new GeneralSecurityException(problem.get());
            }
            keys.put(kid, new StoredKey(kid, activeFrom, key, cert));
        }
        if (keys.isEmpty()) {
            throw new GeneralSecurityException("a managed key store without keys");
        }
        return Collections.unmodifiableMap(keys);
    }

    // --- writing --------------------------------------------------------------------------------

    private interface Change {
        /** The new keys given the current ones (null: no file), or null to leave the file alone. */
        Map<String, StoredKey> apply(Map<String, StoredKey> existing);
    }

    /** Under the tenant's locks: re-reads the file, applies the change, writes atomically. Returns the new keys or null. */
    private Map<String, StoredKey> write(TenantId tenant, Change change) {
        Path file = file(tenant);
        ReentrantLock lock = LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
        lock.lock();
        try (FileChannel channel = FileChannel.open(directory.resolve("." + tenant.value() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock fileLock = channel.lock();
            try {
                return writeLocked(tenant, file, change);
            } finally {
                fileLock.release();
            }
        } catch (IOException e) {
            throw unavailable(tenant, file, "cannot be written (" + e.getClass().getSimpleName() + ")", e);
        } finally {
            lock.unlock();
        }
    }

    private Map<String, StoredKey> writeLocked(TenantId tenant, Path file, Change change) {
        try {
            cache.remove(tenant);
            Loaded loaded = current(tenant);
            Map<String, StoredKey> next = change.apply(loaded == null ? null : loaded.keys());
            if (next == null) {
                return null;
            }
            deleteLeftovers(tenant);
            Path tmp = Files.createTempFile(directory, "." + tenant.value() + ".", ".tmp");
            try {
                try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buffer = ByteBuffer.wrap(serialize(next));
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    out.force(true);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            forceDirectory();
            Map<String, StoredKey> written = Collections.unmodifiableMap(new LinkedHashMap<>(next));
            cache.put(tenant, new Loaded(stamp(file), written, null));
            return written;
        } catch (IOException | GeneralSecurityException e) {
            throw unavailable(tenant, file, "cannot be written (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private byte[] serialize(Map<String, StoredKey> keys) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (StoredKey k : keys.values()) {
            String alias = "k" + k.activeFrom().getEpochSecond() + "."
                    + HexFormat.of().formatHex(k.kid().getBytes(StandardCharsets.UTF_8));
            ks.setKeyEntry(alias, k.privateKey(), password, new Certificate[] {k.certificate()});
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, password);
        return out.toByteArray();
    }

    private void deleteLeftovers(TenantId tenant) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "." + tenant.value() + ".*.tmp")) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "jwtgate: cannot delete leftovers of tenant {0}", tenant);
        }
    }

    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | RuntimeException e) {
            // Not every platform can open a directory; the rename itself is atomic regardless.
        }
    }

    private static TenantUnavailableException unavailable(TenantId tenant, Path file, String what, Exception cause) {
        return new TenantUnavailableException(tenant, "jwtgate: the key store of tenant '" + tenant + "' (" + file
                + ") " + what, cause);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "ManagedDirectoryStore[" + directory + "]";
    }
}
