package org.jwtgate.keys;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.ParameterRow;
import org.jwtgate.config.Placeholders;
import org.jwtgate.config.Values;
import org.jwtgate.internal.RecordMethods;
import org.jwtgate.tenant.TenantId;

/**
 * The table of named parameters of the JWKS publisher (servlet init-params), parsed with the same
 * value parsers and rules as the filter's {@link org.jwtgate.config.Parameters}: placeholders,
 * {@code true}/{@code false} booleans, durations, lists, and an unknown key or bad value is a
 * {@link ConfigException} naming the parameter (and the value unless secret).
 */
public final class PublisherParameters {
    public static final String STORE = "store";
    public static final String KEY_DIRECTORY = "key-directory";
    public static final String KEY_PASSWORD = "key-password";
    public static final String KEY_TYPE = "key-type";
    public static final String KID_STYLE = "kid-style";
    public static final String KEYSTORE_PATH = "keystore-path";
    public static final String KEYSTORE_PASSWORD = "keystore-password";
    public static final String KEYSTORE_TYPE = "keystore-type";
    public static final String JDBC_JNDI_NAME = "jdbc-jndi-name";
    public static final String JDBC_URL = "jdbc-url";
    public static final String JDBC_USER = "jdbc-user";
    public static final String JDBC_PASSWORD = "jdbc-password";
    public static final String JDBC_TABLE_PREFIX = "jdbc-table-prefix";
    public static final String JDBC_CREATE_SCHEMA = "jdbc-create-schema";
    public static final String JDBC_POLL_INTERVAL = "jdbc-poll-interval";
    public static final String KEY_ENCRYPTION_KEYS = "key-encryption-keys";
    public static final String KEY_ENCRYPTION_KEYSTORE = "key-encryption-keystore";
    public static final String KEY_ENCRYPTION_KEYSTORE_PASSWORD = "key-encryption-keystore-password";
    public static final String ISSUER = "issuer";
    public static final String TENANT_FROM = "tenant-from";
    public static final String HOST_DOMAIN = "host-domain";
    public static final String JWKS_PATH = "jwks-path";
    public static final String JWKS_URI = "jwks-uri";
    public static final String TENANTS = "tenants";
    public static final String AUTO_CREATE = "auto-create";
    public static final String DISCOVERY = "discovery";
    public static final String AUTHORIZATION_ENDPOINT = "authorization-endpoint";
    public static final String TOKEN_ENDPOINT = "token-endpoint";
    public static final String GRANT_TYPES = "grant-types";
    public static final String CORS = "cors";
    public static final String MAX_AGE = "max-age";
    public static final String ROTATION_PERIOD = "rotation-period";
    public static final String PREPUBLISH_LEAD = "prepublish-lead";
    public static final String RETIREMENT_GRACE = "retirement-grace";
    public static final String TOKEN_LIFETIME = "token-lifetime";
    public static final String TOKEN_LIFETIME_MAX = "token-lifetime-max";
    public static final String CRYPTO_PROVIDER = org.jwtgate.config.Parameters.CRYPTO_PROVIDER;

