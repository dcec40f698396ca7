package org.jwtgate.keys;

import static org.jwtgate.keys.PublisherParameters.*;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.HttpsPolicy;
import org.jwtgate.config.Placeholders;
import org.jwtgate.config.Values;
import org.jwtgate.crypto.CryptoProvider;
import org.jwtgate.tenant.TenantId;

/**
 * The immutable configuration of one JWKS publisher: where tenant keys are, how they rotate, how a
 * request names its tenant, and what responses say. Built in code with {@link #builder()} or from
 * string key/values with {@link #fromParameters(Map)} (the table is {@link PublisherParameters});
 * both end in {@link Builder#build()}, which refuses a schedule that could break validators:
 * {@code prepublish-lead ≥ 2 × max-age} (every cache sees a new key before it signs) and
 * {@code retirement-grace ≥ token-lifetime-max + max-age} (every token validates until it expires).
 */
public final class PublisherConfig {
    /** Where keys are kept. */
    public enum Store {
        /** Generated keys in a directory of PKCS12 files, one per tenant, rotated on schedule. */
        MANAGED,
        /** An existing PKCS12 or JKS file, read once, never written. */
        KEYSTORE,
        /** Generated keys in a database shared by several nodes ({@code org.jwtgate.keys.jdbc.JdbcKeyStore}). */
        JDBC
    }

    /** How a request names its tenant. */
    public enum TenantFrom {
        /** The first path segment below the servlet mapping. */
        PATH,
        /** The first label of the host name, below {@code host-domain}. */
        HOST
    }

    /** The path of the discovery document below a tenant (OpenID Connect Discovery 1.0 §4). */
    public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
    /**
     * The path of the OAuth 2.0 authorization server metadata below a tenant: RFC 8414 §3's well-known
     * suffix, appended to the issuer (the form a servlet below the application's context path can serve).
     */
    public static final String AUTHORIZATION_SERVER_PATH = "/.well-known/oauth-authorization-server";
    /** The grant types jwtgate knows how to describe in metadata. */
    static final List<String> KNOWN_GRANT_TYPES = List.of("authorization_code", "client_credentials", "refresh_token",
            "password", "urn:ietf:params:oauth:grant-type:jwt-bearer", "urn:ietf:params:oauth:grant-type:token-exchange",
            "urn:ietf:params:oauth:grant-type:device_code");

    private final Store store;
    private final Optional<Path> keyDirectory;
    private final Optional<String> keyPassword;
    private final KeyType keyType;
    private final KidStyle kidStyle;
    private final Optional<Path> keystorePath;
    private final Optional<String> keystorePassword;
    private final String keystoreType;
    private final Optional<String> jdbcJndiName;
    private final Optional<String> jdbcUrl;
    private final Optional<String> jdbcUser;
    private final Optional<String> jdbcPassword;
    private final String jdbcTablePrefix;
    private final boolean jdbcCreateSchema;
    private final Duration jdbcPollInterval;
    private final Optional<String> keyEncryptionKeys;
    private final Optional<Path> keyEncryptionKeystore;
    private final Optional<String> keyEncryptionKeystorePassword;
    private final String issuer;
    private final TenantFrom tenantFrom;
    private final Optional<String> hostDomain;
    private final String jwksPath;
    private final Optional<String> jwksUri;
    private final List<TenantId> tenants;
    private final boolean autoCreate;
    private final boolean discovery;
    private final Optional<String> authorizationEndpoint;
    private final Optional<String> tokenEndpoint;
    private final List<String> grantTypes;
    private final boolean cors;
    private final Duration maxAge;
    private final RotationPolicy rotation;
    private final Duration tokenLifetime;
    private final Duration tokenLifetimeMax;
    private final Clock clock;
    private final CryptoProvider cryptoProvider;

