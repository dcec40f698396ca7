package org.jwtgate.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Variants of the built legacy WAR, switched to jwtgate another way than by its listener. */
final class LegacyWars {
    private static final Pattern LISTENER = Pattern.compile(
            "\\s*<listener>\\s*<listener-class>org\\.jwtgate\\.authentication\\.JwtGateAuthentication</listener-class>\\s*</listener>");

    private LegacyWars() {
    }

    /**
     * The legacy WAR switched by Jakarta Security's mechanism (jwtgate-security's jar, which the WAR carries for
     * its CDI role check) in place of the authentication module's listener (its element removed from web.xml;
     * the context-params stay).
     */
    static Container.Webapp withMechanism() throws IOException {
        Path containers = Container.containers();
        Path source = containers.resolve("war").resolve(Container.Webapp.LEGACY.war());
        boolean mechanismJar = false;
        Path dir = Files.createTempDirectory(Files.createDirectories(containers.resolve("work")), "legacy-mechanism-");
        Path war = dir.resolve(Container.Webapp.LEGACY.war());
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(source));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(war))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                mechanismJar |= e.getName().matches("WEB-INF/lib/jwtgate-security-.*\\.jar");
                out.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("WEB-INF/web.xml")) {
                    out.write(withoutListener(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                } else {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        if (!mechanismJar) {
            throw new IllegalStateException("the legacy WAR carries no jwtgate-security jar: no mechanism to switch to");
        }
        return new Container.Webapp(war.toString(), Container.Webapp.LEGACY.context(), Container.Webapp.LEGACY.readyPath());
    }

    private static String withoutListener(String webXml) {
        Matcher m = LISTENER.matcher(webXml);
        if (!m.find()) {
            throw new IllegalStateException("the legacy WAR's web.xml has no jwtgate listener to replace");
        }
        return m.replaceFirst("");
    }
}