    /** One row of the table. */
    public record Parameter(String name, String defaultValue, boolean secret, String description,
            BiConsumer<PublisherConfig.Builder, String> apply) implements ParameterRow<PublisherConfig.Builder> {
        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Parameter that
                    && Objects.equals(name, that.name)
                    && Objects.equals(defaultValue, that.defaultValue)
                    && secret == that.secret
                    && Objects.equals(description, that.description)
                    && Objects.equals(apply, that.apply);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(name, defaultValue, secret, description, apply);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    private static final Map<String, Parameter> TABLE = table();

    private PublisherParameters() {
    }

    /** Every parameter, in documentation order. */
    public static Map<String, Parameter> all() {
        return TABLE;
    }

    /** For diagnostics: the known parameter names. */
    public static List<String> names() {
        return Arrays.asList(TABLE.keySet().toArray(String[]::new));
    }

    /**
     * Applies {@code values} to a fresh builder (placeholders resolved, blank means default). Call
     * {@link PublisherConfig.Builder#build()} on the result.
     */
    public static PublisherConfig.Builder parse(Map<String, String> values, Placeholders placeholders) {
        return Values.apply(values, placeholders, TABLE, PublisherConfig.builder());
    }

    private static <E extends Enum<E>> E choice(String name, String v, Class<E> type, String... names) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(v)) {
                return type.getEnumConstants()[i];
            }
        }
        throw new ConfigException(name, "'" + v + "' is not one of " + String.join(", ", names));
    }

    private static List<TenantId> tenants(String v) {
        return Values.list(v).stream().map(t -> TenantId.parse(t).orElseThrow(() -> new ConfigException(TENANTS,
                "'" + t + "' is not a tenant id (1 to 63 characters a-z, 0-9 and '-', not starting with '-')")))
                .toList();
    }

    private static Map<String, Parameter> table() {
        Map<String, Parameter> t = new LinkedHashMap<>();
        add(t, STORE, "managed", false,
                "`managed`: generated keys in `key-directory`, rotated on schedule; `keystore`: the keys of an existing key store, read-only; "
                        + "`jdbc`: generated keys in a database shared by several nodes",
                (b, v) -> b.store(choice(STORE, v, PublisherConfig.Store.class, "managed", "keystore", "jdbc")));
        add(t, KEY_DIRECTORY, "(required for managed)", false,
                "directory of the managed store: one PKCS12 file `<tenant>.p12` per tenant, created if missing",
                (b, v) -> b.keyDirectory(Path.of(v)));
        add(t, KEY_PASSWORD, "(required for managed)", true,
                "password of the managed PKCS12 files (use a `${env:…}` placeholder)", (b, v) -> b.keyPassword(v));
        add(t, KEY_TYPE, "rsa-2048", false,
                "type of generated keys: `rsa-2048`, `rsa-3072`, `rsa-4096` (RS256), `ec-p256` (ES256), `ec-p384` (ES384), `ed25519` (EdDSA)",
                (b, v) -> b.keyType(KeyType.fromConfigName(v).orElseThrow(() -> new ConfigException(KEY_TYPE,
                        "'" + v + "' is not one of rsa-2048, rsa-3072, rsa-4096, ec-p256, ec-p384, ed25519"))));
        add(t, KID_STYLE, "uuid", false, "`kid` of generated keys: `uuid` (random) or `thumbprint` (RFC 7638)",
                (b, v) -> b.kidStyle(choice(KID_STYLE, v, KidStyle.class, "uuid", "thumbprint")));
        add(t, KEYSTORE_PATH, "(required for keystore)", false,
                "existing PKCS12 or JKS file; alias `<tenant>` or `<tenant>.<label>` per key",
                (b, v) -> b.keystorePath(Path.of(v)));
        add(t, KEYSTORE_PASSWORD, "(required for keystore)", true,
                "its store and key password (use a `${env:…}` placeholder)", (b, v) -> b.keystorePassword(v));
        add(t, KEYSTORE_TYPE, "PKCS12", false, "its type: `PKCS12` or `JKS`",
                (b, v) -> b.keystoreType(choice(KEYSTORE_TYPE, v.toUpperCase(java.util.Locale.ROOT), KeystoreTypes.class,
                        "PKCS12", "JKS").name()));
        add(t, JDBC_JNDI_NAME, "(this or jdbc-url, for jdbc)", false,
                "JNDI name of the container's `DataSource`, e.g. `java:comp/env/jdbc/jwtgate` (a name without `java:` is also tried below `java:comp/env/`)",
                (b, v) -> b.jdbcJndiName(v));
        add(t, JDBC_URL, "(this or jdbc-jndi-name, for jdbc)", false,
                "a JDBC URL instead, for tests and tools (one connection per operation, no pool): `jdbc:postgresql://…`, `jdbc:mariadb://…`",
                (b, v) -> b.jdbcUrl(v));
        add(t, JDBC_USER, "(none)", false, "user of `jdbc-url`", (b, v) -> b.jdbcUser(v));
        add(t, JDBC_PASSWORD, "(none)", true, "password of `jdbc-url` (use a `${env:…}` placeholder)",
                (b, v) -> b.jdbcPassword(v));
        add(t, JDBC_TABLE_PREFIX, "jwtgate_", false,
                "prefix of the store's tables (`<prefix>tenant`, `<prefix>key`, `<prefix>schema_version`): a-z, 0-9, `_`, starting with a letter",
                (b, v) -> b.jdbcTablePrefix(v));
        add(t, JDBC_CREATE_SCHEMA, "false", false,
                "`true` creates missing tables at startup (the user then needs CREATE rights); by default a DBA runs the shipped DDL",
                (b, v) -> b.jdbcCreateSchema(Values.bool(JDBC_CREATE_SCHEMA, v)));
        add(t, JDBC_POLL_INTERVAL, "10s", false,
                "a node re-reads the database at most this long after its last read: the delay before it publishes another node's change (100ms to 1h)",
                (b, v) -> b.jdbcPollInterval(Values.duration(JDBC_POLL_INTERVAL, v)));
        add(t, KEY_ENCRYPTION_KEYS, "(required for jdbc)", true,
                "key-encryption keys of the stored private keys (AES-256-GCM), the first encrypts, all decrypt: `ID:BASE64` (32 bytes) or an alias in `key-encryption-keystore`; use a `${env:…}` placeholder",
                (b, v) -> b.keyEncryptionKeys(v));
        add(t, KEY_ENCRYPTION_KEYSTORE, "(none)", false,
                "PKCS12 file holding AES-256 secret-key entries named by alias in `key-encryption-keys`",
                (b, v) -> b.keyEncryptionKeystore(Path.of(v)));
        add(t, KEY_ENCRYPTION_KEYSTORE_PASSWORD, "(none)", true,
                "its store and entry password (use a `${env:…}` placeholder)", (b, v) -> b.keyEncryptionKeystorePassword(v));
        add(t, ISSUER, "(required)", false,
                "each tenant's issuer (`iss`), with `{tenant}`: `https://auth.example.com/t/{tenant}` or `https://{tenant}.auth.example.com`",
                (b, v) -> b.issuer(v));
        add(t, TENANT_FROM, "path", false,
                "`path`: the first path segment below the servlet mapping (`/t/*` → `/t/{tenant}/oauth2/jwks`); `host`: the first label of the host name",
                (b, v) -> b.tenantFrom(choice(TENANT_FROM, v, PublisherConfig.TenantFrom.class, "path", "host")));
        add(t, HOST_DOMAIN, "(required for host)", false,
                "with `tenant-from=host`: the domain below which tenants are named, e.g. `auth.example.com`",
                (b, v) -> b.hostDomain(v));
        add(t, JWKS_PATH, "/oauth2/jwks", false, "path of the JWK Set below the tenant (or below the mapping, by host)",
                (b, v) -> b.jwksPath(v));
        add(t, JWKS_URI, "(issuer + jwks-path)", false,
                "the `jwks_uri` of the discovery document, with `{tenant}`, when the public URL differs",
                (b, v) -> b.jwksUri(v));
        add(t, TENANTS, "(none)", false, "tenants created (managed, jdbc) or required (keystore) at startup",
                (b, v) -> b.tenants(tenants(v)));
        add(t, AUTO_CREATE, "false", false,
                "`true` creates a tenant on the first GET for it (anyone can then create tenants: demos only)",
                (b, v) -> b.autoCreate(Values.bool(AUTO_CREATE, v)));
        add(t, DISCOVERY, "true", false,
                "serve metadata below each tenant: `/.well-known/openid-configuration` (OpenID Connect Discovery; complete "
                        + "with `authorization-endpoint` and `token-endpoint`) and `/.well-known/oauth-authorization-server` (RFC 8414)",
                (b, v) -> b.discovery(Values.bool(DISCOVERY, v)));
        add(t, AUTHORIZATION_ENDPOINT, "(none)", false,
                "the application's authorization endpoint, with `{tenant}`, published in the metadata (needs `token-endpoint`)",
                (b, v) -> b.authorizationEndpoint(v));
        add(t, TOKEN_ENDPOINT, "(none)", false,
                "the application's token endpoint, with `{tenant}`, published in the metadata",
                (b, v) -> b.tokenEndpoint(v));
        add(t, GRANT_TYPES, "(from the endpoints)", false,
                "`grant_types_supported` of the metadata: `authorization_code`, `client_credentials`, `refresh_token`, … ; "
                        + "by default `authorization_code` with `authorization-endpoint`, else `client_credentials` with `token-endpoint`",
                (b, v) -> b.grantTypes(Values.list(v)));
        add(t, CORS, "true", false, "`Access-Control-Allow-Origin: *` and answers to CORS preflights",
                (b, v) -> b.cors(Values.bool(CORS, v)));
        add(t, MAX_AGE, "1h", false, "`Cache-Control: public, max-age` of the JWK Set and discovery document",
                (b, v) -> b.maxAge(Values.duration(MAX_AGE, v)));
        add(t, ROTATION_PERIOD, "30d", false, "a new key takes over after this long; `0s`: only on explicit rotation",
                (b, v) -> b.rotationPeriod(Values.duration(ROTATION_PERIOD, v)));
        add(t, PREPUBLISH_LEAD, "1d", false, "a new key is published this long before it signs (at least 2 × `max-age`)",
                (b, v) -> b.prepublishLead(Values.duration(PREPUBLISH_LEAD, v)));
        add(t, RETIREMENT_GRACE, "1d", false,
                "a replaced key stays published this long (at least `token-lifetime-max` + `max-age`)",
                (b, v) -> b.retirementGrace(Values.duration(RETIREMENT_GRACE, v)));
        add(t, TOKEN_LIFETIME, "15m", false, "lifetime of tokens from `TokenSigner` without `exp`",
                (b, v) -> b.tokenLifetime(Values.duration(TOKEN_LIFETIME, v)));
        add(t, TOKEN_LIFETIME_MAX, "1h", false, "`TokenSigner` refuses longer lifetimes",
                (b, v) -> b.tokenLifetimeMax(Values.duration(TOKEN_LIFETIME_MAX, v)));
        add(t, CRYPTO_PROVIDER, "auto", false,
                "which engine signs, generates RSA and EC keys and seals the `jdbc` store's private keys (AES-GCM): `auto` "
                        + "(the Amazon Corretto Crypto Provider when its jar is visible and its self-test passes, else the JDK's), "
                        + "`jdk`, `accp` (required: deployment fails without it) or a registered JCA provider's name, as the "
                        + "filter's ([Faster signatures](performance.md#faster-signatures))",
                (b, v) -> b.cryptoProvider(org.jwtgate.crypto.CryptoProvider.parameter(v)));
        return Collections.unmodifiableMap(t);
    }

    private enum KeystoreTypes { PKCS12, JKS }

    private static void add(Map<String, Parameter> t, String name, String def, boolean secret, String description,
            BiConsumer<PublisherConfig.Builder, String> apply) {
        t.put(name, new Parameter(name, def, secret, description, apply));
    }
}
