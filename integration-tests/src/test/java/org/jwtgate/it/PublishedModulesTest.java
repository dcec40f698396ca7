package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The reactor's published modules (those that do not set {@code jwtgate.unpublished}) against jwtgate-bom, the
 * release bundle and the metadata Central requires: the BOM has the reactor's version and manages exactly the
 * published jar modules, the release bundle copies each of them, and every published POM has a name and a
 * description (url, licenses, developers and scm come from the parent, which has them all).
 */
class PublishedModulesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static Document pom(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    /** The text of the direct child {@code name} of {@code parent}, or null. */
    private static String child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().strip();
            }
        }
        return null;
    }

    private static Element childElement(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<String> modules() throws Exception {
        NodeList list = pom(ROOT.resolve("pom.xml")).getElementsByTagName("module");
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            modules.add(list.item(i).getTextContent().strip());
        }
        return modules;
    }

    private static boolean published(Element project) {
        Element props = childElement(project, "properties");
        return props == null || !"true".equals(child(props, "jwtgate.unpublished"));
    }

    /** artifactIds of the published modules of packaging jar. */
    private static Set<String> publishedJars() throws Exception {
        Set<String> jars = new TreeSet<>();
        for (String module : modules()) {
            Element project = pom(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement();
            String packaging = child(project, "packaging");
            if (published(project) && (packaging == null || packaging.equals("jar"))) {
                jars.add(child(project, "artifactId"));
            }
        }
        return jars;
    }

    @Test
    void theBomHasTheReactorsVersionAndManagesEveryPublishedJar() throws Exception {
        Element root = pom(ROOT.resolve("pom.xml")).getDocumentElement();
        Element bom = pom(ROOT.resolve("bom").resolve("pom.xml")).getDocumentElement();
        assertEquals(child(root, "version"), child(bom, "version"));
        assertEquals(null, childElement(bom, "parent"), "a BOM with jwtgate-parent would manage its test libraries too");
        Set<String> managed = new TreeSet<>();
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            assertEquals("org.jwtgate", child(d, "groupId"));
            assertEquals("${project.version}", child(d, "version"));
            managed.add(child(d, "artifactId"));
        }
        assertEquals(publishedJars(), managed);
        assertFalse(managed.contains("jwtgate-testing"));
        assertTrue(managed.containsAll(Set.of("jwtgate-core", "jwtgate-filter", "jwtgate-webapp")), managed.toString());
    }

    @Test
    void theReleaseBundleCopiesEveryPublishedArtifact() throws Exception {
        String bundle = Files.readString(ROOT.resolve("release-bundle").resolve("pom.xml"));
        Set<String> expected = new TreeSet<>(publishedJars());
        expected.add("jwtgate-parent");
        expected.add("jwtgate-bom");
        for (String artifact : expected) {
            List<String> kinds = new ArrayList<>();
            Matcher m = Pattern.compile("<artifactItem><groupId>org\\.jwtgate</groupId><artifactId>" + Pattern.quote(artifact)
                    + "</artifactId><version>\\$\\{project\\.version\\}</version><type>(\\w+)</type>(?:<classifier>(\\w+)</classifier>)?")
                    .matcher(bundle);
            while (m.find()) {
                kinds.add(m.group(1) + (m.group(2) == null ? "" : "-" + m.group(2)));
            }
            boolean jar = !artifact.equals("jwtgate-parent") && !artifact.equals("jwtgate-bom");
            assertEquals(jar ? List.of("pom", "jar", "jar-sources", "jar-javadoc") : List.of("pom"), kinds, artifact);
        }
    }

    @Test
    void everyPublishedPomHasTheMetadataCentralRequires() throws Exception {
        Element root = pom(ROOT.resolve("pom.xml")).getDocumentElement();
        Element bom = pom(ROOT.resolve("bom").resolve("pom.xml")).getDocumentElement();
        for (Element parentLike : List.of(root, bom)) {
            for (String element : List.of("name", "description", "url")) {
                assertFalse(child(parentLike, element) == null || child(parentLike, element).isEmpty(), element);
            }
            for (String element : List.of("licenses", "developers", "scm")) {
                assertTrue(childElement(parentLike, element) != null, child(parentLike, "artifactId") + " " + element);
            }
            assertTrue(childElement(parentLike, "licenses").getTextContent().contains("Apache-2.0"));
        }
        for (String module : modules()) {
            Element project = pom(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement();
            if (published(project)) {
                for (String element : List.of("name", "description")) {
                    String text = child(project, element);
                    assertFalse(text == null || text.isEmpty(), module + " has no " + element);
                }
            }
        }
        assertTrue(Files.readString(ROOT.resolve("LICENSE")).contains("Apache License\n                           Version 2.0, January 2004"));
        String notice = Files.readString(ROOT.resolve("NOTICE"));
        String rootPom = Files.readString(ROOT.resolve("pom.xml"));
        for (String version : List.of("jose4j", "slf4j")) {
            Matcher m = Pattern.compile("<" + version + "\\.version>([^<]+)</").matcher(rootPom);
            assertTrue(m.find(), version);
            assertTrue(notice.contains(" " + m.group(1) + " "), "NOTICE names the bundled " + version + " " + m.group(1));
        }
    }
}
