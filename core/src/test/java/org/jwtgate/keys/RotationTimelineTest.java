package org.jwtgate.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jwtgate.JwtGate;
import org.jwtgate.Outcome;
import org.jwtgate.config.GateConfig;
import org.jwtgate.error.Reason;
import org.jwtgate.tenant.TenantId;
import org.jwtgate.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rotation schedule seen by a real validator (jwtgate's own engine, discovering the keys over
 * HTTP and caching them per max-age), with one controlled clock: every token validates until it
 * expires, and a new key is in every cache before it signs.
 */
class RotationTimelineTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final Duration MAX_AGE = Duration.ofHours(1);
    private static final Duration LEAD = Duration.ofHours(2);
    private static final Duration GRACE = Duration.ofHours(2);
    private static final Duration PERIOD = Duration.ofDays(1);
    private static final Duration LIFETIME = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingNow();
    private final Map<String, Instant> tokens = new LinkedHashMap<>();

    private String sign(JwksPublisher p) throws Exception {
        JwtClaims c = new JwtClaims();
        c.setSubject("alice");
        c.setAudience("api");
        c.setClaim("client_id", "orders-ui");
        String token = p.signer().sign(ACME, c);
        tokens.put(token, clock.instant().plus(LIFETIME));
        return token;
    }

    private static String kid(String token) throws Exception {
        return ((JsonWebSignature) JsonWebSignature.fromCompactSerialization(token)).getKeyIdHeaderValue();
    }

    /** Every token signed so far validates before its exp and is refused as expired after it. */
    private void everyTokenValidatesUntilItExpires(JwtGate gate) {
        tokens.forEach((token, exp) -> {
            Outcome o = gate.validate(token);
            if (clock.instant().isBefore(exp)) {
                assertInstanceOf(Outcome.Authenticated.class, o, "at " + clock.instant() + " a token until " + exp);
            } else {
                assertEquals(Outcome.rejected(Reason.EXPIRED), o);
            }
        });
    }

    private List<String> published(JwksPublisher p) {
        List<String> out = new ArrayList<>();
        p.store().keys(ACME).orElseThrow().forEach(k -> out.add(k.kid() + ":" + k.state()));
        return out;
    }

    @Test
    void tokensOfThePreviousKeyValidateThroughTheGraceAndTheNextKeyIsCachedBeforeItSigns() throws Exception {
        Instant t0 = clock.instant();
        try (PublisherHttp http = new PublisherHttp();
                JwksPublisher p = JwksPublisher.create(PublisherConfig.builder().managed(dir, "pw").keyType(KeyType.EC_P256)
                        .issuer(http.issuerTemplate()).maxAge(MAX_AGE).prepublishLead(LEAD).retirementGrace(GRACE)
                        .rotationPeriod(PERIOD).tokenLifetime(LIFETIME).tokenLifetimeMax(LIFETIME).tenants(List.of(ACME))
                        .clock(clock).build());
                JwtGate gate = JwtGate.createWithoutBackgroundRefresh(GateConfig.builder().issuer(p.issuer(ACME))
                        .audiences("api").clock(clock).clockSkew(Duration.ZERO).build())) {
            http.serve(p);
            String k1 = kid(sign(p));
            everyTokenValidatesUntilItExpires(gate);

            // period - lead: the next key is published (pending) and does not sign yet
            clock.set(t0.plus(PERIOD).minus(LEAD));
            assertEquals(k1, kid(sign(p)));
            List<String> states = published(p);
            assertEquals(2, states.size());
            assertEquals(k1 + ":ACTIVE", states.get(0));
            String k2 = states.get(1).split(":")[0];
            assertEquals(k2 + ":PENDING", states.get(1));
            everyTokenValidatesUntilItExpires(gate);

            // half an hour before the switch the validator refreshes its cache (max-age 1h)
            clock.set(t0.plus(PERIOD).minus(Duration.ofMinutes(30)));
            everyTokenValidatesUntilItExpires(gate);
            clock.set(t0.plus(PERIOD).minusSeconds(1));
            String lastOfK1 = sign(p);
            assertEquals(k1, kid(lastOfK1));
            int fetches = gate.keySets().get(0).fetchAttempts();

            // the switch: k2 signs, and the validator knows it from its cache, without fetching
            clock.set(t0.plus(PERIOD));
            String firstOfK2 = sign(p);
            assertEquals(k2, kid(firstOfK2));
            assertEquals(List.of(k2 + ":ACTIVE", k1 + ":RETIRED"), published(p));
            assertInstanceOf(Outcome.Authenticated.class, gate.validate(firstOfK2));
            assertEquals(fetches, gate.keySets().get(0).fetchAttempts(), "the pending key was already cached");
            everyTokenValidatesUntilItExpires(gate);

            // through the grace: k1's last token validates until it expires, k1 stays published
            for (Duration d = Duration.ofMinutes(15); d.compareTo(GRACE) < 0; d = d.plusMinutes(15)) {
                clock.set(t0.plus(PERIOD).plus(d));
                sign(p);
                everyTokenValidatesUntilItExpires(gate);
                assertEquals(k1 + ":RETIRED", published(p).get(1));
            }
            clock.set(t0.plus(PERIOD).plus(GRACE).minusSeconds(1));
            assertEquals(2, published(p).size());
            clock.set(t0.plus(PERIOD).plus(GRACE));
            assertEquals(List.of(k2 + ":ACTIVE"), published(p), "removed when the grace ends");
            assertNotEquals(k1, k2);
            everyTokenValidatesUntilItExpires(gate);
        }
    }
}
