-- jwtgate JDBC key store (org.jwtgate.keys.jdbc.JdbcKeyStore), schema version 1, PostgreSQL.
--
-- Run it once as a user allowed to create tables; the application's user then needs only
-- SELECT, INSERT, UPDATE and DELETE on these three tables. (Or let the store run it at startup
-- with jdbc-create-schema=true.) Table names begin with the jdbc-table-prefix, jwtgate_ by
-- default: replace jwtgate_ throughout when you configure another prefix.
-- Differences from schema-mariadb.sql: BYTEA for binary columns, ON CONFLICT DO NOTHING.

CREATE TABLE IF NOT EXISTS jwtgate_schema_version (
    version      INTEGER      NOT NULL,
    CONSTRAINT jwtgate_schema_version_pk PRIMARY KEY (version)
);

-- One row per tenant; revision grows with every change of the tenant's keys, so that nodes
-- re-read only what changed, and the row is what a rotating node locks (SELECT ... FOR UPDATE).
CREATE TABLE IF NOT EXISTS jwtgate_tenant (
    tenant       VARCHAR(63)  NOT NULL,
    revision     BIGINT       NOT NULL,
    created_at   BIGINT       NOT NULL,  -- epoch seconds
    CONSTRAINT jwtgate_tenant_pk PRIMARY KEY (tenant)
);

-- One row per published key. Its state (pending, active, retired) follows from active_from and
-- the rotation schedule, so every node derives the same states from the same rows.
CREATE TABLE IF NOT EXISTS jwtgate_key (
    tenant       VARCHAR(63)  NOT NULL,
    kid          VARCHAR(128) NOT NULL,
    alg          VARCHAR(16)  NOT NULL,
    active_from  BIGINT       NOT NULL,  -- epoch seconds: signs from then on
    created_at   BIGINT       NOT NULL,  -- epoch seconds: published from then on
    certificate  BYTEA        NOT NULL,  -- X.509 DER, self-signed: the public key, published as x5c
    kek_id       VARCHAR(64)  NOT NULL,  -- id of the key-encryption key of private_key
    private_key  BYTEA        NOT NULL,  -- AES-256-GCM of the PKCS#8 key: 12-byte IV || ciphertext || 16-byte tag
    CONSTRAINT jwtgate_key_pk PRIMARY KEY (tenant, kid),
    CONSTRAINT jwtgate_key_tenant_fk FOREIGN KEY (tenant) REFERENCES jwtgate_tenant (tenant) ON DELETE CASCADE
);

INSERT INTO jwtgate_schema_version (version) VALUES (1) ON CONFLICT DO NOTHING;
