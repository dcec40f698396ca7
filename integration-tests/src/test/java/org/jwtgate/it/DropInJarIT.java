package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * What the drop-in jar ({@code jwtgate-webapp}, copied by the build to {@code containers/jwtgate-dropin}) holds:
 * jwtgate's four modules, jose4j and slf4j-api relocated under {@code org.jwtgate.internal.shaded} with nothing
 * left at their own names (so another jose4j or SLF4J in the application or the server is never shadowed nor
 * used), no class still referring to the original names, and the service files rewritten to the relocated names.
 * {@link DropInTomcatExamplesTomcat11IT} shows it working in a real WAR.
 */
class DropInJarIT {
    private static final String SHADED = "org/jwtgate/internal/shaded/";

    private static Path jar() {
        return Container.containers().resolve(TomcatExamples.DROP_IN_DIR).resolve("jwtgate-webapp.jar");
    }

    private static List<String> entries() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            return jar.stream().map(ZipEntry::getName).toList();
        }
    }

    private static String text(String entry) throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            ZipEntry e = jar.getEntry(entry);
            assertTrue(e != null, "no " + entry + " in " + jar());
            try (InputStream in = jar.getInputStream(e)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void holdsTheFourModulesAndTheRelocatedEngine() throws IOException {
        List<String> names = entries();
        for (String cls : List.of("org/jwtgate/JwtGate.class", "org/jwtgate/filter/JwtGateFilter.class",
                "org/jwtgate/jaxrs/JwtGateFeature.class", "org/jwtgate/authentication/JwtGateAuthentication.class",
                SHADED + "jose4j/jwt/consumer/JwtConsumer.class", SHADED + "slf4j/LoggerFactory.class",
                SHADED + "slf4j/jul/JULServiceProvider.class")) {
            assertTrue(names.contains(cls), cls);
        }
        assertFalse(names.stream().anyMatch(n -> n.startsWith("org/jwtgate/security/")), "jwtgate-security is a jar of its own");
        assertFalse(names.stream().anyMatch(n -> n.startsWith("org/jwtgate/testing/")), "no test support");
    }

    @Test
    void nothingAtJose4jsOrSlf4jsOwnNames() throws IOException {
        List<String> leaked = entries().stream()
                .filter(n -> n.startsWith("org/jose4j/") || n.startsWith("org/slf4j/") || n.contains("module-info"))
                .toList();
        assertEquals(List.of(), leaked);
    }

    @Test
    void noClassRefersToTheOriginalNames() throws IOException {
        List<String> referring = new ArrayList<>();
        try (JarFile jar = new JarFile(jar().toFile())) {
            for (ZipEntry e : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                try (InputStream in = jar.getInputStream(e)) {
                    byte[] bytes = in.readAllBytes();
                    String pool = new String(bytes, StandardCharsets.ISO_8859_1);
                    // Class references and descriptors are internal names (org/jose4j/...): none may be left.
                    if (pool.contains("org/jose4j/") || pool.contains("org/slf4j/")) {
                        referring.add(e.getName());
                    }
                    // A dotted name is a reference only as a whole constant (Class.forName, a system property
                    // read under jose4j's name); inside a message ("org.slf4j.LoggerFactory in failed state") it is text.
                    for (String prefix : List.of("org.jose4j.", "org.slf4j.")) {
                        for (int i = pool.indexOf(prefix); i >= 0; i = pool.indexOf(prefix, i + 1)) {
                            if (wholeUtf8Constant(bytes, i)) {
                                referring.add(e.getName() + ": " + pool.substring(i, end(pool, i)));
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), referring);
    }

    /** End of the name that starts at {@code i}. */
    private static int end(String pool, int i) {
        int j = i;
        while (j < pool.length() && (Character.isLetterOrDigit(pool.charAt(j)) || "._$-".indexOf(pool.charAt(j)) >= 0)) {
            j++;
        }
        return j;
    }

    /** Whether the name at {@code i} is a CONSTANT_Utf8 entry of its own (tag 1, then its length), not part of a text. */
    private static boolean wholeUtf8Constant(byte[] bytes, int i) {
        int length = end(new String(bytes, StandardCharsets.ISO_8859_1), i) - i;
        return i >= 3 && bytes[i - 3] == 1 && (((bytes[i - 2] & 0xff) << 8) | (bytes[i - 1] & 0xff)) == length;
    }

    @Test
    void serviceFilesSurviveWithTheRelocatedNames() throws IOException {
        assertEquals("org.jwtgate.filter.JwtGateInitializer",
                text("META-INF/services/jakarta.servlet.ServletContainerInitializer").strip());
        assertEquals("org.jwtgate.internal.shaded.slf4j.jul.JULServiceProvider",
                text("META-INF/services/org.jwtgate.internal.shaded.slf4j.spi.SLF4JServiceProvider").strip());
        assertFalse(entries().contains("META-INF/services/org.slf4j.spi.SLF4JServiceProvider"),
                "no provider for the application's own SLF4J");
    }

    @Test
    void carriesTheLicenseAndTheNotice() throws IOException {
        assertTrue(text("META-INF/LICENSE").contains("Apache License"));
        assertTrue(text("META-INF/NOTICE").contains("jose4j"));
        assertTrue(text("META-INF/LICENSE.txt").contains("QOS.ch"), "SLF4J's MIT license");
    }

    @Test
    void publishedPomHasNoDependencies() throws IOException {
        Path pom = Path.of(System.getProperty("jwtgate.it.dropInPom", "../webapp/target/dependency-reduced-pom.xml"));
        String xml = Files.readString(pom);
        assertTrue(xml.contains("<artifactId>jwtgate-webapp</artifactId>"), xml);
        assertFalse(xml.contains("<dependency>"), "everything it needs is inside; the rest is the container's:\n" + xml);
    }
}
