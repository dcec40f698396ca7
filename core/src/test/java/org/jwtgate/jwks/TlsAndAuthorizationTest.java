package org.jwtgate.jwks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jwtgate.GateFixture;
import org.jwtgate.LogCapture;
import org.jwtgate.Outcome;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.GateConfig;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JWKS over real TLS with a custom trust store, and a static Authorization header (Oracle IDCS style). */
class TlsAndAuthorizationTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    static Path serverStore;
    static Path trustStore;

    @BeforeAll
    static void makeCertificates() throws Exception {
        serverStore = dir.resolve("server.p12");
        trustStore = dir.resolve("trust.p12");
        Path cert = dir.resolve("server.cer");
        keytool("-genkeypair", "-alias", "issuer", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", serverStore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit");
        keytool("-exportcert", "-alias", "issuer", "-keystore", serverStore.toString(), "-storepass", "changeit", "-file",
                cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "issuer", "-file", cert.toString(), "-keystore", trustStore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit");
    }

    private static void keytool(String... args) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> cmd = new java.util.ArrayList<>(List.of(keytool.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }

    private static LocalIssuer httpsIssuer() throws Exception {
        return httpsIssuer(TestKeys.rsa());
    }

    private static LocalIssuer httpsIssuer(org.jose4j.jwk.PublicJsonWebKey key) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            ks.load(in, PASSWORD);
        }
        return LocalIssuer.startHttps(ks, PASSWORD, key);
    }

    @Test
    void fetchesKeysOverTlsWithTheConfiguredTrustStore() throws Exception {
        LocalIssuer issuer = httpsIssuer();
        try (GateFixture f = GateFixture.discovering(issuer, b -> b.jwksTrustStore(trustStore).jwksTrustStorePassword("changeit"))) {
            assertTrue(issuer.issuer().startsWith("https://127.0.0.1:"));
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().sign()));
            assertEquals(1, issuer.discoveryRequests());
        }
    }

    @Test
    void untrustedCertificateMeansKeysUnavailable() throws Exception {
        LocalIssuer issuer = httpsIssuer();
        try (GateFixture f = GateFixture.withIssuer(issuer, b -> { }); LogCapture log = new LogCapture()) {
            assertEquals(Outcome.KEYS_UNAVAILABLE, f.validate(f.minter().sign()));
            assertTrue(log.all().contains("cannot refresh the keys of issuer " + issuer.issuer()), log.all());
        }
    }

    @Test
    void unreadableTrustStoreStopsStartupNamingTheParameter() {
        GateConfig config = GateConfig.builder().issuer("https://i.example", "https://i.example/jwks").audiences("a")
                .jwksTrustStore(trustStore).jwksTrustStorePassword("wrong").build();
        ConfigException e = assertThrows(ConfigException.class, () -> org.jwtgate.JwtGate.create(config));
        assertEquals("jwks-trust-store", e.parameter());
        assertFalse(e.getMessage().contains("wrong"));
    }

    @Test
    void sendsTheStaticAuthorizationHeaderToProtectedEndpoints() {
        try (GateFixture f = GateFixture.start(b -> b.jwksAuthorization("Basic Y2xpZW50OnNlY3JldA=="))) {
            f.issuer.requireAuthorization("Basic Y2xpZW50OnNlY3JldA==");
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().sign()));
        }
        try (GateFixture f = GateFixture.start(); LogCapture log = new LogCapture()) {
            f.issuer.requireAuthorization("Basic Y2xpZW50OnNlY3JldA==");
            assertEquals(Outcome.KEYS_UNAVAILABLE, f.validate(f.minter().sign()));
            assertTrue(log.all().contains("answered HTTP 401"), log.all());
        }
    }

    @Test
    void httpsIssuerCannotDiscoverAPlainHttpJwksUri() throws Exception {
        LocalIssuer issuer = httpsIssuer();
        try (LocalIssuer plain = LocalIssuer.start(issuer.currentKey())) {
            issuer.discoveryJwksUri(plain.jwksUri()); // http://127.0.0.1:<port>: loopback, so allowed if configured
            try (LogCapture log = new LogCapture(); GateFixture f = GateFixture.discovering(issuer,
                    b -> b.jwksTrustStore(trustStore).jwksTrustStorePassword("changeit").jwksAllowCrossOrigin(true)
                            .jwksConnectTimeout(Duration.ofSeconds(5)).jwksReadTimeout(Duration.ofSeconds(5)))) {
                assertEquals(Outcome.KEYS_UNAVAILABLE, f.validate(f.minter().sign()));
                assertEquals(0, plain.requests(), "a remote https issuer cannot point the validator at a local http port");
                assertTrue(log.all().contains("plain http for an https issuer") && log.all().contains("jwks-allow-http=true"),
                        log.all());
            }
            LocalIssuer again = httpsIssuer(issuer.currentKey());
            again.discoveryJwksUri(plain.jwksUri());
            try (GateFixture f = GateFixture.discovering(again, b -> b.jwksTrustStore(trustStore)
                    .jwksTrustStorePassword("changeit").jwksAllowCrossOrigin(true).jwksAllowHttp(true)
                    .jwksConnectTimeout(Duration.ofSeconds(5)).jwksReadTimeout(Duration.ofSeconds(5)))) {
                assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().sign()));
                assertEquals(1, plain.jwksRequests(), "with both opt-outs it is fetched");
            }
        }
    }
}
