package org.jwtgate.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TenantIdTest {

    @Test
    void acceptsLowerCaseDnsLabels() {
        for (String ok : List.of("a", "acme", "acme-2", "0", "9lives", "a".repeat(63))) {
            assertTrue(TenantId.isValid(ok), ok);
            assertEquals(ok, TenantId.of(ok).value());
        }
    }

    @Test
    void refusesAnythingThatCouldEscapeAFileNameOrAUrl() {
        List<String> bad = List.of("", "-acme", "Acme", "ACME", "a.b", "..", "../etc", "..%2F..%2Fetc", "a/b", "a\\b",
                "%00", "a\u0000", "a b", "a_b", "é", "a".repeat(64), "A".repeat(300), "acme\n", "a:b", "a%2e");
        for (String b : bad) {
            assertFalse(TenantId.isValid(b), b);
            assertTrue(TenantId.parse(b).isEmpty(), b);
        }
        assertFalse(TenantId.isValid(null));
    }

    @Test
    void errorMessageDoesNotEchoTheInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TenantId.of("<script>"));
        assertFalse(e.getMessage().contains("<script>"));
    }

    @Test
    void equalityAndOrderFollowTheText() {
        assertEquals(TenantId.of("acme"), TenantId.of("acme"));
        assertTrue(TenantId.of("a").compareTo(TenantId.of("b")) < 0);
    }
}
