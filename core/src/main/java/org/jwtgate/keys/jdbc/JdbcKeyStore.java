package org.jwtgate.keys.jdbc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.Values;
import org.jwtgate.internal.RecordMethods;
import org.jwtgate.keys.HeldKey;
import org.jwtgate.keys.KeyState;
import org.jwtgate.crypto.SignatureEngine;
import org.jwtgate.keys.KeyType;
import org.jwtgate.keys.KidStyle;
import org.jwtgate.keys.PublishedKey;
import org.jwtgate.keys.PublisherConfig;
import org.jwtgate.keys.PublisherParameters;
import org.jwtgate.keys.RotationPolicy;
import org.jwtgate.keys.SigningKey;
import org.jwtgate.keys.TenantKeyStore;
import org.jwtgate.keys.TenantUnavailableException;
import org.jwtgate.keys.UnknownTenantException;
import org.jwtgate.keys.internal.KeyChecks;
import org.jwtgate.keys.internal.SelfSignedCertificate;
import org.jwtgate.keys.internal.Thumbprint;
import org.jwtgate.tenant.TenantId;

/**
 * Tenant keys in a database shared by several nodes (PostgreSQL or MariaDB, plain JDBC), so that
 * every node publishes the same JWK Set (RFC 7517 §5) and signs with the same key. Schema:
 * {@code schema-postgresql.sql} / {@code schema-mariadb.sql} beside this class, version
 * {@value #SCHEMA_VERSION}, tables {@code <prefix>tenant}, {@code <prefix>key} and
 * {@code <prefix>schema_version}.
 *
 * <ul>
 * <li><b>Private keys</b> are stored sealed by {@link KeyEncryption} (AES-256-GCM, NIST SP 800-38D),
 * never in clear. At startup every KEK id used by a stored row must be configured and decrypt it:
 * otherwise a {@link ConfigException} stops deployment. A key that does not decrypt later makes its
 * tenant unavailable (503, an error log); keys are never regenerated over it.</li>
 * <li><b>Coordination</b> is the database's: a tenant is created by inserting its row under the
 * primary key (a node that loses the race reads the winner's key, so concurrent first uses create
 * exactly one key); a rotation, scheduled or explicit, runs in a transaction holding the tenant
 * row's lock ({@code SELECT … FOR UPDATE}) and re-plans from the rows it then reads, so exactly one
 * node writes it. Key states follow from {@code active_from} through the {@link RotationPolicy}, so
 * every node derives the same states from the same rows.</li>
 * <li><b>Caching</b>: each node keeps the keys it has read in memory and re-reads a tenant only when
 * its {@code revision} changed, polling at most every {@code pollInterval} (a lazy check on calls,
 * no thread; one caller polls, the others serve what is in memory meanwhile): what a node serves is
 * at most about that old. The poll also reads the list of tenants, at startup too. A tenant missing
 * from it does not exist for this node until the next poll (no query: requests for unknown names
 * cost nothing, however many arrive); so a tenant another node creates is served here within a poll
 * interval. The first use of a listed tenant reads its keys once, whatever the number of concurrent
 * callers, and no other tenant waits for that read.</li>
 * <li><b>Outages</b>: while the database cannot be read, the node keeps publishing and signing with
 * the keys in memory (activations still happen on time, being a function of the clock), logs the
 * outage once and the recovery once, and reports it in {@link #databaseUnavailableSince()}. Once a
 * call has found it down, only the poll tries it again (once per poll interval): no request waits
 * for the pool's timeout. A tenant missing from the last list read is still unknown (empty, or
 * {@link UnknownTenantException}); a listed tenant it has not read, or every tenant before a first
 * list was read, answers {@link TenantUnavailableException} (503). It never creates a key it could
 * not commit: creations and scheduled rotations wait for the database.</li>
 * </ul>
 * Connections come from a {@link DataSource}: the container's pool in production
 * ({@link DataSources#jndi}). Statements time out after {@value #STATEMENT_TIMEOUT_SECONDS} s.
 */
public final class JdbcKeyStore implements TenantKeyStore {
    private static final System.Logger LOG = System.getLogger(JdbcKeyStore.class.getName());
    /** The schema version this code reads and writes. */
    public static final int SCHEMA_VERSION = 1;
    /** The query timeout of every statement, lock waits included. */
    public static final int STATEMENT_TIMEOUT_SECONDS = 10;
    private static final int STRIPES = 64;

    private final DataSource dataSource;
    private final KeyEncryption encryption;
    private final KeyType keyType;
    private final SignatureEngine engine;
    private final KidStyle kidStyle;
    private final RotationPolicy policy;
    private final Clock clock;
    private final Duration pollInterval;
    private final boolean createSchema;
    private final Consumer<TenantId> beforeCommit;
    private final String tenantTable;
    private final String keyTable;
    private final String versionTable;
    private final SecureRandom random = new SecureRandom();
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final ReentrantLock pollLock = new ReentrantLock();
    private final Object initLock = new Object();
    private final Map<TenantId, Snapshot> cache = new ConcurrentHashMap<>();
    /** One first read or creation per tenant at a time; the others wait for it, other tenants never do. */
    private final Map<TenantId, CompletableFuture<Snapshot>> inFlight = new ConcurrentHashMap<>();
    /** Tenants read or created since the running poll began, which its list may predate. */
    private final Set<TenantId> learned = ConcurrentHashMap.newKeySet();
    private final Map<TenantId, Instant> writeBackoff = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder rotations = new java.util.concurrent.atomic.LongAdder();
    private final AtomicReference<Instant> downSince = new AtomicReference<>();
    /** The tenants of the last poll (plus those learned since); null until one succeeded. */
    private volatile Set<TenantId> knownTenants;
    private volatile Instant lastPoll;
    private volatile Instant lastGoodPoll;
    private volatile Dialect dialect;
    private volatile String configProblem;
    private volatile Instant configProblemAt;

