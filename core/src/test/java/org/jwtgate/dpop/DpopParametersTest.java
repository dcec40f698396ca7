package org.jwtgate.dpop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.DpopMode;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.ValidationPolicy;
import org.junit.jupiter.api.Test;

/** The DPoP parameters: defaults, values, and the configurations refused at startup. */
class DpopParametersTest {

    private static Map<String, String> minimal() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("issuers", "https://idp.example.com/realms/a");
        m.put("audiences", "api");
        return m;
    }

    private static GateConfig parse(Map<String, String> m) {
        return GateConfig.fromParameters(m);
    }

    private static ConfigException failure(Map<String, String> m, String parameter) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(m));
        assertEquals(parameter, e.parameter(), e.getMessage());
        return e;
    }

    @Test
    void offByDefaultWithTheEngineAlgorithms() {
        GateConfig c = parse(minimal());
        assertEquals(DpopMode.OFF, c.dpop());
        assertEquals(GateConfig.ALGORITHM_ORDER, List.copyOf(c.dpopAlgorithms()), "a fixed order, the same on every node");
        assertEquals(Duration.ofSeconds(60), c.dpopProofMaxAge());
        assertEquals(100_000, c.dpopReplayCacheSize());
        assertEquals(Optional.empty(), c.publicOrigin());
        assertFalse(c.requestOriginTrusted());
        Map<String, String> m = minimal();
        m.put("algorithms", "ES256 RS256");
        assertEquals(List.of("RS256", "ES256"), List.copyOf(parse(m).dpopAlgorithms()));
    }

    @Test
    void everyValueIsRead() {
        Map<String, String> m = minimal();
        m.put("dpop", "required");
        m.put("dpop-algs", "ES256, EdDSA");
        m.put("dpop-proof-max-age", "30s");
        m.put("dpop-replay-cache-size", "5000");
        m.put("public-origin", "https://api.example.com:8443");
        GateConfig c = parse(m);
        assertEquals(DpopMode.REQUIRED, c.dpop());
        assertEquals(List.of("ES256", "EdDSA"), List.copyOf(c.dpopAlgorithms()), "as written");
        assertEquals(Duration.ofSeconds(30), c.dpopProofMaxAge());
        assertEquals(5000, c.dpopReplayCacheSize());
        assertEquals(Optional.of(URI.create("https://api.example.com:8443")), c.publicOrigin());
        m.put("dpop", "allowed");
        m.put("public-origin", "from-request");
        c = parse(m);
        assertEquals(DpopMode.ALLOWED, c.dpop());
        assertTrue(c.requestOriginTrusted());
        assertEquals(Optional.empty(), c.publicOrigin());
    }

    @Test
    void dpopNeedsAnOriginNamedOrExplicitlyTakenFromTheRequest() {
        Map<String, String> m = minimal();
        m.put("dpop", "allowed");
        ConfigException e = failure(m, "public-origin");
        assertTrue(e.getMessage().contains("from-request") && e.getMessage().contains("dpop=allowed"), e.getMessage());
    }

    @Test
    void badValuesStopStartupNamingParameterAndValue() {
        Map<String, String> m = minimal();
        m.put("dpop", "on");
        assertTrue(failure(m, "dpop").getMessage().contains("'on'"));
        m.put("dpop", "required");
        m.put("public-origin", "https://api.example.com/app");
        assertTrue(failure(m, "public-origin").getMessage().contains("https://api.example.com/app"));
        for (String bad : new String[] {"ftp://x.example", "https://u@x.example", "https://x.example?q", "x.example", "https://"}) {
            m.put("public-origin", bad);
            failure(m, "public-origin");
        }
        m.put("public-origin", "https://api.example.com");
        m.put("dpop-algs", "HS256");
        assertTrue(failure(m, "dpop-algs").getMessage().contains("'HS256'"));
        m.put("dpop-algs", "none");
        failure(m, "dpop-algs");
        m.remove("dpop-algs");
        m.put("dpop-proof-max-age", "11m");
        failure(m, "dpop-proof-max-age");
        m.remove("dpop-proof-max-age");
        m.put("dpop-replay-cache-size", "10");
        failure(m, "dpop-replay-cache-size");
    }

    @Test
    void theDpopRulesArePartOfThePolicySoAnotherEngineNeverDecidesForThisOne() {
        Map<String, String> m = minimal();
        ValidationPolicy off = ValidationPolicy.of(parse(m));
        m.put("dpop", "allowed");
        m.put("public-origin", "https://api.example.com");
        ValidationPolicy on = ValidationPolicy.of(parse(m));
        assertFalse(off.equals(on));
        assertEquals(on, ValidationPolicy.of(parse(m)));
        m.put("public-origin", "https://other.example.com");
        assertFalse(on.equals(ValidationPolicy.of(parse(m))));
    }
}
