package org.jwtgate.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.jwtgate.GateFixture;

/**
 * Which engine this test run verifies on: core's tests run twice (pom.xml), once with the Amazon Corretto
 * Crypto Provider on the class path ({@code crypto-provider=auto} picks it) and once without (the JDK's
 * providers), and each execution names the engine it expects in {@code jwtgate.test.engine}. Fails when a run
 * is not on the engine it claims, for example when ACCP failed its self-test and {@code auto} fell back.
 */
class EngineUnderTestTest {

    @Test
    void theEngineOfThisRunIsTheOneItsExecutionNames() {
        String expected = System.getProperty("jwtgate.test.engine");
        assumeTrue(expected != null, "run outside Maven: no engine named");
        try (GateFixture f = GateFixture.start()) {
            assertEquals(expected, f.gate.signatureEngine().isAccp() ? "accp" : "jdk", f.gate.signatureEngine().startupLine());
        }
    }
}
