package org.jwtgate.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Tomcat's own {@code examples} web application, as a Tomcat distribution ships it, switched to jwtgate the
 * way an operator would: the jwtgate jars added to {@code WEB-INF/lib} and README's block
 * {@value #WEB_XML_BLOCK} added to its {@code WEB-INF/web.xml} before {@code </web-app>}, as it is. Nothing else of
 * the application changes (its FORM {@code <login-config>} stays).
 */
final class TomcatExamples {
    /** README's block with the web.xml lines added ("Tried on Tomcat's examples webapp"). */
    static final String WEB_XML_BLOCK = "tomcat-examples-web-xml";
    /** The jars added to WEB-INF/lib, copied by the build into {@code containers/jwtgate-lib}. */
    static final String LIB_DIR = "jwtgate-lib";
    /** The drop-in jar alone ({@code jwtgate-webapp}), copied by the build into {@code containers/jwtgate-dropin}. */
    static final String DROP_IN_DIR = "jwtgate-dropin";

    private TomcatExamples() {
    }

    /**
     * Builds {@code examples.war} in {@code work} from {@code tomcatHome/webapps/examples} with the jars of
     * {@code containers/libDir} and the web.xml lines; returns the WAR.
     */
    static Path assemble(Path tomcatHome, Path containers, String libDir, Path work) throws IOException {
        Path source = tomcatHome.resolve("webapps").resolve("examples");
        Path webXml = source.resolve("WEB-INF").resolve("web.xml");
        if (!Files.isRegularFile(webXml)) {
            throw new IllegalStateException("no examples web application in " + tomcatHome + ": run the tests with 'mvn verify'");
        }
        String original = Files.readString(webXml);
        int end = original.lastIndexOf("</web-app>");
        if (end < 0) {
            throw new IllegalStateException("not a web.xml: " + webXml);
        }
        String patched = original.substring(0, end) + Readme.block(WEB_XML_BLOCK) + original.substring(end);
        List<Path> jars;
        try (Stream<Path> s = Files.list(containers.resolve(libDir))) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("no jwtgate jars in " + containers.resolve(libDir));
        }
        Files.createDirectories(work);
        Path war = work.resolve("examples.war");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war)); Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = source.relativize(file).toString().replace('\\', '/');
                zip.putNextEntry(new ZipEntry(name));
                if (name.equals("WEB-INF/web.xml")) {
                    zip.write(patched.getBytes(StandardCharsets.UTF_8));
                } else {
                    Files.copy(file, zip);
                }
                zip.closeEntry();
            }
            for (Path jar : jars) {
                zip.putNextEntry(new ZipEntry("WEB-INF/lib/" + jar.getFileName()));
                Files.copy(jar, zip);
                zip.closeEntry();
            }
        }
        return war;
    }

    /** The file names in {@code WEB-INF/lib} of {@code war}, sorted. */
    static List<String> libJars(Path war) throws IOException {
        try (ZipFile zip = new ZipFile(war.toFile())) {
            return zip.stream().map(ZipEntry::getName).filter(n -> n.startsWith("WEB-INF/lib/") && n.endsWith(".jar"))
                    .map(n -> n.substring("WEB-INF/lib/".length())).sorted().toList();
        }
    }

    /** The jars the examples webapp ships in its own {@code WEB-INF/lib}, sorted. */
    static List<String> ownJars(Path tomcatHome) throws IOException {
        Path lib = tomcatHome.resolve("webapps").resolve("examples").resolve("WEB-INF").resolve("lib");
        if (!Files.isDirectory(lib)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(lib)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
