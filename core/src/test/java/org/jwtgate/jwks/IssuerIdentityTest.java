package org.jwtgate.jwks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jwtgate.JwtGate;
import org.jwtgate.LogCapture;
import org.jwtgate.config.GateConfig;
import org.jwtgate.testing.LocalIssuer;
import org.junit.jupiter.api.Test;

/**
 * A configured issuer that is not exactly what the issuer calls itself refuses every token as "not
 * trusted"; the engine reads each configured issuer's discovery document once at start and says so.
 */
class IssuerIdentityTest {

    @Test
    void aTrailingSlashIsOneErrorNamingBothValues() throws Exception {
        try (LocalIssuer issuer = LocalIssuer.start("realms/shop"); LogCapture log = new LogCapture()) {
            String configured = issuer.issuer() + "/";
            try (JwtGate gate = JwtGate.create(GateConfig.builder().issuer(configured, issuer.jwksUri()).audiences("api").build())) {
                List<String> errors = awaitErrors(log, issuer);
                assertEquals(1, errors.size(), log.all());
                String e = errors.get(0);
                assertTrue(e.contains("configured as '" + configured + "' calls itself '" + issuer.issuer() + "'"), e);
                assertTrue(e.contains("differ only by a trailing slash"), e);
                assertEquals(0, issuer.jwksRequests(), "the keys are left alone");
            }
        }
    }

    @Test
    void anotherHostNameIsNamedAsSuch() throws Exception {
        try (LocalIssuer issuer = LocalIssuer.start("realms/shop"); LogCapture log = new LogCapture()) {
            issuer.discoveryIssuer(issuer.issuer().replace("127.0.0.1", "localhost"));
            try (JwtGate gate = JwtGate.create(GateConfig.builder().issuer(issuer.issuer(), issuer.jwksUri()).audiences("api").build())) {
                List<String> errors = awaitErrors(log, issuer);
                assertEquals(1, errors.size(), log.all());
                assertTrue(errors.get(0).contains("name the host differently"), errors.get(0));
            }
        }
    }

    @Test
    void aHostileIssuerValueIsShownPrintableAndShort() {
        String described = IssuerIdentity.describe("https://idp.example", "https://idp.example/\u001b[31m" + "x".repeat(500),
                "https://idp.example/.well-known/openid-configuration");
        assertTrue(described.contains("https://idp.example/?[31m"), described);
        assertTrue(described.length() < 700, described);
    }

    @Test
    void anExactIssuerOrNoDiscoveryDocumentSaysNothing() {
        try (LocalIssuer issuer = LocalIssuer.start("realms/shop"); LogCapture log = new LogCapture()) {
            // The check itself, called in this thread: once it returns, whatever it had to say is logged.
            try (JwtGate gate = JwtGate.createWithoutBackgroundRefresh(GateConfig.builder()
                    .issuer(issuer.issuer(), issuer.jwksUri()).audiences("api").build())) {
                gate.keySets().get(0).checkIssuerIdentity();
            }
            issuer.outage(true);
            try (JwtGate gate = JwtGate.createWithoutBackgroundRefresh(GateConfig.builder()
                    .issuer(issuer.issuer() + "/", issuer.jwksUri()).audiences("api").build())) {
                gate.keySets().get(0).checkIssuerIdentity();
            }
            assertEquals(2, issuer.discoveryRequests(), "both documents were asked for");
            assertEquals(List.of(), errors(log), log.all());
            assertEquals(0, issuer.jwksRequests(), "the keys are left alone");
        }
    }

    private static List<String> awaitErrors(LogCapture log, LocalIssuer issuer) throws InterruptedException {
        // Polls the log: the check runs on the engine's background thread at start.
        for (int i = 0; i < 200 && errors(log).isEmpty(); i++) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        assertEquals(1, issuer.discoveryRequests());
        return errors(log);
    }

    private static List<String> errors(LogCapture log) {
        return log.lines().stream().filter(l -> l.startsWith("SEVERE") && l.contains("calls itself")).toList();
    }
}
