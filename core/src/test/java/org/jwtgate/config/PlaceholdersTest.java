package org.jwtgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    private static Placeholders of(Map<String, String> env, Map<String, String> sys) {
        return new Placeholders(env::get, sys::get);
    }

    @Test
    void propOrEnvPrefersTheSystemPropertyThenTheVariableOfTheSameName() {
        Placeholders both = of(Map.of("JWTGATE_KEY_PASSWORD", "from-env"), Map.of("JWTGATE_KEY_PASSWORD", "from-sys"));
        assertEquals("from-sys", both.resolve("key-password", "${prop-or-env:JWTGATE_KEY_PASSWORD}"));
        Placeholders envOnly = of(Map.of("JWTGATE_KEY_PASSWORD", "from-env"), Map.of());
        assertEquals("from-env", envOnly.resolve("key-password", "${prop-or-env:JWTGATE_KEY_PASSWORD}"));
    }

    @Test
    void propOrEnvFindsADottedNameInTheEnvironmentByMicroProfileConfigsRule() {
        Placeholders p = of(Map.of("JWTGATE_KEY_PASSWORD", "mapped"), Map.of());
        assertEquals("mapped", p.resolve("key-password", "${prop-or-env:jwtgate.key-password}"));
        // The exact name wins over the mapped one, as in MicroProfile Config.
        Placeholders exact = of(Map.of("jwtgate.key-password", "exact", "JWTGATE_KEY_PASSWORD", "mapped"), Map.of());
        assertEquals("exact", exact.resolve("key-password", "${prop-or-env:jwtgate.key-password}"));
        assertEquals("JWTGATE_KEY_PASSWORD", Placeholders.environmentName("jwtgate.key-password"));
        assertEquals("A_B_C_1", Placeholders.environmentName("a.b-c/1"));
    }

    @Test
    void propOrEnvDefaultsMayContainColonsAndMayBeEmpty() {
        Placeholders none = of(Map.of(), Map.of());
        assertEquals("http://127.0.0.1:8080/t/{tenant}",
                none.resolve("issuer", "${prop-or-env:JWTGATE_PUBLIC_URL:http://127.0.0.1:8080}/t/{tenant}"));
        assertEquals("", none.resolve("required-type", "${prop-or-env:JWTGATE_REQUIRED_TYPE:}"));
    }

    @Test
    void propOrEnvWithoutValueOrDefaultNamesEveryPlaceLookedAtAndNoValue() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> of(Map.of("OTHER", "x"), Map.of()).resolve("key-password", "${prop-or-env:jwtgate.key-password}"));
        assertEquals("key-password", e.parameter());
        assertTrue(e.getMessage().contains("system property 'jwtgate.key-password'"), e.getMessage());
        assertTrue(e.getMessage().contains("'JWTGATE_KEY_PASSWORD'"), e.getMessage());
        assertFalse(e.getMessage().contains("x'"), e.getMessage());
    }

    @Test
    void envAndSysKeepTheirOwnSourceOnly() {
        Placeholders p = of(Map.of("A", "env"), Map.of("B", "sys"));
        assertEquals("env", p.resolve("x", "${env:A}"));
        assertEquals("sys", p.resolve("x", "${sys:B}"));
        ConfigException envMiss = assertThrows(ConfigException.class, () -> p.resolve("x", "${env:B}"));
        assertTrue(envMiss.getMessage().contains("environment variable 'B' is not set"), envMiss.getMessage());
        ConfigException sysMiss = assertThrows(ConfigException.class, () -> p.resolve("x", "${sys:A}"));
        assertTrue(sysMiss.getMessage().contains("system property 'A' is not set"), sysMiss.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class, () -> p.resolve("x", "${jwtgate:A}"));
        assertTrue(unknown.getMessage().contains("prop-or-env:"), unknown.getMessage());
    }
}
