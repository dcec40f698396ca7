package org.jwtgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Collection;
import java.util.List;

import org.jose4j.http.SimpleGet;
import org.jose4j.http.SimpleResponse;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.IssuerConfig;
import org.jwtgate.jwks.KeysUnavailableException;
import org.jwtgate.jwks.ResilientHttpsJwks;

/**
 * Fuzz targets for what an issuer sends: JWKS and discovery documents (and their Cache-Control),
 * through jose4j's {@code SimpleGet} seam. Invariant: either usable public signature keys or
 * {@link KeysUnavailableException}; never another exception, never a symmetric or private-only key.
 * Real fuzzing: {@code JAZZER_FUZZ=1 mvn -pl core test -Dtest=KeySetFuzzTest#jwksDocument}.
 */
class KeySetFuzzTest {
    // Millions of refused inputs would each log a line; the log contents are tested elsewhere.
    private static final java.util.logging.Logger QUIET = quiet();

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger("org.jwtgate");
        l.setLevel(java.util.logging.Level.OFF);
        return l;
    }

    private static final String ISSUER = "https://issuer.fuzz.example";
    private static final GateConfig CONFIG = GateConfig.builder().issuer(ISSUER).audiences("a").build();
    private static final String GOOD_JWKS = "{\"keys\":[]}";

    @FuzzTest(maxDuration = "10m")
    void jwksDocument(FuzzedDataProvider data) throws Exception {
        String cacheControl = data.consumeBoolean() ? data.consumeString(40) : null;
        String body = data.consumeRemainingAsString();
        check(new ResilientHttpsJwks(IssuerConfig.withJwks(ISSUER, ISSUER + "/jwks"), CONFIG, get(body, cacheControl, null)));
    }

    @FuzzTest(maxDuration = "10m")
    void discoveryDocument(FuzzedDataProvider data) throws Exception {
        String body = data.consumeRemainingAsString();
        check(new ResilientHttpsJwks(IssuerConfig.discovered(ISSUER), CONFIG, get(GOOD_JWKS, null, body)));
    }

    private static void check(ResilientHttpsJwks jwks) throws Exception {
        try {
            for (JsonWebKey k : jwks.getJsonWebKeys()) {
                assertTrue(k instanceof PublicJsonWebKey, "a non-public key was kept");
                assertFalse("oct".equals(k.getKeyType()));
            }
        } catch (KeysUnavailableException expected) {
            // the document was refused
        }
    }

    private static SimpleGet get(String jwks, String cacheControl, String discovery) {
        return location -> new SimpleResponse() {
            final String body = location.endsWith("/openid-configuration") ? discovery : jwks;

            @Override
            public int getStatusCode() {
                return 200;
            }

            @Override
            public String getStatusMessage() {
                return "OK";
            }

            @Override
            public Collection<String> getHeaderNames() {
                return cacheControl == null ? List.of() : List.of("cache-control");
            }

            @Override
            public List<String> getHeaderValues(String name) {
                return cacheControl != null && name.equals("cache-control") ? List.of(cacheControl) : null;
            }

            @Override
            public String getBody() {
                return body;
            }
        };
    }

}