    private PublisherConfig(Builder b) {
        store = b.store;
        keyDirectory = b.keyDirectory;
        keyPassword = b.keyPassword;
        keyType = b.keyType;
        kidStyle = b.kidStyle;
        keystorePath = b.keystorePath;
        keystorePassword = b.keystorePassword;
        keystoreType = b.keystoreType;
        jdbcJndiName = b.jdbcJndiName;
        jdbcUrl = b.jdbcUrl;
        jdbcUser = b.jdbcUser;
        jdbcPassword = b.jdbcPassword;
        jdbcTablePrefix = b.jdbcTablePrefix;
        jdbcCreateSchema = b.jdbcCreateSchema;
        jdbcPollInterval = b.jdbcPollInterval;
        keyEncryptionKeys = b.keyEncryptionKeys;
        keyEncryptionKeystore = b.keyEncryptionKeystore;
        keyEncryptionKeystorePassword = b.keyEncryptionKeystorePassword;
        issuer = b.issuer;
        tenantFrom = b.tenantFrom;
        hostDomain = b.hostDomain.map(h -> h.toLowerCase(Locale.ROOT));
        jwksPath = b.jwksPath;
        jwksUri = b.jwksUri;
        tenants = List.copyOf(b.tenants);
        autoCreate = b.autoCreate;
        discovery = b.discovery;
        authorizationEndpoint = b.authorizationEndpoint;
        tokenEndpoint = b.tokenEndpoint;
        grantTypes = b.grantTypes.isEmpty()
                ? authorizationEndpoint.isPresent() ? List.of("authorization_code")
                        : tokenEndpoint.isPresent() ? List.of("client_credentials") : List.of()
                : List.copyOf(b.grantTypes);
        cors = b.cors;
        maxAge = b.maxAge;
        rotation = new RotationPolicy(b.rotationPeriod, b.prepublishLead, b.retirementGrace);
        tokenLifetime = b.tokenLifetime;
        tokenLifetimeMax = b.tokenLifetimeMax;
        clock = b.clock;
        cryptoProvider = b.cryptoProvider;
    }

    /** A builder with every default of {@link PublisherParameters}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Parses string key/values (placeholders resolved against the environment and system properties). */
    public static PublisherConfig fromParameters(Map<String, String> parameters) {
        return PublisherParameters.parse(parameters, Placeholders.system()).build();
    }

    public Store store() { return store; }
    public Optional<Path> keyDirectory() { return keyDirectory; }
    /** The managed store's password; never log it. */
    public Optional<String> keyPassword() { return keyPassword; }
    public KeyType keyType() { return keyType; }
    public KidStyle kidStyle() { return kidStyle; }
    public Optional<Path> keystorePath() { return keystorePath; }
    /** The key store's password; never log it. */
    public Optional<String> keystorePassword() { return keystorePassword; }
    public String keystoreType() { return keystoreType; }
    /** JDBC store: the JNDI name of the container's DataSource. */
    public Optional<String> jdbcJndiName() { return jdbcJndiName; }
    /** JDBC store: a JDBC URL instead of a JNDI name. */
    public Optional<String> jdbcUrl() { return jdbcUrl; }
    public Optional<String> jdbcUser() { return jdbcUser; }
    /** The password of {@link #jdbcUrl()}; never log it. */
    public Optional<String> jdbcPassword() { return jdbcPassword; }
    public String jdbcTablePrefix() { return jdbcTablePrefix; }
    public boolean jdbcCreateSchema() { return jdbcCreateSchema; }
    /** How long a node may serve what it last read from the database. */
    public Duration jdbcPollInterval() { return jdbcPollInterval; }
    /** The key-encryption keys (secret); never log them. */
    public Optional<String> keyEncryptionKeys() { return keyEncryptionKeys; }
    public Optional<Path> keyEncryptionKeystore() { return keyEncryptionKeystore; }
    /** Never log it. */
    public Optional<String> keyEncryptionKeystorePassword() { return keyEncryptionKeystorePassword; }
    /** The issuer template, with {@code {tenant}}. */
    public String issuerTemplate() { return issuer; }
    /** The {@code jwks_uri} template, with {@code {tenant}}, when it is not the issuer plus {@code jwks-path}. */
    public Optional<String> jwksUriTemplate() { return jwksUri; }
    public TenantFrom tenantFrom() { return tenantFrom; }
    public Optional<String> hostDomain() { return hostDomain; }
    public String jwksPath() { return jwksPath; }
    public List<TenantId> tenants() { return tenants; }
    public boolean autoCreate() { return autoCreate; }
    public boolean discovery() { return discovery; }
    public boolean cors() { return cors; }
    public Duration maxAge() { return maxAge; }
    /** Rotation period, pre-publication lead and retirement grace. */
    public RotationPolicy rotation() { return rotation; }
    public Duration tokenLifetime() { return tokenLifetime; }
    public Duration tokenLifetimeMax() { return tokenLifetimeMax; }
    /** The time source of rotation, certificates and signing; a test seam. */
    public Clock clock() { return clock; }
    /**
     * Which engine signs, generates RSA and EC keys and seals stored private keys ({@code crypto-provider},
     * default {@code auto}); the same rules as the filter's, in {@link org.jwtgate.crypto.SignatureEngines}.
     */
    public CryptoProvider cryptoProvider() { return cryptoProvider; }