    private record StoredKey(String kid, Instant activeFrom, String kekId, PrivateKey privateKey,
            X509Certificate certificate) implements HeldKey {

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
                    && Objects.equals(kekId, that.kekId)
                    && Objects.equals(privateKey, that.privateKey)
                    && Objects.equals(certificate, that.certificate);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(kid, activeFrom, kekId, privateKey, certificate);
        }
    }

    /** What was read of one tenant at one revision: its keys, or why they cannot be used. */
    private record Snapshot(long revision, Map<String, StoredKey> keys, String failure) {
        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Snapshot that
                    && revision == that.revision
                    && Objects.equals(keys, that.keys)
                    && Objects.equals(failure, that.failure);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(revision, keys, failure);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    /** A configuration problem found after startup (the database was down then). */
    private static final class ConfigProblem extends SQLException {
        private static final long serialVersionUID = 1L;

        ConfigProblem(String message) {
            super(message);
        }
    }

    private JdbcKeyStore(Builder b) {
        dataSource = b.dataSource;
        encryption = Objects.requireNonNull(b.encryption, "keyEncryption").on(b.engine);
        keyType = b.keyType;
        engine = b.engine;
        kidStyle = b.kidStyle;
        policy = b.policy;
        clock = b.clock;
        pollInterval = b.pollInterval;
        createSchema = b.createSchema;
        beforeCommit = b.beforeCommit;
        tenantTable = b.prefix + "tenant";
        keyTable = b.prefix + "key";
        versionTable = b.prefix + "schema_version";
        Arrays.setAll(stripes, i -> new ReentrantLock());
    }

    /** A builder over {@code dataSource}; {@link Builder#keyEncryption} is required. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * The store a {@link PublisherConfig} with {@code store=jdbc} describes, generating keys and sealing them with
     * {@code engine} (the one its {@code crypto-provider} selected).
     *
     * @throws ConfigException for a missing DataSource, a bad key-encryption key, missing tables
     *     (unless {@code jdbc-create-schema}), another schema version, or stored keys the configured
     *     KEKs do not decrypt
     */
    public static JdbcKeyStore open(PublisherConfig config, SignatureEngine engine) {
        KeyEncryption encryption = KeyEncryption.parse(config.keyEncryptionKeys().orElseThrow(),
                config.keyEncryptionKeystore(), config.keyEncryptionKeystorePassword());
        return builder(DataSources.of(config)).keyEncryption(encryption).signatureEngine(engine).keyType(config.keyType())
                .kidStyle(config.kidStyle()).rotation(config.rotation()).clock(config.clock())
                .tablePrefix(config.jdbcTablePrefix()).createSchema(config.jdbcCreateSchema())
                .pollInterval(config.jdbcPollInterval()).open();
    }

    private void start() {
        try (Connection c = dataSource.getConnection()) {
            synchronized (initLock) {
                initialize(c);
            }
            poll(c);
            lastGoodPoll = clock.instant();
        } catch (SQLException e) {
            downSince.set(clock.instant());
            LOG.log(Level.ERROR, "jwtgate: the key database cannot be reached at startup ({0}, SQLState {1}: {2}); "
                    + "starting anyway: every tenant answers 503 and no key is created until it answers, then the schema "
                    + "and the key-encryption keys are checked (every {3})", e.getClass().getName(), e.getSQLState(),
                    e.getMessage(), Values.format(pollInterval));
        }
        lastPoll = clock.instant();
    }

    // --- schema and KEK checks ------------------------------------------------------------------

    private void initialize(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        Dialect d = Dialect.of(product).orElseThrow(() -> new ConfigException(PublisherParameters.STORE,
                "jdbc supports PostgreSQL and MariaDB; the database is " + product));
        Integer version = schemaVersion(c);
        if (version == null) {
            if (!createSchema) {
                throw new ConfigException(PublisherParameters.JDBC_CREATE_SCHEMA, "the tables " + tenantTable + ", "
                        + keyTable + " and " + versionTable + " do not exist in this " + d.product + " database: "
                        + "have them created with the DDL shipped in jwtgate-core (" + d.resource().substring(1)
                        + ", with jwtgate_ replaced by the jdbc-table-prefix), or set jdbc-create-schema=true");
            }
            createSchema(c, d);
            version = schemaVersion(c);
            if (version == null) {
                throw new SQLException("the schema was created but " + versionTable + " has no row");
            }
        }
        if (version != SCHEMA_VERSION) {
            throw new ConfigException(PublisherParameters.JDBC_TABLE_PREFIX, "the tables " + tenantTable
                    + "… have schema version " + version + "; this jwtgate uses version " + SCHEMA_VERSION
                    + ": use the jwtgate release that matches the database");
        }
        String keks = checkKeks(c);
        int tenants;
        try (PreparedStatement s = prepare(c, "SELECT COUNT(*) FROM " + tenantTable); ResultSet r = s.executeQuery()) {
            r.next();
            tenants = r.getInt(1);
        }
        dialect = d;
        LOG.log(Level.INFO, "jwtgate: JDBC key store on {0}, tables {1}*: {2} tenant(s); {3}; new keys {4}; "
                + "changes of other nodes seen within {5}", d.product, tenantTable.substring(0, tenantTable.length() - 6),
                tenants, keks, keyType.configName(), Values.format(pollInterval));
    }

    /** The schema version, or null when the version table is missing or empty. */
    private Integer schemaVersion(Connection c) throws SQLException {
        try (PreparedStatement s = prepare(c, "SELECT MAX(version) FROM " + versionTable); ResultSet r = s.executeQuery()) {
            r.next();
            int v = r.getInt(1);
            return r.wasNull() ? null : v;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("42")) { // undefined table
                return null;
            }
            throw e;
        }
    }

    private void createSchema(Connection c, Dialect d) throws SQLException {
        List<String> statements = ddl(d, tenantTable.substring(0, tenantTable.length() - "tenant".length()));
        boolean auto = c.getAutoCommit();
        try {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
            c.commit();
            LOG.log(Level.INFO, "jwtgate: created the key store tables {0}, {1} and {2} (schema version {3})",
                    tenantTable, keyTable, versionTable, SCHEMA_VERSION);
        } catch (SQLException e) {
            rollbackQuietly(c);
            if (schemaVersion(c) == null) { // else another node created it at the same time
                throw new ConfigException(PublisherParameters.JDBC_CREATE_SCHEMA, "the tables " + tenantTable + ", "
                        + keyTable + " and " + versionTable + " cannot be created (" + e.getClass().getSimpleName()
                        + ", SQLState " + e.getSQLState() + ": " + e.getMessage() + "): grant the user CREATE rights, "
                        + "or have them created with " + d.resource().substring(1));
            }
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** The statements of the shipped DDL with {@code jwtgate_} replaced by {@code prefix}. */
    static List<String> ddl(Dialect d, String prefix) {
        String text;
        try (InputStream in = JdbcKeyStore.class.getResourceAsStream(d.resource())) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + d.resource());
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + d.resource(), e);
        }
        StringBuilder sql = new StringBuilder();
        for (String line : text.split("\n")) {
            int comment = line.indexOf("--");
            sql.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
        }
        List<String> out = new ArrayList<>();
        for (String statement : sql.toString().split(";")) {
            if (!statement.isBlank()) {
                out.add(statement.strip().replace("jwtgate_", prefix));
            }
        }
        return out;
    }

    /** Every KEK id used by a stored key must be configured and decrypt one of its keys. */
    private String checkKeks(Connection c) throws SQLException {
        Map<String, Integer> used = new LinkedHashMap<>();
        try (PreparedStatement s = prepare(c, "SELECT kek_id, COUNT(*) FROM " + keyTable + " GROUP BY kek_id");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                used.put(r.getString(1), r.getInt(2));
            }
        }
        List<String> unknown = used.keySet().stream().filter(id -> !encryption.ids().contains(id)).sorted().toList();
        if (!unknown.isEmpty()) {
            int n = unknown.stream().mapToInt(used::get).sum();
            throw new ConfigException(PublisherParameters.KEY_ENCRYPTION_KEYS, n + " stored key(s) are encrypted under "
                    + "key-encryption key id(s) " + unknown + ", which this node does not have (it has "
                    + encryption.ids() + "): give every node the same key-encryption keys, and keep a replaced one "
                    + "until JdbcKeyStore.rewrap() has re-encrypted its keys. Nothing was changed; no key is regenerated.");
        }
        for (String id : used.keySet()) {
            // A KEK is wrong when none of (up to) three of its rows decrypts; a single bad row is that tenant's problem.
            String tenant = null;
            String kid = null;
            boolean opens = false;
            try (PreparedStatement s = prepare(c, "SELECT tenant, kid, certificate, private_key FROM " + keyTable
                    + " WHERE kek_id = ?")) {
                s.setMaxRows(3);
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    while (!opens && r.next()) {
                        tenant = r.getString(1);
                        kid = r.getString(2);
                        try {
                            byte[] plain = encryption.open(TenantId.of(tenant), kid, r.getBytes(3),
                                    new KeyEncryption.Sealed(id, r.getBytes(4)));
                            Arrays.fill(plain, (byte) 0);
                            opens = true;
                        } catch (GeneralSecurityException | IllegalArgumentException e) {
                            // try the next row
                        }
                    }
                }
            }
            if (!opens && tenant != null) {
                throw new ConfigException(PublisherParameters.KEY_ENCRYPTION_KEYS, "the key-encryption key '" + id
                        + "' does not decrypt stored key " + kid + " of tenant '" + tenant + "' (nor up to two others): "
                        + "it is not the key these rows were encrypted with. Nothing was changed; no key is regenerated.");
            }
        }
        List<String> older = used.keySet().stream().filter(id -> !id.equals(encryption.primaryId())).toList();
        return "key-encryption key '" + encryption.primaryId() + "' encrypts"
                + (older.isEmpty() ? "" : ", " + older.stream().mapToInt(used::get).sum() + " key(s) under " + older
                        + " (re-encrypt them with rewrap() before removing those KEKs)");
    }

    /** Before any use of a connection: the checks the startup could not do while the database was down. */
    private Connection connection() throws SQLException {
        Connection c = dataSource.getConnection();
        if (dialect == null) {
            try {
                synchronized (initLock) {
                    if (dialect == null) {
                        Instant now = clock.instant();
                        if (configProblem != null && now.isBefore(configProblemAt.plus(pollInterval))) {
                            throw new ConfigProblem(configProblem);
                        }
                        try {
                            initialize(c);
                            configProblem = null;
                        } catch (ConfigException e) {
                            if (!e.getMessage().equals(configProblem)) {
                                LOG.log(Level.ERROR, e.getMessage() + " — the JDBC key store serves no tenant until "
                                        + "this is fixed");
                            }
                            configProblem = e.getMessage();
                            configProblemAt = now;
                            throw new ConfigProblem(e.getMessage());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    // --- reading --------------------------------------------------------------------------------

    private ReentrantLock stripe(TenantId tenant) {
        return stripes[Math.floorMod(tenant.hashCode(), STRIPES)];
    }

    /**
     * The tenant's keys as this node knows them (re-read when due); null when there is no tenant.
     * A tenant absent from the list of the last poll is absent until the next one: unknown names
     * never reach the database, however many arrive.
     */
    private Snapshot current(TenantId tenant) {
        pollIfDue();
        Snapshot s = cache.get(tenant);
        if (s == null) {
            Set<TenantId> known = knownTenants;
            if (known == null) {
                throw notReadYet(tenant);
            }
            if (!known.contains(tenant)) {
                return null;
            }
            s = once(tenant, () -> {
                Snapshot cached = cache.get(tenant);
                return cached != null ? cached : read(tenant);
            });
        }
        if (s != null && s.failure() != null) {
            throw new TenantUnavailableException(tenant, s.failure(), null);
        }
        return s;
    }

    /**
     * Runs {@code work} for the tenant unless a call for it runs already, then shares that call's
     * result: concurrent first uses of one tenant cost one database round, and other tenants never
     * wait for it.
     */
    private Snapshot once(TenantId tenant, Supplier<Snapshot> work) {
        CompletableFuture<Snapshot> mine = new CompletableFuture<>();
        CompletableFuture<Snapshot> running = inFlight.putIfAbsent(tenant, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }
        try {
            Snapshot s = work.get();
            mine.complete(s);
            return s;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(tenant, mine);
        }
    }

    /** Reads one tenant now; null when it does not exist. */
    private Snapshot read(TenantId tenant) {
        requireDatabase(tenant);
        try (Connection c = connection()) {
            Snapshot s = load(c, tenant, cache.get(tenant));
            succeeded();
            if (s == null) {
                cache.remove(tenant);
                forget(tenant); // removed from the database since the last poll
            } else {
                learned.add(tenant); // first, so that a running poll's sweep keeps it
                cache.put(tenant, s);
            }
            return s;
        } catch (SQLException e) {
            failed(e);
            throw unavailable(tenant, e);
        }
    }

    private void forget(TenantId tenant) {
        Set<TenantId> known = knownTenants;
        if (known != null && known.contains(tenant)) {
            Set<TenantId> fewer = new HashSet<>(known);
            fewer.remove(tenant);
            knownTenants = Collections.unmodifiableSet(fewer);
        }
    }

    /**
     * While the database is known to be down, only the poll tries it (once per poll interval), so
     * no request waits for the pool's timeout and no request can make the node try it again.
     */
    private void requireDatabase(TenantId tenant) {
        Instant since = downSince.get();
        if (since != null) {
            throw new TenantUnavailableException(tenant, "jwtgate: tenant '" + tenant + "': the key database has not "
                    + "answered since " + since + "; it is tried again at the next poll (every "
                    + Values.format(pollInterval) + ")", null);
        }
    }

    private TenantUnavailableException notReadYet(TenantId tenant) {
        String problem = configProblem;
        return new TenantUnavailableException(tenant, "jwtgate: tenant '" + tenant + "' cannot be looked up: this node "
                + "has not read the key database's tenant list yet (" + (problem != null ? problem
                        : "the database does not answer") + "); it is tried again every " + Values.format(pollInterval),
                null);
    }

    private TenantUnavailableException unavailable(TenantId tenant, SQLException e) {
        String why = e instanceof ConfigProblem ? e.getMessage() : "the key database is unavailable ("
                + e.getClass().getSimpleName() + ", SQLState " + e.getSQLState() + ")";
        return new TenantUnavailableException(tenant, "jwtgate: the keys of tenant '" + tenant + "' cannot be read: "
                + why, e);
    }

    /** Re-reads every cached tenant whose revision changed, at most once per poll interval. */
    private void pollIfDue() {
        Instant last = lastPoll;
        if (last != null && clock.instant().isBefore(last.plus(pollInterval))) {
            return;
        }
        if (!pollLock.tryLock()) {
            return; // another thread polls; serve what is in memory meanwhile
        }
        try {
            last = lastPoll;
            if (last != null && clock.instant().isBefore(last.plus(pollInterval))) {
                return;
            }
            try (Connection c = connection()) {
                poll(c);
                succeeded();
                lastGoodPoll = clock.instant();
            } catch (SQLException e) {
                failed(e);
            } finally {
                lastPoll = clock.instant();
            }
        } finally {
            pollLock.unlock();
        }
    }

    private void poll(Connection c) throws SQLException {
        learned.clear(); // what is learned from now on may be missing from the list read below
        Map<TenantId, Long> revisions = new HashMap<>();
        try (PreparedStatement s = prepare(c, "SELECT tenant, revision FROM " + tenantTable);
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                Optional<TenantId> t = TenantId.parse(r.getString(1));
                if (t.isPresent()) {
                    revisions.put(t.get(), r.getLong(2));
                }
            }
        }
        Set<TenantId> known = new HashSet<>(revisions.keySet());
        known.addAll(learned);
        knownTenants = Collections.unmodifiableSet(known);
        for (TenantId t : List.copyOf(cache.keySet())) {
            Long revision = revisions.get(t);
            Snapshot s = cache.get(t);
            if (revision == null) {
                if (!learned.contains(t)) { // else created or read after the list was
                    cache.remove(t);
                }
            } else if (s == null || s.revision() != revision) {
                Snapshot fresh = load(c, t, s);
                if (fresh == null) {
                    cache.remove(t);
                } else {
                    cache.put(t, fresh);
                }
            }
        }
    }

    private record Row(String kid, String alg, long activeFrom, byte[] certificate, String kekId, byte[] privateKey) {
        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Row that
                    && Objects.equals(kid, that.kid)
                    && Objects.equals(alg, that.alg)
                    && activeFrom == that.activeFrom
                    && Objects.equals(certificate, that.certificate)
                    && Objects.equals(kekId, that.kekId)
                    && Objects.equals(privateKey, that.privateKey);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(kid, alg, activeFrom, certificate, kekId, privateKey);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    /** The tenant row and its keys, in one statement (one snapshot); null when there is no tenant. */
    private Snapshot load(Connection c, TenantId tenant, Snapshot previous) throws SQLException {
        long revision = -1;
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement s = prepare(c, "SELECT t.revision, k.kid, k.alg, k.active_from, k.certificate, "
                + "k.kek_id, k.private_key FROM " + tenantTable + " t LEFT JOIN " + keyTable
                + " k ON k.tenant = t.tenant WHERE t.tenant = ?")) {
            s.setString(1, tenant.value());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    revision = r.getLong(1);
                    if (r.getString(2) != null) {
                        rows.add(new Row(r.getString(2), r.getString(3), r.getLong(4), r.getBytes(5), r.getString(6),
                                r.getBytes(7)));
                    }
                }
            }
        }
        if (revision < 0) {
            return null;
        }
        if (previous != null && previous.revision() == revision) {
            return previous;
        }
        try {
            return new Snapshot(revision, decode(tenant, rows, previous), null);
        } catch (GeneralSecurityException e) {
            String message = "jwtgate: the keys of tenant '" + tenant + "' (table " + keyTable + ") cannot be used: "
                    + e.getMessage() + ". The tenant is unavailable (its JWKS answers 503, signing fails); other "
                    + "tenants are unaffected. Its keys are not regenerated, because new keys would make every token "
                    + "signed with the old ones fail.";
            LOG.log(Level.ERROR, message);
            return new Snapshot(revision, Map.of(), message);
        }
    }

    private Map<String, StoredKey> decode(TenantId tenant, List<Row> rows, Snapshot previous)
            throws GeneralSecurityException {
        if (rows.isEmpty()) {
            throw new GeneralSecurityException("the tenant has no key");
        }
        Map<String, StoredKey> keys = new LinkedHashMap<>();
        for (Row row : rows) {
            StoredKey known = previous == null ? null : previous.keys().get(row.kid());
            if (known != null && known.activeFrom().getEpochSecond() == row.activeFrom()
                    && known.kekId().equals(row.kekId())) {
                keys.put(row.kid(), known);
                continue;
            }
            X509Certificate cert;
            try {
                cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(row.certificate()));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new GeneralSecurityException("the certificate of key " + row.kid() + " is corrupt");
            }
            Optional<String> problem = KeyChecks.problem(cert.getPublicKey());
            if (problem.isPresent()) {
                throw new GeneralSecurityException("key " + row.kid() + " is refused: " + problem.get());
            }
            if (!KeyChecks.algorithm(cert.getPublicKey()).equals(row.alg())) {
                throw new GeneralSecurityException("key " + row.kid() + " has alg " + row.alg() + " but an "
                        + KeyChecks.algorithm(cert.getPublicKey()) + " key");
            }
            byte[] plain;
            try {
                plain = encryption.open(tenant, row.kid(), row.certificate(),
                        new KeyEncryption.Sealed(row.kekId(), row.privateKey()));
            } catch (KeyEncryption.UnknownKekException e) {
                throw new GeneralSecurityException("key " + row.kid() + " is encrypted under key-encryption key '"
                        + row.kekId() + "', which this node does not have: give every node the same "
                        + PublisherParameters.KEY_ENCRYPTION_KEYS);
            } catch (GeneralSecurityException e) {
                throw new GeneralSecurityException("key " + row.kid() + " does not decrypt with key-encryption key '"
                        + row.kekId() + "' (" + PublisherParameters.KEY_ENCRYPTION_KEYS + "): another key under that "
                        + "id, or the row was altered");
            }
            try {
                PrivateKey key = KeyFactory.getInstance(cert.getPublicKey().getAlgorithm())
                        .generatePrivate(new PKCS8EncodedKeySpec(plain));
                keys.put(row.kid(), new StoredKey(row.kid(), Instant.ofEpochSecond(row.activeFrom()), row.kekId(), key,
                        cert));
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        }
        return Collections.unmodifiableMap(keys);
    }

    // --- the interface --------------------------------------------------------------------------

    private HeldKey.Scheduled view(TenantId tenant) {
        Snapshot s = current(tenant);
        if (s == null) {
            return null;
        }
        RotationPolicy.Plan plan = policy.plan(HeldKey.timed(s.keys().values()), clock.instant());
        if (plan.changes()) {
            s = maintain(tenant, s);
            plan = policy.plan(HeldKey.timed(s.keys().values()), clock.instant());
        }
        return new HeldKey.Scheduled(s.keys(), plan);
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
        for (int attempt = 0; attempt < 2; attempt++) {
            if (current(tenant) != null) {
                return false;
            }
            AtomicBoolean created = new AtomicBoolean();
            Snapshot s = once(tenant, () -> {
                Snapshot cached = cache.get(tenant);
                if (cached != null) {
                    return cached; // created by another thread meanwhile; another node's insert is refused by the key
                }
                requireDatabase(tenant);
                KeyPair pair = generate(tenant);
                boolean won;
                try (Connection c = connection()) {
                    won = insertTenant(c, tenant, pair);
                    succeeded();
                } catch (SQLException e) {
                    failed(e);
                    throw new TenantUnavailableException(tenant, "jwtgate: tenant '" + tenant + "' cannot be created: "
                            + "the key database did not accept it (" + e.getClass().getSimpleName() + ", SQLState "
                            + e.getSQLState() + "); no key was created", e);
                }
                if (!won) {
                    return read(tenant); // another node created it first: use its key
                }
                created.set(true);
                return cache.get(tenant);
            });
            if (created.get()) {
                return true;
            }
            if (s != null) {
                if (s.failure() != null) {
                    throw new TenantUnavailableException(tenant, s.failure(), null);
                }
                return false;
            }
            // joined a first read that found the tenant gone from the database: try again, creating it
        }
        return false;
    }

    /** Inserts the tenant and its first key in one transaction; false when another node inserted it first. */
    private boolean insertTenant(Connection c, TenantId tenant, KeyPair pair) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Instant now = clock.instant();
            StoredKey k = certify(tenant, pair, now, now);
            try (PreparedStatement s = prepare(c, "INSERT INTO " + tenantTable
                    + " (tenant, revision, created_at) VALUES (?, 1, ?)")) {
                s.setString(1, tenant.value());
                s.setLong(2, now.getEpochSecond());
                s.executeUpdate();
            }
            k = insertKey(c, tenant, k, now);
            beforeCommit.accept(tenant);
            c.commit();
            learned.add(tenant); // first, so that a running poll's sweep keeps it
            cache.put(tenant, new Snapshot(1, Map.of(k.kid(), k), null));
            return true;
        } catch (SQLException e) {
            rollbackQuietly(c);
            if (isDuplicate(e)) {
                return false;
            }
            throw e;
        } catch (RuntimeException | Error e) {
            rollbackQuietly(c);
            throw e;
        } finally {
            restore(c, auto, -1);
        }
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
        ReentrantLock lock = stripe(tenant);
        lock.lock();
        try {
            write(tenant, true, (keys, now) -> policy.explicitRotation(HeldKey.timed(keys.values()), now)
                    .map(at -> new Change(List.of(), Optional.of(roundUp(at)), "explicit rotation")).orElse(null));
        } finally {
            lock.unlock();
        }
        return keys(tenant).orElseThrow(() -> new UnknownTenantException(tenant)).stream()
                .filter(k -> k.state() == KeyState.PENDING).findFirst()
                .orElseThrow(() -> new TenantUnavailableException(tenant, "jwtgate: tenant '" + tenant
                        + "': the rotation did not leave a pending key", null));
    }

    /** Applies the schedule's changes; another thread or node doing it, or a failure, leaves the keys as they are. */
    private Snapshot maintain(TenantId tenant, Snapshot s) {
        Instant now = clock.instant();
        Instant retry = writeBackoff.get(tenant);
        if (retry != null && now.isBefore(retry)) {
            return s;
        }
        ReentrantLock lock = stripe(tenant);
        if (!lock.tryLock()) {
            return s;
        }
        try {
            boolean newKey = policy.plan(HeldKey.timed(s.keys().values()), now).newPendingActiveFrom().isPresent();
            Snapshot written = write(tenant, newKey, (keys, at) -> {
                RotationPolicy.Plan plan = policy.plan(HeldKey.timed(keys.values()), at);
                return plan.changes() ? new Change(plan.removed(), plan.newPendingActiveFrom().map(JdbcKeyStore::roundUp),
                        "scheduled rotation") : null;
            });
            writeBackoff.remove(tenant);
            return written;
        } catch (TenantUnavailableException e) {
            writeBackoff.put(tenant, now.plus(pollInterval));
            return s;
        } finally {
            lock.unlock();
        }
    }

    private record Change(List<String> removed, Optional<Instant> newActiveFrom, String why) {
        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Change that
                    && Objects.equals(removed, that.removed)
                    && Objects.equals(newActiveFrom, that.newActiveFrom)
                    && Objects.equals(why, that.why);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(removed, newActiveFrom, why);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    private interface Planner {
        /** The change to make given the current keys, or null for none. */
        Change plan(Map<String, StoredKey> keys, Instant now);
    }

    /**
     * One transaction holding the tenant row's lock: re-reads the keys, plans, writes, bumps the
     * revision, commits. A new key pair is generated before the lock when one is expected.
     */
    private Snapshot write(TenantId tenant, boolean expectNewKey, Planner planner) {
        requireDatabase(tenant);
        try (Connection c = connection()) {
            // Generated once the database answers (never while it is down), before the lock (RSA takes a while).
            KeyPair spare = expectNewKey ? generate(tenant) : null;
            Snapshot s = writeLocked(c, tenant, spare, planner);
            succeeded();
            return s;
        } catch (SQLException e) {
            if (isConnectionProblem(e)) {
                failed(e);
            } else if (!(e instanceof ConfigProblem)) {
                LOG.log(Level.WARNING, "jwtgate: tenant ''{0}'': a key change could not be written ({1}, SQLState {2}: "
                        + "{3}); the current keys keep serving, retrying in {4}", tenant, e.getClass().getName(),
                        e.getSQLState(), e.getMessage(), Values.format(pollInterval));
            }
            throw new TenantUnavailableException(tenant, "jwtgate: tenant '" + tenant + "': the key change was not "
                    + "written (" + e.getClass().getSimpleName() + ", SQLState " + e.getSQLState() + ")", e);
        }
    }

    private Snapshot writeLocked(Connection c, TenantId tenant, KeyPair spare, Planner planner) throws SQLException {
        boolean auto = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED); // a locking read, then reads that see what it waited for
        c.setAutoCommit(false);
        try {
            long revision;
            try (PreparedStatement s = prepare(c, "SELECT revision FROM " + tenantTable + " WHERE tenant = ? FOR UPDATE")) {
                s.setString(1, tenant.value());
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        c.rollback();
                        cache.remove(tenant);
                        throw new UnknownTenantException(tenant);
                    }
                    revision = r.getLong(1);
                }
            }
            Snapshot current = load(c, tenant, cache.get(tenant));
            if (current == null || current.failure() != null) {
                c.rollback();
                if (current != null) {
                    cache.put(tenant, current);
                }
                throw current == null ? new UnknownTenantException(tenant)
                        : new TenantUnavailableException(tenant, current.failure(), null);
            }
            Instant now = clock.instant();
            Change change = planner.plan(current.keys(), now);
            if (change == null) {
                c.commit();
                cache.put(tenant, current);
                return current;
            }
            Map<String, StoredKey> next = new LinkedHashMap<>(current.keys());
            for (String kid : change.removed()) {
                try (PreparedStatement s = prepare(c, "DELETE FROM " + keyTable + " WHERE tenant = ? AND kid = ?")) {
                    s.setString(1, tenant.value());
                    s.setString(2, kid);
                    s.executeUpdate();
                }
                next.remove(kid);
            }
            StoredKey added = null;
            if (change.newActiveFrom().isPresent()) {
                added = insertKey(c, tenant, certify(tenant, spare != null ? spare : generate(tenant), now,
                        change.newActiveFrom().get()), now);
                next.put(added.kid(), added);
            }
            try (PreparedStatement s = prepare(c, "UPDATE " + tenantTable + " SET revision = revision + 1 WHERE tenant = ?")) {
                s.setString(1, tenant.value());
                s.executeUpdate();
            }
            beforeCommit.accept(tenant);
            c.commit();
            if (added != null) {
                rotations.increment(); // committed by this node (a tenant's first key is written elsewhere)
            }
            Snapshot written = new Snapshot(revision + 1, Collections.unmodifiableMap(next), null);
            cache.put(tenant, written);
            if (!change.removed().isEmpty()) {
                LOG.log(Level.INFO, "jwtgate: tenant ''{0}'': retired key(s) {1} removed after their grace period",
                        tenant, change.removed());
            }
            if (added != null) {
                LOG.log(Level.INFO, "jwtgate: tenant ''{0}'': new key {1} published, signing from {2} ({3})", tenant,
                        added.kid(), added.activeFrom(), change.why());
            }
            return written;
        } catch (SQLException | RuntimeException | Error e) {
            rollbackQuietly(c);
            throw e;
        } finally {
            restore(c, auto, isolation);
        }
    }

    private StoredKey insertKey(Connection c, TenantId tenant, StoredKey k, Instant now) throws SQLException {
        byte[] certificate;
        byte[] pkcs8 = k.privateKey().getEncoded();
        KeyEncryption.Sealed sealed;
        try {
            certificate = k.certificate().getEncoded();
            sealed = encryption.seal(tenant, k.kid(), certificate, pkcs8);
        } catch (GeneralSecurityException e) {
            throw new TenantUnavailableException(tenant, "jwtgate: tenant '" + tenant + "': cannot encode key " + k.kid(), e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        try (PreparedStatement s = prepare(c, "INSERT INTO " + keyTable + " (tenant, kid, alg, active_from, created_at, "
                + "certificate, kek_id, private_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, tenant.value());
            s.setString(2, k.kid());
            s.setString(3, KeyChecks.algorithm(k.certificate().getPublicKey()));
            s.setLong(4, k.activeFrom().getEpochSecond());
            s.setLong(5, now.getEpochSecond());
            s.setBytes(6, certificate);
            s.setString(7, sealed.kekId());
            s.setBytes(8, sealed.data());
            s.executeUpdate();
        }
        return new StoredKey(k.kid(), k.activeFrom(), sealed.kekId(), k.privateKey(), k.certificate());
    }

    @Override
    public Set<TenantId> tenants() {
        try (Connection c = connection();
                PreparedStatement s = prepare(c, "SELECT tenant FROM " + tenantTable);
                ResultSet r = s.executeQuery()) {
            Set<TenantId> out = new TreeSet<>();
            while (r.next()) {
                TenantId.parse(r.getString(1)).ifPresent(out::add);
            }
            succeeded();
            return Collections.unmodifiableSet(out);
        } catch (SQLException e) {
            failed(e);
            Set<TenantId> out = new TreeSet<>(cache.keySet());
            Set<TenantId> known = knownTenants;
            if (known != null) {
                out.addAll(known);
            }
            return Collections.unmodifiableSet(out);
        }
    }

    /**
     * Re-encrypts every stored key that is not under the first key-encryption key, so that older
     * KEKs can then be removed from the configuration. Safe while other nodes run: each row is
     * updated only if its KEK id is still the one read.
     *
     * @return how many keys were re-encrypted
     * @throws TenantUnavailableException when a key does not decrypt or the database fails
     */
    public int rewrap() {
        int done = 0;
        try (Connection c = connection()) {
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement s = prepare(c, "SELECT tenant, kid, certificate, kek_id, private_key FROM " + keyTable
                    + " WHERE kek_id <> ?")) {
                s.setString(1, encryption.primaryId());
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        rows.add(new Object[] {r.getString(1), r.getString(2), r.getBytes(3), r.getString(4), r.getBytes(5)});
                    }
                }
            }
            for (Object[] row : rows) {
                TenantId tenant = TenantId.of((String) row[0]);
                String kid = (String) row[1];
                byte[] certificate = (byte[]) row[2];
                byte[] plain;
                try {
                    plain = encryption.open(tenant, kid, certificate, new KeyEncryption.Sealed((String) row[3], (byte[]) row[4]));
                } catch (GeneralSecurityException e) {
                    throw new TenantUnavailableException(tenant, "jwtgate: key " + kid + " of tenant '" + tenant
                            + "' does not decrypt with key-encryption key '" + row[3] + "'; nothing more was re-encrypted", e);
                }
                KeyEncryption.Sealed sealed;
                try {
                    sealed = encryption.seal(tenant, kid, certificate, plain);
                } finally {
                    Arrays.fill(plain, (byte) 0);
                }
                try (PreparedStatement s = prepare(c, "UPDATE " + keyTable + " SET kek_id = ?, private_key = ? "
                        + "WHERE tenant = ? AND kid = ? AND kek_id = ?")) {
                    s.setString(1, sealed.kekId());
                    s.setBytes(2, sealed.data());
                    s.setString(3, tenant.value());
                    s.setString(4, kid);
                    s.setString(5, (String) row[3]);
                    done += s.executeUpdate();
                }
            }
            succeeded();
        } catch (SQLException e) {
            failed(e);
            throw new IllegalStateException("jwtgate: rewrap stopped after " + done + " key(s): the key database failed ("
                    + e.getClass().getSimpleName() + ", SQLState " + e.getSQLState() + ")", e);
        }
        if (done > 0) {
            LOG.log(Level.INFO, "jwtgate: {0} stored key(s) re-encrypted under key-encryption key ''{1}''", done,
                    encryption.primaryId());
        }
        return done;
    }

    /**
     * Since when the database has failed to answer, or empty while it answers. While it is set, the
     * node serves the keys it holds in memory.
     */
    /** When the last poll that read the database completed (how old what this node serves may be); empty before one did. */
    public Optional<Instant> lastSuccessfulPoll() {
        return Optional.ofNullable(lastGoodPoll);
    }

    public Optional<Instant> databaseUnavailableSince() {
        return Optional.ofNullable(downSince.get());
    }

    // --- helpers --------------------------------------------------------------------------------

    private KeyPair generate(TenantId tenant) {
        try {
            return keyType.generate(random, engine);
        } catch (GeneralSecurityException e) {
            throw new TenantUnavailableException(tenant, "jwtgate: tenant '" + tenant + "': cannot generate a "
                    + keyType.configName() + " key (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private StoredKey certify(TenantId tenant, KeyPair pair, Instant now, Instant activeFrom) {
        String kid = switch (kidStyle) {
            case UUID -> UUID.randomUUID().toString();
            case THUMBPRINT -> Thumbprint.of(pair.getPublic());
        };
        Instant notAfter = policy.period().isZero() ? SelfSignedCertificate.NO_EXPIRY
                : activeFrom.plus(policy.period()).plus(policy.lead()).plus(policy.grace());
        try {
            X509Certificate cert = SelfSignedCertificate.create(pair, tenant.value(), kid, now, notAfter, random);
            return new StoredKey(kid, Instant.ofEpochSecond(activeFrom.getEpochSecond()), encryption.primaryId(),
                    pair.getPrivate(), cert);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TenantUnavailableException(tenant, "jwtgate: tenant '" + tenant + "': cannot certify a new "
                    + keyType.configName() + " key (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static Instant roundUp(Instant t) {
        return t.getNano() == 0 ? t : Instant.ofEpochSecond(t.getEpochSecond() + 1);
    }


    private static PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        s.setQueryTimeout(STATEMENT_TIMEOUT_SECONDS);
        return s;
    }

    private static boolean isDuplicate(SQLException e) {
        return e instanceof SQLIntegrityConstraintViolationException
                || (e.getSQLState() != null && e.getSQLState().startsWith("23"));
    }

    private static boolean isConnectionProblem(SQLException e) {
        return e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLRecoverableException || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone: the database rolls the transaction back itself
        }
    }

    private static void restore(Connection c, boolean autoCommit, int isolation) {
        try {
            if (isolation >= 0 && c.getTransactionIsolation() != isolation) {
                c.setTransactionIsolation(isolation);
            }
            c.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
            // a broken connection: the pool discards it
        }
    }

    private void failed(SQLException e) {
        if (e instanceof ConfigProblem) {
            return; // logged as an error where it was found
        }
        if (downSince.compareAndSet(null, clock.instant())) {
            LOG.log(Level.WARNING, "jwtgate: the key database does not answer ({0}, SQLState {1}: {2}); this node keeps "
                    + "publishing and signing with the keys of the {3} tenant(s) it holds in memory, tenants missing from "
                    + "the tenant list it last read answer 404, the others 503, and no key is created or rotated "
                    + "until it answers again (tried once every {4})",
                    e.getClass().getName(), e.getSQLState(), e.getMessage(), cache.size(), Values.format(pollInterval));
        }
    }

    private void succeeded() {
        Instant since = downSince.getAndSet(null);
        if (since != null) {
            LOG.log(Level.INFO, "jwtgate: the key database answers again, after {0}; keys are read from it again",
                    Values.format(Duration.ofMillis(Duration.between(since, clock.instant()).toMillis())));
        }
    }

    /** Forgets the keys held in memory; the data source (the container's) stays open. */
    @Override
    public void close() {
        cache.clear();
    }

    @Override
    public String toString() {
        Dialect d = dialect;
        return "JdbcKeyStore[" + (d == null ? "database not reached yet" : d.product) + ", tables " + tenantTable + "…]";
    }

    /** Builds a {@link JdbcKeyStore}; {@link #open()} checks the database. */
    public static final class Builder {
        private final DataSource dataSource;
        private KeyEncryption encryption;
        private KeyType keyType = KeyType.RSA_2048;
        private SignatureEngine engine = SignatureEngine.jdk(List.of());
        private KidStyle kidStyle = KidStyle.UUID;
        private RotationPolicy policy = new RotationPolicy(Duration.ofDays(30), Duration.ofDays(1), Duration.ofDays(1));
        private Clock clock = Clock.systemUTC();
        private Duration pollInterval = Duration.ofSeconds(10);
        private String prefix = "jwtgate_";
        private boolean createSchema;
        private Consumer<TenantId> beforeCommit = t -> { };

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** The key-encryption keys; required. */
        public Builder keyEncryption(KeyEncryption v) { encryption = Objects.requireNonNull(v); return this; }
        public Builder keyType(KeyType v) { keyType = Objects.requireNonNull(v); return this; }
        /** What generates RSA and EC keys and seals them (AES-GCM); default: the JVM's default providers. */
        public Builder signatureEngine(SignatureEngine v) { engine = Objects.requireNonNull(v); return this; }
        public Builder kidStyle(KidStyle v) { kidStyle = Objects.requireNonNull(v); return this; }
        public Builder rotation(RotationPolicy v) { policy = Objects.requireNonNull(v); return this; }
        /** The time source of rotation and polling; a test seam. */
        public Builder clock(Clock v) { clock = Objects.requireNonNull(v); return this; }
        /** How long a node may serve what it last read (default 10 s). */
        public Builder pollInterval(Duration v) {
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("pollInterval must be positive");
            }
            pollInterval = v;
            return this;
        }
        /** Table name prefix (default {@code jwtgate_}): a-z, 0-9, '_', starting with a letter. */
        public Builder tablePrefix(String v) {
            if (!v.matches("[a-z][a-z0-9_]{0,29}")) {
                throw new ConfigException(PublisherParameters.JDBC_TABLE_PREFIX, "'" + v + "' is not a table prefix");
            }
            prefix = v;
            return this;
        }
        /** Whether missing tables are created at startup (default false). */
        public Builder createSchema(boolean v) { createSchema = v; return this; }
        /**
         * Runs inside every write transaction after its rows are written and before the commit; a test
         * seam, to stop a node there (nothing of the transaction survives it).
         */
        public Builder beforeCommit(Consumer<TenantId> v) { beforeCommit = Objects.requireNonNull(v); return this; }

        /**
         * Opens the store: checks (or creates) the schema and the key-encryption keys. When the
         * database does not answer, the store opens anyway, logs an error, and checks on first contact.
         *
         * @throws ConfigException for a configuration the database refutes
         */
        public JdbcKeyStore open() {
            JdbcKeyStore store = new JdbcKeyStore(this);
            store.start();
            return store;
        }
    }
}
