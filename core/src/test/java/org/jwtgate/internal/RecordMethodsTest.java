package org.jwtgate.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.jwtgate.error.Reason;
import org.jwtgate.metrics.Health;
import org.jwtgate.metrics.KeySetStatus;
import org.junit.jupiter.api.Test;

/** The written-out methods give what the generated ones gave. */
class RecordMethodsTest {
    /** Generated methods, the reference. */
    private record Generated(String name, int count, double ratio, boolean on, Reason reason, Optional<String> rest,
            long size) {
    }

    @Test
    void hashAndTextAreTheGeneratedOnes() {
        for (Generated g : List.of(new Generated("a", 7, 0.25, true, Reason.EMPTY_TOKEN, Optional.of("x"), 1L << 40),
                new Generated(null, -1, Double.NaN, false, null, Optional.empty(), -3))) {
            assertEquals(g.hashCode(), RecordMethods.hash(g.name(), g.count(), g.ratio(), g.on(), g.reason(), g.rest(),
                    g.size()));
            assertEquals(g.toString(), RecordMethods.toString(g));
        }
    }

    @Test
    void aWrittenOutRecordPrintsAsBefore() {
        KeySetStatus s = new KeySetStatus("https://issuer.example", Health.UP, true, false, 2, 1.5, 0.0);
        assertEquals("KeySetStatus[issuer=https://issuer.example, health=UP, loaded=true, failing=false, keys=2,"
                + " ageSeconds=1.5, staleSeconds=0.0]", s.toString());
    }
}
