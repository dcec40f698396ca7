package org.jwtgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.text.MessageFormat;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jose4j.jws.JsonWebSignature;
import org.jwtgate.JwtGate;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.Outcome;
import org.jwtgate.config.GateConfig;
import org.jwtgate.error.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real Keycloak as the issuer and jwtgate's engine ({@link JwtGate} from a {@link GateConfig}, as the
 * filter builds it) as the resource server, configured as the README's Keycloak section says:
 * an audience mapper so that {@code aud} is the API, the RFC 9068 header switch for
 * {@code required-type=at+jwt}, {@code principal-claim=preferred_username},
 * {@code role-claims=realm_access.roles}. Keycloak starts once for the class (it is the slow part);
 * without a JDK 21+ the class is skipped with one line. The outage test stops it, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakIssuerTest {
    private static final String REALM = "shop";
    private static final String API = "orders-api";
    private static final String SECRET = "backend-secret";

    private static Keycloak keycloak;
    private static JwtGate gate;
    private static String issuer;

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> jdk = Keycloak.findJdk21();
        if (jdk.isEmpty()) {
            System.out.println("Keycloak interop tests SKIPPED: no JDK 21+ (interop.keycloak.java, JAVA_HOME or /usr/lib/jvm)");
            Assumptions.abort("no JDK 21+ to run Keycloak");
        }
        Path home = Path.of(System.getProperty("interop.keycloak.home"));
        Path log = home.getParent().resolve("keycloak.log");
        keycloak = Keycloak.start(home, jdk.get(), log, Duration.ofMinutes(8));
        System.out.println("Keycloak " + System.getProperty("interop.keycloak.version") + " on " + jdk.get()
                + " answered after " + keycloak.startTime().toMillis() + " ms");
        Files.writeString(home.getParent().resolve("start-time.txt"), keycloak.startTime().toMillis() + " ms\n");
        keycloak.admin("POST", "/realms", realm());
        issuer = keycloak.issuer(REALM);
        gate = JwtGate.create(resourceServer().build());
    }

    /** What the README's Keycloak section configures. */
    private static GateConfig.Builder resourceServer() {
        return GateConfig.builder().issuer(issuer).audiences(API).requiredType("at+jwt").principalClaim("preferred_username")
                .roleClaims(List.of("realm_access.roles")).tokenCache(false);
    }

    @AfterAll
    static void stop() {
        if (gate != null) {
            gate.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    private static String realm() {
        String rfc9068 = "\"attributes\": {\"access.token.header.type.rfc9068\": \"true\"}";
        String audienceMapper = """
                "protocolMappers": [{"name": "orders-api audience", "protocol": "openid-connect",
                  "protocolMapper": "oidc-audience-mapper",
                  "config": {"included.client.audience": "orders-api", "access.token.claim": "true",
                             "id.token.claim": "true", "introspection.token.claim": "true"}}]""";
        return """
                {"realm": "shop", "id": "shop", "enabled": true,
                 "roles": {"realm": [{"name": "admin"}, {"name": "reporting"}]},
                 "clients": [
                   {"clientId": "orders-api", "bearerOnly": true, "enabled": true},
                   {"clientId": "shop-backend", "enabled": true, "publicClient": false, "secret": "%1$s",
                    "serviceAccountsEnabled": true, "directAccessGrantsEnabled": true, "standardFlowEnabled": false,
                    %2$s, %3$s},
                   {"clientId": "shop-backend-es", "enabled": true, "publicClient": false, "secret": "%1$s",
                    "serviceAccountsEnabled": true, "standardFlowEnabled": false,
                    "attributes": {"access.token.header.type.rfc9068": "true", "access.token.signed.response.alg": "ES256"},
                    %3$s},
                   {"clientId": "legacy-backend", "enabled": true, "publicClient": false, "secret": "%1$s",
                    "serviceAccountsEnabled": true, "standardFlowEnabled": false, %3$s},
                   {"clientId": "billing", "enabled": true, "publicClient": false, "secret": "%1$s",
                    "serviceAccountsEnabled": true, "standardFlowEnabled": false, %2$s}
                 ],
                 "users": [
                   {"username": "alice", "enabled": true, "email": "alice@example.com", "emailVerified": true,
                    "firstName": "Alice", "lastName": "Example", "realmRoles": ["admin"],
                    "credentials": [{"type": "password", "value": "alice-password", "temporary": false}]},
                   {"username": "service-account-shop-backend", "enabled": true, "serviceAccountClientId": "shop-backend",
                    "realmRoles": ["reporting"]}
                 ]}
                """.formatted(SECRET, rfc9068, audienceMapper);
    }

    private static Map<String, Object> passwordGrant() throws Exception {
        return keycloak.token(REALM, Map.of("grant_type", "password", "client_id", "shop-backend", "client_secret", SECRET,
                "username", "alice", "password", "alice-password", "scope", "openid"));
    }

    private static JwtPrincipal authenticated(JwtGate g, String token) {
        Outcome o = g.validate(token);
        return assertInstanceOf(Outcome.Authenticated.class, o, () -> "refused: " + o).principal();
    }

    private static JsonWebSignature header(String token) throws Exception {
        return (JsonWebSignature) JsonWebSignature.fromCompactSerialization(token);
    }

    @Test
    @Order(1)
    void clientCredentialsAndPasswordGrantTokensCarryThePrincipalAndRealmRoles() throws Exception {
        String service = keycloak.clientCredentials(REALM, "shop-backend", SECRET);
        assertEquals("at+jwt", header(service).getHeader("typ"), "the RFC 9068 switch is on");
        JwtPrincipal s = authenticated(gate, service);
        assertEquals("service-account-shop-backend", s.getName());
        assertTrue(s.roles().contains("reporting"), s.roles().toString());
        assertTrue(!s.roles().contains("admin"), s.roles().toString());

        JwtPrincipal alice = authenticated(gate, (String) passwordGrant().get("access_token"));
        assertEquals("alice", alice.getName());
        assertTrue(alice.roles().contains("admin"), alice.roles().toString());
        assertEquals(issuer, alice.issuer());
    }

    @Test
    @Order(2)
    void anotherClientsTokenIsRefusedByAudience() throws Exception {
        String billing = keycloak.clientCredentials(REALM, "billing", SECRET);
        assertEquals(Outcome.rejected(Reason.WRONG_AUDIENCE), gate.validate(billing));
    }

    @Test
    @Order(2)
    void withoutTheRfc9068SwitchKeycloaksAccessTokensSayJwtAndOnlyAGateWithoutRequiredTypeAcceptsThem() throws Exception {
        String legacy = keycloak.clientCredentials(REALM, "legacy-backend", SECRET);
        assertEquals("JWT", header(legacy).getHeader("typ"));
        assertEquals(Outcome.rejected(Reason.WRONG_TYPE), gate.validate(legacy));
        try (JwtGate lenient = JwtGate.create(GateConfig.builder().issuer(issuer).audiences(API)
                .principalClaim("preferred_username").roleClaims(List.of("realm_access.roles")).build())) {
            assertEquals("service-account-legacy-backend", authenticated(lenient, legacy).getName());
        }
    }

    @Test
    @Order(3)
    void theIdTokenIsRefusedEvenWhereTheTypeIsNotRequired() throws Exception {
        String id = (String) passwordGrant().get("id_token");
        try (JwtGate lenient = JwtGate.create(GateConfig.builder().issuer(issuer).audiences(API)
                .principalClaim("preferred_username").roleClaims(List.of("realm_access.roles")).build())) {
            // its aud holds the API (the mapper adds it to ID tokens too), its header says JWT
            assertEquals(Outcome.rejected(Reason.NOT_AN_ACCESS_TOKEN), lenient.validate(id));
        }
        assertInstanceOf(Outcome.Rejected.class, gate.validate(id));
    }

    @Test
    @Order(4)
    void es256RealmKeysValidate() throws Exception {
        keycloak.admin("POST", "/realms/" + REALM + "/components", """
                {"name": "es256", "providerId": "ecdsa-generated", "providerType": "org.keycloak.keys.KeyProvider",
                 "parentId": "shop", "config": {"priority": ["50"], "ecdsaEllipticCurveKey": ["P-256"],
                 "active": ["true"], "enabled": ["true"]}}""");
        String token = keycloak.clientCredentials(REALM, "shop-backend-es", SECRET);
        assertEquals("ES256", header(token).getAlgorithmHeaderValue());
        // The new key is picked up within 2 s: keys fetched less than 1 s ago (by the tests before) are not
        // fetched again for an unknown kid, so the first tries may be refused.
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        Outcome o = gate.validate(token);
        while (!(o instanceof Outcome.Authenticated) && System.nanoTime() < deadline) {
            Thread.sleep(100); // polling, bounded by the 2 s pickup
            o = gate.validate(token);
        }
        JwtPrincipal p = authenticated(gate, token);
        assertEquals("service-account-shop-backend-es", p.getName());
    }

    @Test
    @Order(5)
    void rotationAtKeycloakIsPickedUpWithinTwoSeconds() throws Exception {
        // A gate of its own: the shared one fetched for the ES256 key's unknown kid moments ago, and one
        // unknown-kid fetch per jwks-refresh-interval (30 s) is the kid-flood bound.
        try (JwtGate fresh = JwtGate.create(resourceServer().build())) {
            rotation(fresh);
        }
    }

    private static void rotation(JwtGate gate) throws Exception {
        String before = keycloak.clientCredentials(REALM, "shop-backend", SECRET);
        authenticated(gate, before); // the gate holds the current key set
        String oldKid = header(before).getKeyIdHeaderValue();
        Thread.sleep(1500); // keys fetched less than 1 s ago are not fetched again for an unknown kid
        keycloak.admin("POST", "/realms/" + REALM + "/components", """
                {"name": "rotated", "providerId": "rsa-generated", "providerType": "org.keycloak.keys.KeyProvider",
                 "parentId": "shop", "config": {"priority": ["500"], "keySize": ["2048"], "active": ["true"], "enabled": ["true"]}}""");
        long published = System.nanoTime();
        String token = keycloak.clientCredentials(REALM, "shop-backend", SECRET);
        assertNotEquals(oldKid, header(token).getKeyIdHeaderValue(), "Keycloak signs with the new key at once");
        int attempts = 0;
        Outcome first = null;
        Outcome o;
        do {
            o = gate.validate(token);
            if (first == null) {
                first = o;
            }
            attempts++;
            if (!(o instanceof Outcome.Authenticated)) {
                Thread.sleep(100);
            }
        } while (!(o instanceof Outcome.Authenticated) && System.nanoTime() - published < Duration.ofSeconds(40).toNanos());
        Duration delay = Duration.ofNanos(System.nanoTime() - published);
        System.out.println("Keycloak rotation: token under the new key accepted " + delay.toMillis() + " ms after the key "
                + "was added (attempts " + attempts + ", first outcome " + first + ")");
        assertInstanceOf(Outcome.Authenticated.class, o);
        assertInstanceOf(Outcome.Authenticated.class, first, "the first token under the new key is accepted");
        assertTrue(delay.compareTo(Duration.ofSeconds(2)) <= 0, "rotation delay " + delay);
        assertInstanceOf(Outcome.Authenticated.class, gate.validate(before), "tokens under the old key still validate");
    }

    @Test
    @Order(6)
    void keycloaksEncryptionKeyWarnsOnceNotOnEveryRefresh() throws Exception {
        // Keycloak serves its JWKS with Cache-Control: no-cache: the key set expires after jwks-min-ttl (1 s here)
        // and the background refresh fetches it again every second.
        try (LogLines logs = new LogLines(); JwtGate refreshing = JwtGate.create(resourceServer()
                .jwksMinTtl(Duration.ofSeconds(1)).jwksDefaultTtl(Duration.ofSeconds(1))
                .jwksRefreshInterval(Duration.ofSeconds(1)).build())) {
            String token = keycloak.clientCredentials(REALM, "shop-backend", SECRET);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (logs.count("jwtgate: ignored", null) < 11 && System.nanoTime() < deadline) {
                authenticated(refreshing, token);
                Thread.sleep(250);
            }
            long all = logs.count("jwtgate: ignored", null);
            long warnings = logs.count("jwtgate: ignored", Level.WARNING);
            System.out.println("Keycloak key-set refreshes seen: " + all + " 'ignored … keys' lines, " + warnings + " at WARNING");
            assertTrue(all >= 11, "at least 11 fetches seen, the first and 10 refreshes: " + all);
            assertEquals(1, warnings, "one WARNING for the enc key, then DEBUG on every refresh");
            assertEquals(0, logs.count("", Level.WARNING) - warnings, "no other warning");
        }
    }

    @Test
    @Order(7)
    void anOutageIsServedFromTheCachedKeys() throws Exception {
        try (LogLines logs = new LogLines(); JwtGate g = JwtGate.create(resourceServer().jwksMinTtl(Duration.ofSeconds(1))
                .jwksDefaultTtl(Duration.ofSeconds(1)).jwksRefreshInterval(Duration.ofSeconds(1)).build())) {
            String token = keycloak.clientCredentials(REALM, "shop-backend", SECRET);
            authenticated(g, token);
            String unseen = keycloak.clientCredentials(REALM, "shop-backend", SECRET);
            keycloak.close();
            assertTrue(!keycloak.running());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (logs.count("cannot refresh the keys of issuer " + issuer, Level.WARNING) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(200); // past g's key-set lifetime (1 s): its background refresh fails
            }
            assertEquals(1, logs.count("cannot refresh the keys of issuer " + issuer, Level.WARNING));
            assertEquals("service-account-shop-backend", authenticated(g, unseen).getName());
            assertEquals("service-account-shop-backend", authenticated(g, token).getName());
        }
    }

    /** What jwtgate logs (System.Logger → java.util.logging under "org.jwtgate") while it is open. */
    private static final class LogLines extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger("org.jwtgate");
        private final List<LogRecord> records = new CopyOnWriteArrayList<>();
        private final Level previous = logger.getLevel();

        LogLines() {
            logger.setLevel(Level.ALL);
            setLevel(Level.ALL);
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        /** Records whose message (unformatted) contains {@code text}, at {@code level} or any when null. */
        long count(String text, Level level) {
            return records.stream().filter(r -> r.getMessage() != null && (level == null || r.getLevel().equals(level)))
                    .filter(r -> format(r).contains(text)).count();
        }

        private static String format(LogRecord r) {
            return r.getParameters() == null ? r.getMessage() : MessageFormat.format(r.getMessage(), r.getParameters());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(previous);
        }
    }
}