    /** The issuer ({@code iss}) of {@code tenant}. */
    public String issuer(TenantId tenant) {
        return issuer.replace("{tenant}", tenant.value());
    }

    /** The application's authorization endpoint for {@code tenant}, when it has one ({@code authorization-endpoint}). */
    public Optional<String> authorizationEndpoint(TenantId tenant) {
        return authorizationEndpoint.map(u -> u.replace("{tenant}", tenant.value()));
    }

    /** The application's token endpoint for {@code tenant}, when it has one ({@code token-endpoint}). */
    public Optional<String> tokenEndpoint(TenantId tenant) {
        return tokenEndpoint.map(u -> u.replace("{tenant}", tenant.value()));
    }

    /**
     * The {@code grant_types_supported} of the metadata: {@code grant-types}, or by default
     * {@code authorization_code} with an authorization endpoint, {@code client_credentials} with only a
     * token endpoint, none without endpoints.
     */
    public List<String> grantTypes() {
        return grantTypes;
    }

    /**
     * Whether {@code /.well-known/openid-configuration} carries every member OpenID Connect Discovery
     * 1.0 §3 requires: the application provides both an authorization and a token endpoint.
     */
    public boolean completeOpenIdConfiguration() {
        return authorizationEndpoint.isPresent() && tokenEndpoint.isPresent();
    }

    /** The {@code jwks_uri} of {@code tenant}'s discovery document. */
    public String jwksUri(TenantId tenant) {
        return jwksUri.map(u -> u.replace("{tenant}", tenant.value())).orElse(issuer(tenant) + jwksPath);
    }

    @Override
    public String toString() {
        return "PublisherConfig[store=" + store.name().toLowerCase(Locale.ROOT) + ", issuer=" + issuer
                + ", tenant-from=" + tenantFrom.name().toLowerCase(Locale.ROOT) + ", key-type=" + keyType.configName()
                + ", max-age=" + Values.format(maxAge) + ", crypto-provider=" + cryptoProvider
                + (store == Store.JDBC ? ", jdbc=" + jdbcJndiName.orElseGet(() -> redactUrl(jdbcUrl.orElse("")))
                        + ", tables=" + jdbcTablePrefix + "*, poll=" + Values.format(jdbcPollInterval) : "") + "]";
    }

