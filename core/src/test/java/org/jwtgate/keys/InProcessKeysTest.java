package org.jwtgate.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jwtgate.JwtGate;
import org.jwtgate.Outcome;
import org.jwtgate.config.GateConfig;
import org.jwtgate.jwks.LocalJwks;
import org.jwtgate.tenant.TenantId;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine that trusts the tenants of a publisher in the same process reads their keys from it: the
 * same answers as over HTTP, for good and bad tokens alike, without a request; and with an issuer URL
 * nobody can reach.
 */
class InProcessKeysTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId GLOBEX = TenantId.of("globex");

    @TempDir
    Path dir;

    private static String sign(JwksPublisher p, TenantId tenant) {
        JwtClaims c = new JwtClaims();
        c.setSubject("alice");
        c.setAudience("api");
        c.setClaim("client_id", "orders-ui");
        return p.signer().sign(tenant, c);
    }

    private static String kid(String token) throws Exception {
        return ((JsonWebSignature) JsonWebSignature.fromCompactSerialization(token)).getKeyIdHeaderValue();
    }

    private static GateConfig trusting(JwksPublisher p, TenantId... tenants) {
        GateConfig.Builder b = GateConfig.builder().audiences("api");
        for (TenantId t : tenants) {
            b.issuer(p.issuer(t));
        }
        return b.build();
    }

    /** Good tokens, forged ones, another tenant's, an unknown kid, a wrong alg: a catalogue for both paths. */
    private static Map<String, String> catalogue(JwksPublisher p) throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        String acme = sign(p, ACME);
        String globex = sign(p, GLOBEX);
        tokens.put("acme", acme);
        tokens.put("globex", globex);
        PublicJsonWebKey foreign = TestKeys.withKid(TestKeys.ec("P-256"), kid(acme));
        tokens.put("foreign key, acme's kid", TokenMinter.signedWith(foreign).issuer(p.issuer(ACME)).audience("api").sign());
        tokens.put("globex's kid under acme's issuer",
                TokenMinter.signedWith(TestKeys.withKid(TestKeys.ec("P-256"), kid(globex))).issuer(p.issuer(ACME))
                        .audience("api").sign());
        tokens.put("unknown kid", TokenMinter.signedWith(TestKeys.withKid(TestKeys.ec("P-256"), "nobody"))
                .issuer(p.issuer(ACME)).audience("api").sign());
        PublicJsonWebKey rsa = TestKeys.withKid(TestKeys.rsa(), kid(acme));
        tokens.put("acme's kid, another alg", TokenMinter.signedWith(rsa).issuer(p.issuer(ACME)).audience("api").sign());
        tokens.put("flipped signature", TokenMinter.flipSignatureBit(acme));
        return tokens;
    }

    private static PublisherConfig.Builder config(Path dir, String issuerTemplate) {
        return PublisherConfig.builder().managed(dir, "pw").keyType(KeyType.EC_P256).issuer(issuerTemplate)
                .tenants(List.of(ACME, GLOBEX)).maxAge(Duration.ofMinutes(5));
    }

    @Test
    void theInProcessPathAnswersEveryTokenAsTheHttpPathDoesWithoutARequest() throws Exception {
        try (PublisherHttp http = new PublisherHttp();
                JwksPublisher p = JwksPublisher.create(config(dir, http.issuerTemplate()).build())) {
            http.serve(p);
            try (JwtGate overHttp = JwtGate.createWithoutBackgroundRefresh(trusting(p, ACME));
                    JwtGate inProcess = JwtGate.createWithoutBackgroundRefresh(trusting(p, ACME), p)) {
                Map<String, String> tokens = catalogue(p);
                List<String> differences = new ArrayList<>();
                int before = http.requests();
                Map<String, Outcome> local = new LinkedHashMap<>();
                tokens.forEach((name, token) -> local.put(name, inProcess.validate(token)));
                assertEquals(before, http.requests(), "the in-process engine sent no request");
                tokens.forEach((name, token) -> {
                    Outcome remote = overHttp.validate(token);
                    if (!sameAnswer(remote, local.get(name))) {
                        differences.add(name + ": http " + remote + ", in process " + local.get(name));
                    }
                });
                assertTrue(http.requests() > before, "the HTTP engine did fetch");
                assertEquals(List.of(), differences);
                assertInstanceOf(Outcome.Authenticated.class, local.get("acme"));
                assertInstanceOf(Outcome.Rejected.class, local.get("globex"), "globex is not trusted here");
                local.forEach((name, o) -> {
                    if (!name.equals("acme")) {
                        assertTrue(!(o instanceof Outcome.Authenticated), name + " must not validate");
                    }
                });
            }
        }
    }

    private static boolean sameAnswer(Outcome a, Outcome b) {
        if (a instanceof Outcome.Authenticated x && b instanceof Outcome.Authenticated y) {
            return x.principal().getName().equals(y.principal().getName());
        }
        return a.equals(b);
    }

    @Test
    void tenantsOfAnUnreachablePublicUrlValidateAndOtherUrlsStillGoToTheNetwork() throws Exception {
        try (JwksPublisher p = JwksPublisher.create(config(dir, "https://unreachable.example.invalid/t/{tenant}").build());
                JwtGate local = JwtGate.createWithoutBackgroundRefresh(trusting(p, ACME, GLOBEX), p);
                JwtGate remote = JwtGate.createWithoutBackgroundRefresh(trusting(p, ACME, GLOBEX))) {
            assertInstanceOf(Outcome.Authenticated.class, local.validate(sign(p, ACME)));
            assertInstanceOf(Outcome.Authenticated.class, local.validate(sign(p, GLOBEX)));
            assertEquals(Outcome.KeysUnavailable.class, remote.validate(sign(p, ACME)).getClass(),
                    "over the network the unreachable URL gives no keys");
        }
    }

    @Test
    void thePublisherServesOnlyItsTenantsJwksAndDiscoveryUrls() {
        try (JwksPublisher p = JwksPublisher.create(config(dir, "https://auth.example.com/t/{tenant}").discovery(true)
                .build())) {
            String acme = "https://auth.example.com/t/acme";
            PublisherResponse jwks = p.get(acme + "/oauth2/jwks").orElseThrow();
            assertEquals(200, jwks.status());
            assertEquals(p.jwks(ACME).orElseThrow(), jwks.bodyText());
            assertEquals(200, p.get(acme + "/.well-known/openid-configuration").orElseThrow().status());
            assertEquals(404, p.get("https://auth.example.com/t/initech/oauth2/jwks").orElseThrow().status(),
                    "a tenant without keys: what the servlet answers");
            for (String other : List.of(acme, acme + "/oauth2/jwks/", acme + "/oauth2/jwks?x=1", acme + "/other",
                    "https://auth.example.com/t/ACME/oauth2/jwks", "http://auth.example.com/t/acme/oauth2/jwks",
                    "https://auth.example.com.evil/t/acme/oauth2/jwks", "https://auth.example.com/t//oauth2/jwks")) {
                assertEquals(Optional.empty(), p.get(other), other);
            }
        }
        assertEquals(Optional.empty(), LocalJwks.NONE.get("https://auth.example.com/t/acme/oauth2/jwks"));
    }
}
