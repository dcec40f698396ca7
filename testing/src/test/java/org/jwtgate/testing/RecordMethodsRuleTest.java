package org.jwtgate.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The rule finds a record with generated methods, and passes one that writes them out. */
class RecordMethodsRuleTest {
    record Generated(String name) {
    }

    record WrittenOut(String name) {
        @Override
        public boolean equals(Object o) {
            return o instanceof WrittenOut w && Objects.equals(name, w.name);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(name);
        }

        @Override
        public String toString() {
            return "WrittenOut[name=" + name + "]";
        }
    }

    @Test
    void namesARecordWithGeneratedMethodsAndNotOneThatWritesThemOut() {
        List<String> violations = RecordMethodsRule.violations(RecordMethodsRuleTest.class);
        assertTrue(violations.contains(Generated.class.getName()), violations::toString);
        assertTrue(!violations.contains(WrittenOut.class.getName()), violations::toString);
        assertTrue(!violations.contains(RecordMethodsRuleTest.class.getName()), violations::toString);
        AssertionError e = assertThrows(AssertionError.class,
                () -> RecordMethodsRule.check(RecordMethodsRuleTest.class));
        assertTrue(e.getMessage().contains(Generated.class.getName()), e.getMessage());
    }

    @Test
    void refusesAClassNotLoadedFromADirectory() {
        assertThrows(IllegalStateException.class, () -> RecordMethodsRule.violations(org.jose4j.jwk.JsonWebKey.class));
    }
}
