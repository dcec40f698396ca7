package org.jwtgate.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jwtgate.JwtGate;
import org.jwtgate.Outcome;
import org.jwtgate.config.GateConfig;
import org.jwtgate.error.Reason;
import org.jwtgate.tenant.TenantId;
import org.jwtgate.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSignerTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId GLOBEX = TenantId.of("globex");

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingNow();
    private PublisherHttp http;
    private JwksPublisher publisher;

    @BeforeEach
    void start() {
        http = new PublisherHttp();
        publisher = JwksPublisher.create(PublisherConfig.builder().managed(dir, "pw").keyType(KeyType.EC_P256)
                .issuer(http.issuerTemplate()).tenants(List.of(ACME, GLOBEX)).clock(clock).build());
        http.serve(publisher);
    }

    @AfterEach
    void stop() {
        http.close();
        publisher.close();
    }

    private JwtGate trusting(TenantId tenant) {
        return JwtGate.createWithoutBackgroundRefresh(GateConfig.builder().issuer(publisher.issuer(tenant)).audiences("api")
                .requiredType("at+jwt").clock(clock).build());
    }

    private static JwtClaims claims() {
        JwtClaims c = new JwtClaims();
        c.setSubject("alice");
        c.setAudience("api");
        c.setClaim("client_id", "orders-ui");
        return c;
    }

    @Test
    void signedTokensValidateAgainstTheTenantsIssuerFoundByDiscoveryOnly() {
        String token = publisher.signer().sign(ACME, claims());
        try (JwtGate acme = trusting(ACME); JwtGate globex = trusting(GLOBEX)) {
            Outcome ok = acme.validate(token);
            assertInstanceOf(Outcome.Authenticated.class, ok);
            assertEquals("alice", ((Outcome.Authenticated) ok).principal().getName());
            assertEquals(Outcome.rejected(Reason.UNTRUSTED_ISSUER), globex.validate(token));
        }
    }

    @Test
    void fillsHeaderAndClaims() throws Exception {
        String token = publisher.signer().sign(ACME, claims());
        JsonWebSignature jws = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(token);
        assertEquals("at+jwt", jws.getHeader("typ"));
        assertEquals("ES256", jws.getAlgorithmHeaderValue());
        assertEquals(publisher.store().signingKey(ACME).kid(), jws.getKeyIdHeaderValue());
        jws.setKey(publisher.store().keys(ACME).orElseThrow().get(0).publicKey());
        assertTrue(jws.verifySignature());
        JwtClaims c = JwtClaims.parse(jws.getPayload());
        assertEquals(publisher.issuer(ACME), c.getIssuer());
        assertEquals(clock.instant().getEpochSecond(), c.getIssuedAt().getValue());
        assertEquals(clock.instant().plus(Duration.ofMinutes(15)).getEpochSecond(), c.getExpirationTime().getValue());
        UUID.fromString(c.getJwtId());
        assertEquals(List.of("api"), c.getAudience());
        assertEquals("orders-ui", c.getStringClaimValue("client_id"));
        assertEquals("alice", c.getSubject());
    }

    @Test
    void keepsAnAcceptableExpiryAndJtiAndAcceptsAMap() throws Exception {
        long exp = clock.instant().plus(Duration.ofMinutes(50)).getEpochSecond();
        String token = publisher.signer().sign(ACME, Map.of("sub", "bob", "aud", "api", "client_id", "c", "exp", exp, "jti", "j-1",
                "iss", publisher.issuer(ACME), "scope", "orders:read"));
        JwtClaims c = JwtClaims.parse(((JsonWebSignature) JsonWebSignature.fromCompactSerialization(token)).getUnverifiedPayload());
        assertEquals(exp, c.getExpirationTime().getValue());
        assertEquals("j-1", c.getJwtId());
        assertEquals("orders:read", c.getStringClaimValue("scope"));
    }

    @Test
    void refusesForeignIssuersAndLifetimesBeyondTheMaximum() {
        JwtClaims foreign = claims();
        foreign.setIssuer("https://evil.example.com");
        assertThrows(IllegalArgumentException.class, () -> publisher.signer().sign(ACME, foreign));
        JwtClaims tooLong = claims();
        tooLong.setExpirationTime(NumericDate.fromSeconds(clock.instant().plus(Duration.ofMinutes(61)).getEpochSecond()));
        assertThrows(IllegalArgumentException.class, () -> publisher.signer().sign(ACME, tooLong));
        JwtClaims past = claims();
        past.setExpirationTime(NumericDate.fromSeconds(clock.instant().getEpochSecond()));
        assertThrows(IllegalArgumentException.class, () -> publisher.signer().sign(ACME, past));
        JwtClaims original = claims();
        publisher.signer().sign(ACME, original);
        assertTrue(!original.hasClaim("iss") && !original.hasClaim("jti"), "the caller's claims are not modified");
    }

    @Test
    void accessTokensNeedClientIdSubjectAndAudienceAndTheMessageNamesTheMissingOnes() {
        JwtClaims none = new JwtClaims();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> publisher.signer().sign(ACME, none));
        assertTrue(e.getMessage().contains("missing or empty: client_id, sub, aud"), e.getMessage());
        JwtClaims noClient = claims();
        noClient.unsetClaim("client_id");
        e = assertThrows(IllegalArgumentException.class, () -> publisher.signer().sign(ACME, noClient));
        assertTrue(e.getMessage().endsWith("missing or empty: client_id (sign with TokenType.JWT for a plain JWT)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> publisher.signer().sign(ACME,
                Map.of("sub", "alice", "client_id", "c", "aud", List.of())));
        assertTrue(e.getMessage().endsWith("missing or empty: aud (sign with TokenType.JWT for a plain JWT)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> publisher.signer().sign(ACME, TokenType.ACCESS_TOKEN,
                Map.of("sub", " ", "client_id", "c", "aud", "api")));
        assertTrue(e.getMessage().contains("missing or empty: sub "), e.getMessage());
    }

    @Test
    void plainJwtsWhenAskedWithTypJwtAndNoRequiredClaims() throws Exception {
        String token = publisher.signer().sign(ACME, TokenType.JWT, Map.of("sub", "batch-job"));
        JsonWebSignature jws = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(token);
        assertEquals("JWT", jws.getHeader("typ"));
        JwtClaims c = JwtClaims.parse(jws.getUnverifiedPayload());
        assertEquals(publisher.issuer(ACME), c.getIssuer());
        assertTrue(c.hasClaim("exp") && c.hasClaim("iat") && c.hasClaim("jti") && !c.hasClaim("client_id"));
        JwtClaims withAudience = claims();
        String plain = publisher.signer().sign(ACME, TokenType.JWT, withAudience);
        try (JwtGate acme = JwtGate.createWithoutBackgroundRefresh(GateConfig.builder().issuer(publisher.issuer(ACME))
                .audiences("api").clock(clock).build()); JwtGate strict = trusting(ACME)) {
            assertInstanceOf(Outcome.Authenticated.class, acme.validate(plain));
            assertEquals(Outcome.rejected(Reason.WRONG_TYPE), strict.validate(plain), "required-type=at+jwt refuses typ JWT");
        }
    }

    @Test
    void unknownTenantsCannotSign() {
        assertThrows(UnknownTenantException.class, () -> publisher.signer().sign(TenantId.of("nobody"), claims()));
    }

    @Test
    void everyKeyTypeSignsVerifiably(@TempDir Path keys) throws Exception {
        List<String> algs = new java.util.ArrayList<>();
        for (KeyType type : List.of(KeyType.RSA_2048, KeyType.EC_P256, KeyType.EC_P384, KeyType.ED25519)) {
            try (JwksPublisher p = JwksPublisher.create(PublisherConfig.builder().managed(keys.resolve(type.configName()), "pw")
                    .keyType(type).issuer("https://auth.example.com/t/{tenant}").tenants(List.of(ACME)).clock(clock).build())) {
                String token = p.signer().sign(ACME, claims());
                JsonWebSignature jws = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(token);
                PublishedKey key = p.store().keys(ACME).orElseThrow().get(0);
                assertEquals(key.kid(), jws.getKeyIdHeaderValue());
                assertEquals(type.algorithm(), jws.getAlgorithmHeaderValue());
                jws.setKey(key.publicKey());
                assertTrue(jws.verifySignature(), key.alg());
                algs.add(jws.getAlgorithmHeaderValue());
            }
        }
        assertEquals(List.of("RS256", "ES256", "ES384", "EdDSA"), algs);
    }
}
