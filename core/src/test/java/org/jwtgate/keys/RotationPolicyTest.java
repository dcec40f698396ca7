package org.jwtgate.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jwtgate.keys.RotationPolicy.Entry;
import org.jwtgate.keys.RotationPolicy.Plan;
import org.jwtgate.keys.RotationPolicy.Timed;
import org.junit.jupiter.api.Test;

class RotationPolicyTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration PERIOD = Duration.ofDays(30);
    private static final Duration LEAD = Duration.ofDays(1);
    private static final Duration GRACE = Duration.ofHours(3);
    private final RotationPolicy policy = new RotationPolicy(PERIOD, LEAD, GRACE);

    private static List<String> states(Plan p) {
        return p.published().stream().map(e -> e.kid() + ":" + e.state()).toList();
    }

    @Test
    void aSingleKeyIsActiveAndNothingIsDueBeforePeriodMinusLead() {
        Plan p = policy.plan(List.of(new Timed("k1", T0)), T0.plus(PERIOD).minus(LEAD).minusSeconds(1));
        assertEquals(List.of("k1:ACTIVE"), states(p));
        assertTrue(!p.changes());
    }

    @Test
    void aNewKeyIsDueLeadBeforeTheEndOfThePeriodAndActivatesAtTheEnd() {
        Plan p = policy.plan(List.of(new Timed("k1", T0)), T0.plus(PERIOD).minus(LEAD));
        assertEquals(Optional.of(T0.plus(PERIOD)), p.newPendingActiveFrom());
    }

    @Test
    void aLateEvaluationStillPublishesTheNewKeyAFullLeadBeforeItSigns() {
        Instant late = T0.plus(PERIOD).plus(Duration.ofDays(5));
        Plan p = policy.plan(List.of(new Timed("k1", T0)), late);
        assertEquals(Optional.of(late.plus(LEAD)), p.newPendingActiveFrom());
    }

    @Test
    void walksPendingActiveRetiredRemoved() {
        List<Timed> keys = List.of(new Timed("k1", T0), new Timed("k2", T0.plus(PERIOD)));
        Instant switchAt = T0.plus(PERIOD);
        assertEquals(List.of("k1:ACTIVE", "k2:PENDING"), states(policy.plan(keys, switchAt.minusSeconds(1))));
        assertTrue(!policy.plan(keys, switchAt.minusSeconds(1)).changes(), "no second pending key");
        Plan after = policy.plan(keys, switchAt);
        assertEquals(List.of("k2:ACTIVE", "k1:RETIRED"), states(after));
        Entry retired = after.published().get(1);
        assertEquals(Optional.of(switchAt), retired.retiredAt());
        assertEquals(List.of("k2:ACTIVE", "k1:RETIRED"), states(policy.plan(keys, switchAt.plus(GRACE).minusSeconds(1))));
        Plan gone = policy.plan(keys, switchAt.plus(GRACE));
        assertEquals(List.of("k2:ACTIVE"), states(gone));
        assertEquals(List.of("k1"), gone.removed());
    }

    @Test
    void publishedOrderIsActivePendingThenRetiredNewestFirst() {
        List<Timed> keys = List.of(new Timed("a", T0), new Timed("b", T0.plusSeconds(10)), new Timed("c", T0.plusSeconds(20)),
                new Timed("d", T0.plusSeconds(100)));
        RotationPolicy longGrace = new RotationPolicy(PERIOD, LEAD, Duration.ofDays(1));
        assertEquals(List.of("c:ACTIVE", "d:PENDING", "b:RETIRED", "a:RETIRED"), states(longGrace.plan(keys, T0.plusSeconds(50))));
    }

    @Test
    void explicitRotationPublishesALeadAheadUnlessAKeyIsPending() {
        Instant now = T0.plus(Duration.ofDays(3));
        assertEquals(Optional.of(now.plus(LEAD)), policy.explicitRotation(List.of(new Timed("k1", T0)), now));
        assertEquals(Optional.empty(), policy.explicitRotation(List.of(new Timed("k1", T0), new Timed("k2", now.plus(LEAD))), now));
    }

    @Test
    void zeroPeriodMeansNoScheduledRotation() {
        RotationPolicy manual = new RotationPolicy(Duration.ZERO, LEAD, GRACE);
        assertTrue(!manual.plan(List.of(new Timed("k1", T0)), T0.plus(Duration.ofDays(3650))).changes());
        assertTrue(!RotationPolicy.manual().plan(List.of(new Timed("a", T0), new Timed("b", T0.plusSeconds(1))),
                T0.plus(Duration.ofDays(36500))).changes());
    }

    @Test
    void aClockBeforeTheFirstKeyStillHasAnActiveKey() {
        assertEquals(List.of("k1:ACTIVE"), states(policy.plan(List.of(new Timed("k1", T0)), T0.minusSeconds(5))));
    }
}