    /** A JDBC URL without user info or query (either may carry a password). */
    private static String redactUrl(String url) {
        int q = url.indexOf('?');
        int semicolon = url.indexOf(';');
        int cut = q < 0 ? semicolon : semicolon < 0 ? q : Math.min(q, semicolon);
        String u = cut < 0 ? url : url.substring(0, cut) + "?…";
        int at = u.indexOf('@');
        int slashes = u.indexOf("//");
        return at > slashes && slashes >= 0 ? u.substring(0, slashes + 2) + "…" + u.substring(at) : u;
    }

    /** Builds a {@link PublisherConfig}; values are checked in {@link #build()}. */
    public static final class Builder {
        private Store store = Store.MANAGED;
        private Optional<Path> keyDirectory = Optional.empty();
        private Optional<String> keyPassword = Optional.empty();
        private KeyType keyType = KeyType.RSA_2048;
        private KidStyle kidStyle = KidStyle.UUID;
        private Optional<Path> keystorePath = Optional.empty();
        private Optional<String> keystorePassword = Optional.empty();
        private String keystoreType = "PKCS12";
        private Optional<String> jdbcJndiName = Optional.empty();
        private Optional<String> jdbcUrl = Optional.empty();
        private Optional<String> jdbcUser = Optional.empty();
        private Optional<String> jdbcPassword = Optional.empty();
        private String jdbcTablePrefix = "jwtgate_";
        private boolean jdbcCreateSchema;
        private Duration jdbcPollInterval = Duration.ofSeconds(10);
        private Optional<String> keyEncryptionKeys = Optional.empty();
        private Optional<Path> keyEncryptionKeystore = Optional.empty();
        private Optional<String> keyEncryptionKeystorePassword = Optional.empty();
        private String issuer;
        private TenantFrom tenantFrom = TenantFrom.PATH;
        private Optional<String> hostDomain = Optional.empty();
        private String jwksPath = "/oauth2/jwks";
        private Optional<String> jwksUri = Optional.empty();
        private List<TenantId> tenants = new ArrayList<>();
        private boolean autoCreate;
        private boolean discovery = true;
        private Optional<String> authorizationEndpoint = Optional.empty();
        private Optional<String> tokenEndpoint = Optional.empty();
        private List<String> grantTypes = List.of();
        private boolean cors = true;
        private Duration maxAge = Duration.ofHours(1);
        private Duration rotationPeriod = Duration.ofDays(30);
        private Duration prepublishLead = Duration.ofDays(1);
        private Duration retirementGrace = Duration.ofDays(1);
        private Duration tokenLifetime = Duration.ofMinutes(15);
        private Duration tokenLifetimeMax = Duration.ofHours(1);
        private Clock clock = Clock.systemUTC();
        private CryptoProvider cryptoProvider = CryptoProvider.AUTO;

        private Builder() {
        }

