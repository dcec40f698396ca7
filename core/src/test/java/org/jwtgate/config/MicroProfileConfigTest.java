package org.jwtgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jwtgate reads MicroProfile Config by reflection, through the application's class loader: a real
 * implementation (SmallRye Config, on this module's test class path only) answers the names asked
 * for; a class loader that sees no MicroProfile Config gives no source at all.
 */
class MicroProfileConfigTest {
    @TempDir
    Path dir;

    /** An application class loader whose own microprofile-config.properties says {@code properties}. */
    private ClassLoader application(String properties) throws Exception {
        Path meta = Files.createDirectories(dir.resolve("META-INF"));
        Files.writeString(meta.resolve("microprofile-config.properties"), properties);
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void theApplicationsMicroProfileConfigAnswersTheNamesAskedFor() throws Exception {
        ClassLoader app = application("jwtgate.mode=optional\njwtgate.clock-skew=5s\nother.key=x\n");
        MicroProfileConfig mp = MicroProfileConfig.find(app).orElseThrow();
        assertEquals(Optional.of("optional"), mp.value("jwtgate.mode"));
        Map<String, String> values = mp.values("jwtgate.", List.of("issuers", "clock-skew", "mode"));
        assertEquals(Map.of("clock-skew", "5s", "mode", "optional"), values);
        assertEquals(List.of("clock-skew", "mode"), List.copyOf(values.keySet()), "in the order asked for");
    }

    @Test
    void systemPropertiesAreAMicroProfileConfigSourceAndWinOverTheApplicationsFile() throws Exception {
        String key = "jwtgate.test-" + Long.toHexString(System.nanoTime());
        System.setProperty(key, "from-sys");
        try {
            ClassLoader app = application(key + "=from-file\n");
            assertEquals(Optional.of("from-sys"), MicroProfileConfig.find(app).orElseThrow().value(key));
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void aClassLoaderWithoutMicroProfileConfigGivesNoSource() throws Exception {
        try (URLClassLoader bare = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertEquals(Optional.empty(), MicroProfileConfig.find(bare));
        }
        assertEquals(Optional.empty(), MicroProfileConfig.find(null));
    }

    @Test
    void thePerPathStepUpFormsAreFoundAmongTheNamesMicroProfileConfigLists() throws Exception {
        ClassLoader app = application("jwtgate.required-acr[/admin/*]=urn:example:hwk\n"
                + "jwtgate.max-auth-age[/payments/*]=5m\njwtgate.required-acr=urn:example:mfa\njwtgate.mode=optional\n"
                + "jwtgate.unknown[/x]=y\nother.required-acr[/y]=z\n");
        Map<String, String> values = MicroProfileConfig.find(app).orElseThrow().parameters("jwtgate.", Set.of("issuers"));
        assertEquals(Map.of("mode", "optional", "required-acr", "urn:example:mfa", "required-acr[/admin/*]", "urn:example:hwk",
                "max-auth-age[/payments/*]", "5m"), values);
        Map<String, String> all = new java.util.HashMap<>(values);
        all.putAll(Map.of("issuers", "https://idp.example.com|https://idp.example.com/jwks", "audiences", "api"));
        GateConfig config = Parameters.parse(all, Placeholders.system()).build();
        assertEquals(Map.of("/admin/*", List.of("urn:example:hwk")), config.requiredAcrByPath());
        assertEquals(Map.of("/payments/*", java.time.Duration.ofMinutes(5)), config.maxAuthAgeByPath());
    }

    @Test
    void aStepUpParameterTheApplicationSetsInAnyFormIsNotReadFromMicroProfileConfigInAnyForm() throws Exception {
        ClassLoader app = application("jwtgate.required-acr[/admin/*]=urn:example:pwd\njwtgate.required-acr=urn:example:pwd\n"
                + "jwtgate.max-auth-age[/admin/*]=1d\njwtgate.max-auth-age=1d\n");
        MicroProfileConfig mp = MicroProfileConfig.find(app).orElseThrow();
        // web.xml requires hwk everywhere: a JVM-wide key cannot weaken it on /admin/*
        assertEquals(Map.of("max-auth-age", "1d", "max-auth-age[/admin/*]", "1d"),
                mp.parameters("jwtgate.", Set.of("required-acr")));
        // web.xml's per-path form alone is enough to keep MicroProfile Config's out, the global one included
        assertEquals(Map.of("required-acr", "urn:example:pwd", "required-acr[/admin/*]", "urn:example:pwd"),
                mp.parameters("jwtgate.", Set.of("max-auth-age[/payments/*]")));
        assertEquals(Map.of("max-auth-age", "1d", "max-auth-age[/admin/*]", "1d"),
                mp.parameters("jwtgate.", Set.of("required-acr[/admin/*]")), "the same pattern");
    }

    @Test
    void parametersFromMicroProfileConfigGoThroughTheSameTableAndPlaceholders() throws Exception {
        ClassLoader app = application("jwtgate.issuers=https://idp.example.com\njwtgate.audiences=api\n"
                + "jwtgate.clock-skew=banana\n");
        Map<String, String> values = MicroProfileConfig.find(app).orElseThrow()
                .values("jwtgate.", Parameters.names());
        ConfigException e = assertThrows(ConfigException.class,
                () -> Parameters.parse(values, Placeholders.system()).build());
        assertEquals("clock-skew", e.parameter());
    }
}
