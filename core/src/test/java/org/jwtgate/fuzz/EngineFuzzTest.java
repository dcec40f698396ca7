package org.jwtgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.jwtgate.Decision;
import org.jwtgate.GateFixture;
import org.jwtgate.Outcome;
import org.jwtgate.TestRequest;
import org.jwtgate.error.ErrorResponse;
import org.jwtgate.error.ErrorResponses;
import org.jwtgate.error.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz targets for the request path: bearer extraction, then validation, then the decision. The
 * invariant: nothing escapes the engine, every refusal is one of the fixed responses (so nothing from
 * the request is echoed), no forged token is ever accepted.
 *
 * <p>{@code mvn test} runs them in regression mode over the committed seeds in
 * {@code src/test/resources/org/jwtgate/fuzz/EngineFuzzTestInputs}. Real fuzzing:
 * {@code JAZZER_FUZZ=1 mvn -pl core test -Dtest=EngineFuzzTest#requestNeverEscapes}.
 */
class EngineFuzzTest {
    // Millions of refused inputs would each log a line; the log contents are tested elsewhere.
    private static final java.util.logging.Logger QUIET = quiet();

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger("org.jwtgate");
        l.setLevel(java.util.logging.Level.OFF);
        return l;
    }

    private static GateFixture f;
    private static String valid;
    private static Set<ErrorResponse> fixedResponses;

    @BeforeAll
    static void start() {
        f = GateFixture.start(b -> b.queryParameter(true).formParameter(true).cookieName("at"));
        valid = f.minter().sign();
        ErrorResponses r = f.gate.responses();
        fixedResponses = new HashSet<>();
        fixedResponses.add(r.noCredentials());
        fixedResponses.add(r.keysUnavailable());
        for (Reason reason : Reason.values()) {
            fixedResponses.add(r.rejected(reason));
        }
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    /** Connections only to the configured issuer's JWKS: anything else would be a server-side request forgery. */
    private static SilentCloseable onlyTheIssuer() {
        java.net.URI jwks = java.net.URI.create(f.issuer.jwksUri());
        // The issuer listens on 127.0.0.1, which the detector may report by its name.
        return BugDetectors.allowNetworkConnections((host, port) -> port == jwks.getPort()
                && (host.equals(jwks.getHost()) || host.equals("localhost")));
    }

    @FuzzTest(maxDuration = "10m")
    void requestNeverEscapes(FuzzedDataProvider data) {
        try (SilentCloseable allowed = onlyTheIssuer()) {
            request(data);
        }
    }

    private static void request(FuzzedDataProvider data) {
        TestRequest request = TestRequest.create();
        int headers = data.consumeInt(0, 3);
        for (int i = 0; i < headers; i++) {
            request.header("Authorization", data.consumeBoolean() ? "Bearer " + data.consumeString(600) : data.consumeString(600));
        }
        if (data.consumeBoolean()) {
            request.query("access_token", data.consumeString(600));
        }
        if (data.consumeBoolean()) {
            request.form("access_token", data.consumeString(600));
        }
        if (data.consumeBoolean()) {
            request.cookie("at", data.consumeString(600));
        }
        Decision d = f.gate.decide("/api", request);
        assertNotNull(d);
        if (d instanceof Decision.Respond respond) {
            assertTrue(fixedResponses.contains(respond.response()), "not a fixed response: " + respond.response());
        } else {
            assertFalse(((Decision.Proceed) d).principal().isPresent(), "a fuzzed request was authenticated");
        }
    }

    /** A real token's signature with fuzzed header and payload JSON: parsed deeply, never accepted. */
    @FuzzTest(maxDuration = "10m")
    void forgedTokenNeverPasses(FuzzedDataProvider data) {
        try (SilentCloseable allowed = onlyTheIssuer()) {
            forged(data);
        }
    }

    private static void forged(FuzzedDataProvider data) {
        String[] parts = valid.split("\\.");
        String header = data.consumeBoolean() ? b64(data.consumeString(400)) : parts[0];
        String payload = data.consumeBoolean() ? b64(data.consumeString(800)) : parts[1];
        String signature = data.consumeBoolean() ? b64(data.consumeString(300)) : parts[2];
        String token = data.consumeBoolean() ? header + "." + payload + "." + signature : data.consumeRemainingAsString();
        Outcome o = f.validate(token);
        assertNotNull(o);
        if (o instanceof Outcome.Authenticated) {
            assertTrue(token.equals(valid), "a forged token was accepted");
        }
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
