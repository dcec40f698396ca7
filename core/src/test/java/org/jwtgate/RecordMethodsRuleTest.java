package org.jwtgate;

import org.jwtgate.testing.RecordMethodsRule;
import org.junit.jupiter.api.Test;

/** No record of this module has generated equals/hashCode/toString (see "Class loader leaks" in docs/modules.md). */
class RecordMethodsRuleTest {
    @Test
    void noClassLinksARecordMethodThroughObjectMethods() {
        RecordMethodsRule.check(Outcome.class);
    }
}