        public Builder store(Store v) { store = Objects.requireNonNull(v); return this; }
        /** Managed store: the directory, and its password. */
        public Builder managed(Path directory, String password) { store = Store.MANAGED; keyDirectory(directory); return keyPassword(password); }
        /** Read-only store: the key store file, its password and type. */
        public Builder keystore(Path file, String password, String type) {
            store = Store.KEYSTORE;
            keystorePath(file);
            keystorePassword(password);
            return keystoreType(type);
        }
        public Builder keyDirectory(Path v) { keyDirectory = Optional.ofNullable(v); return this; }
        public Builder keyPassword(String v) { keyPassword = Optional.ofNullable(v); return this; }
        public Builder keyType(KeyType v) { keyType = Objects.requireNonNull(v); return this; }
        public Builder kidStyle(KidStyle v) { kidStyle = Objects.requireNonNull(v); return this; }
        public Builder keystorePath(Path v) { keystorePath = Optional.ofNullable(v); return this; }
        public Builder keystorePassword(String v) { keystorePassword = Optional.ofNullable(v); return this; }
        public Builder keystoreType(String v) { keystoreType = Objects.requireNonNull(v); return this; }
        /** JDBC store over the container's DataSource bound at {@code jndiName}, with these key-encryption keys. */
        public Builder jdbc(String jndiName, String keyEncryptionKeys) {
            store = Store.JDBC;
            jdbcJndiName(jndiName);
            return keyEncryptionKeys(keyEncryptionKeys);
        }
        public Builder jdbcJndiName(String v) { jdbcJndiName = Optional.ofNullable(v); return this; }
        public Builder jdbcUrl(String v) { jdbcUrl = Optional.ofNullable(v); return this; }
        public Builder jdbcUser(String v) { jdbcUser = Optional.ofNullable(v); return this; }
        public Builder jdbcPassword(String v) { jdbcPassword = Optional.ofNullable(v); return this; }
        public Builder jdbcTablePrefix(String v) { jdbcTablePrefix = Objects.requireNonNull(v); return this; }
        /** {@code true}: missing tables are created at startup. Off by default: a DBA runs the shipped DDL. */
        public Builder jdbcCreateSchema(boolean v) { jdbcCreateSchema = v; return this; }
        public Builder jdbcPollInterval(Duration v) { jdbcPollInterval = Objects.requireNonNull(v); return this; }
        /** {@code ID:BASE64} entries and/or aliases of {@link #keyEncryptionKeystore}; the first encrypts. */
        public Builder keyEncryptionKeys(String v) { keyEncryptionKeys = Optional.ofNullable(v); return this; }
        public Builder keyEncryptionKeystore(Path v) { keyEncryptionKeystore = Optional.ofNullable(v); return this; }
        public Builder keyEncryptionKeystorePassword(String v) { keyEncryptionKeystorePassword = Optional.ofNullable(v); return this; }
        /** The issuer template, with {@code {tenant}}, e.g. {@code https://auth.example.com/t/{tenant}}. */
        public Builder issuer(String v) { issuer = v; return this; }
        public Builder tenantFrom(TenantFrom v) { tenantFrom = Objects.requireNonNull(v); return this; }
        public Builder hostDomain(String v) { hostDomain = Optional.ofNullable(v); return this; }
        public Builder jwksPath(String v) { jwksPath = Objects.requireNonNull(v); return this; }
        public Builder jwksUri(String v) { jwksUri = Optional.ofNullable(v); return this; }
        public Builder tenants(Collection<TenantId> v) { tenants = new ArrayList<>(v); return this; }
        /** {@code true}: a GET for an unknown (well-formed) tenant creates it. Off by default. */
        public Builder autoCreate(boolean v) { autoCreate = v; return this; }
        public Builder discovery(boolean v) { discovery = v; return this; }
        /** The application's authorization endpoint, with {@code {tenant}} (published in the metadata only). */
        public Builder authorizationEndpoint(String v) { authorizationEndpoint = Optional.ofNullable(v); return this; }
        /** The application's token endpoint, with {@code {tenant}} (published in the metadata only). */
        public Builder tokenEndpoint(String v) { tokenEndpoint = Optional.ofNullable(v); return this; }
        /** The {@code grant_types_supported} of the metadata; empty: derived from the endpoints. */
        public Builder grantTypes(List<String> v) { grantTypes = List.copyOf(v); return this; }
        public Builder cors(boolean v) { cors = v; return this; }
        public Builder maxAge(Duration v) { maxAge = Objects.requireNonNull(v); return this; }
        public Builder rotationPeriod(Duration v) { rotationPeriod = Objects.requireNonNull(v); return this; }
        public Builder prepublishLead(Duration v) { prepublishLead = Objects.requireNonNull(v); return this; }
        public Builder retirementGrace(Duration v) { retirementGrace = Objects.requireNonNull(v); return this; }
        public Builder tokenLifetime(Duration v) { tokenLifetime = Objects.requireNonNull(v); return this; }
        public Builder tokenLifetimeMax(Duration v) { tokenLifetimeMax = Objects.requireNonNull(v); return this; }
        /** The time source; a test seam. */
        public Builder clock(Clock v) { clock = Objects.requireNonNull(v); return this; }
        /** Which engine signs (default {@link CryptoProvider#AUTO}). */
        public Builder cryptoProvider(CryptoProvider v) { cryptoProvider = Objects.requireNonNull(v); return this; }

