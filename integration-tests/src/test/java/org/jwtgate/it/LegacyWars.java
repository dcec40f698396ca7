package org.jwtgate.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
        return withMechanism(Container.Webapp.LEGACY.context().substring(1), Map.of());
    }

    /**
     * As {@link #withMechanism()}, as the WAR {@code name}{@code .war} (context path {@code /name} on Payara Micro)
     * with {@code contextParams} set in web.xml (replacing the value of a context-param it has).
     */
    static Container.Webapp withMechanism(String name, Map<String, String> contextParams) throws IOException {
        Path containers = Container.containers();
        Path source = containers.resolve("war").resolve(Container.Webapp.LEGACY.war());
        boolean mechanismJar = false;
        Path dir = Files.createTempDirectory(Files.createDirectories(containers.resolve("work")), "legacy-mechanism-");
        Path war = dir.resolve(name + ".war");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(source));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(war))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                mechanismJar |= e.getName().matches("WEB-INF/lib/jwtgate-security-.*\\.jar");
                out.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("WEB-INF/web.xml")) {
                    out.write(withParams(withoutListener(new String(in.readAllBytes(), StandardCharsets.UTF_8)), contextParams).getBytes(StandardCharsets.UTF_8));
                } else {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        if (!mechanismJar) {
            throw new IllegalStateException("the legacy WAR carries no jwtgate-security jar: no mechanism to switch to");
        }
        return new Container.Webapp(war.toString(), "/" + name, Container.Webapp.LEGACY.readyPath());
    }

    /** {@code webXml} with each of {@code contextParams} replacing the value of its context-param, or added. */
    private static String withParams(String webXml, Map<String, String> contextParams) {
        String end = "  <!-- jwtgate: end -->";
        if (!webXml.contains(end)) {
            throw new IllegalStateException("the legacy WAR's web.xml has no jwtgate end marker");
        }
        String out = webXml;
        for (Map.Entry<String, String> p : contextParams.entrySet()) {
            Matcher m = Pattern.compile("(<param-name>" + Pattern.quote(p.getKey())
                    + "</param-name>\\s*<param-value>)[^<]*(</param-value>)").matcher(out);
            out = m.find() ? m.replaceFirst("$1" + Matcher.quoteReplacement(p.getValue()) + "$2")
                    : out.replace(end, "  <context-param>\n    <param-name>" + p.getKey() + "</param-name>\n    <param-value>"
                            + p.getValue() + "</param-value>\n  </context-param>\n" + end);
        }
        return out;
    }

    private static String withoutListener(String webXml) {
        Matcher m = LISTENER.matcher(webXml);
        if (!m.find()) {
            throw new IllegalStateException("the legacy WAR's web.xml has no jwtgate listener to replace");
        }
        return m.replaceFirst("");
    }
}