        /** Checks every value and builds the configuration. */
        public PublisherConfig build() {
            if (store == Store.MANAGED) {
                require(KEY_DIRECTORY, keyDirectory.isPresent(), "is required with store=managed");
                require(KEY_PASSWORD, keyPassword.isPresent() && !keyPassword.get().isEmpty(),
                        "is required with store=managed (use a ${env:...} placeholder)");
            } else if (store == Store.JDBC) {
                checkJdbc();
            } else {
                require(KEYSTORE_PATH, keystorePath.isPresent(), "is required with store=keystore");
                require(KEYSTORE_PASSWORD, keystorePassword.isPresent(), "is required with store=keystore");
                require(AUTO_CREATE, !autoCreate, "cannot be true with store=keystore (the key store is read-only)");
            }
            require(KEYSTORE_TYPE, keystoreType.equals("PKCS12") || keystoreType.equals("JKS"),
                    "'" + keystoreType + "' is not one of PKCS12, JKS");
            checkIssuer();
            if (tenantFrom == TenantFrom.HOST) {
                require(HOST_DOMAIN, hostDomain.isPresent(), "is required with tenant-from=host");
                require(HOST_DOMAIN, hostDomain.get().matches("(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"),
                        "'" + hostDomain.get() + "' is not a domain name");
            }
            require(JWKS_PATH, jwksPath.matches("(/[A-Za-z0-9._~!$&'()*+,;=:@-]+)+")
                    && !jwksPath.equals(DISCOVERY_PATH) && !jwksPath.equals(AUTHORIZATION_SERVER_PATH)
                    && !jwksPath.contains("/../") && !jwksPath.endsWith("/.."),
                    "'" + jwksPath + "' is not a path such as /oauth2/jwks");
            jwksUri.ifPresent(u -> checkUrl(JWKS_URI, u));
            authorizationEndpoint.ifPresent(u -> checkUrl(AUTHORIZATION_ENDPOINT, u));
            tokenEndpoint.ifPresent(u -> checkUrl(TOKEN_ENDPOINT, u));
            require(AUTHORIZATION_ENDPOINT, authorizationEndpoint.isEmpty() || tokenEndpoint.isPresent(),
                    "needs token-endpoint too (authorization codes are redeemed there; jwtgate describes no implicit-only server)");
            for (String g : grantTypes) {
                require(GRANT_TYPES, KNOWN_GRANT_TYPES.contains(g), "'" + g + "' is not one of " + String.join(", ", KNOWN_GRANT_TYPES));
                require(GRANT_TYPES, tokenEndpoint.isPresent(), "needs token-endpoint (every listed grant uses it)");
                require(GRANT_TYPES, !g.equals("authorization_code") || authorizationEndpoint.isPresent(),
                        "'authorization_code' needs authorization-endpoint");
            }
            Values.range(MAX_AGE, maxAge, Duration.ZERO, Duration.ofDays(7));
            Values.range(TOKEN_LIFETIME_MAX, tokenLifetimeMax, Duration.ofSeconds(1), Duration.ofDays(30));
            Values.range(TOKEN_LIFETIME, tokenLifetime, Duration.ofSeconds(1), tokenLifetimeMax);
            Duration minLead = maxAge.multipliedBy(2);
            require(PREPUBLISH_LEAD, prepublishLead.compareTo(minLead) >= 0, "'" + Values.format(prepublishLead)
                    + "' must be at least twice max-age (" + Values.format(minLead)
                    + "), so that every cache has a new key before it signs");
            Duration minGrace = tokenLifetimeMax.plus(maxAge);
            require(RETIREMENT_GRACE, retirementGrace.compareTo(minGrace) >= 0, "'" + Values.format(retirementGrace)
                    + "' must be at least token-lifetime-max + max-age (" + Values.format(minGrace)
                    + "), so that tokens signed by a replaced key validate until they expire");
            require(ROTATION_PERIOD, rotationPeriod.isZero() || rotationPeriod.compareTo(prepublishLead) > 0,
                    "'" + Values.format(rotationPeriod) + "' must be longer than prepublish-lead ("
                            + Values.format(prepublishLead) + "), or 0s for explicit rotation only");
            if (store == Store.JDBC) {
                Duration minJdbcLead = minLead.plus(jdbcPollInterval);
                require(PREPUBLISH_LEAD, prepublishLead.compareTo(minJdbcLead) >= 0, "'" + Values.format(prepublishLead)
                        + "' must be at least twice max-age plus jdbc-poll-interval (" + Values.format(minJdbcLead)
                        + "), so that every node and every cache has a new key before it signs");
            }
            return new PublisherConfig(this);
        }

        private void checkJdbc() {
            require(JDBC_JNDI_NAME, jdbcJndiName.isPresent() || jdbcUrl.isPresent(),
                    "or jdbc-url is required with store=jdbc (for example java:comp/env/jdbc/jwtgate)");
            require(JDBC_URL, jdbcJndiName.isEmpty() || jdbcUrl.isEmpty(), "cannot be combined with jdbc-jndi-name");
            jdbcUrl.ifPresent(u -> require(JDBC_URL, u.startsWith("jdbc:"), "is not a JDBC URL (jdbc:...)"));
            require(JDBC_TABLE_PREFIX, jdbcTablePrefix.matches("[a-z][a-z0-9_]{0,29}"), "'" + jdbcTablePrefix
                    + "' is not a table prefix (1 to 30 characters a-z, 0-9, '_', starting with a letter)");
            Values.range(JDBC_POLL_INTERVAL, jdbcPollInterval, Duration.ofMillis(100), Duration.ofHours(1));
            require(KEY_ENCRYPTION_KEYS, keyEncryptionKeys.isPresent() && !keyEncryptionKeys.get().isBlank(),
                    "is required with store=jdbc (ID:BASE64 of 32 random bytes, from a ${env:...} placeholder)");
            org.jwtgate.keys.jdbc.KeyEncryption.checkSyntax(keyEncryptionKeys.get(), keyEncryptionKeystore.isPresent());
        }

        private void checkIssuer() {
            require(ISSUER, issuer != null && !issuer.isBlank(), "is required (for example https://auth.example.com/t/{tenant})");
            int first = issuer.indexOf("{tenant}");
            require(ISSUER, first >= 0 && issuer.indexOf("{tenant}", first + 1) < 0,
                    "'" + issuer + "' must contain {tenant} exactly once");
            require(ISSUER, !issuer.endsWith("/"), "'" + issuer + "' must not end with '/'");
            checkUrl(ISSUER, issuer);
        }

        private static void checkUrl(String parameter, String template) {
            URI uri;
            try {
                uri = new URI(template.replace("{tenant}", "tenant"));
            } catch (URISyntaxException e) {
                throw new ConfigException(parameter, "'" + template + "' is not a URL");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            require(parameter, uri.isAbsolute() && uri.getHost() != null && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && (scheme.equals("https") || scheme.equals("http")),
                    "'" + template + "' is not an absolute http(s) URL without query or fragment");
            require(parameter, scheme.equals("https") || HttpsPolicy.isLoopbackHost(uri.getHost()),
                    "'" + template + "' uses http:// to a non-loopback host; validators would refuse it: use https");
        }

        private static void require(String parameter, boolean ok, String message) {
            if (!ok) {
                throw new ConfigException(parameter, message);
            }
        }
    }
}
