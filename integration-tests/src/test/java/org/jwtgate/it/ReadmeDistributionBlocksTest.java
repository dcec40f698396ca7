package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's tested blocks, without a server: each one is used by a distribution test, the setenv.sh
 * blocks give what they promise when a shell runs them, and the Payara blocks bind every listener to
 * the loopback interface. (The distribution tests themselves run the same blocks on the servers.)
 */
class ReadmeDistributionBlocksTest {
    @TempDir
    Path base;

    @Test
    void everyTestedBlockIsOneTheTestsRun() throws Exception {
        Set<String> inReadme = new TreeSet<>();
        for (Path file : Readme.files()) {
            Matcher m = Pattern.compile("<!-- tested: ([a-z0-9-]+) -->").matcher(Files.readString(file));
            while (m.find()) {
                inReadme.add(m.group(1));
            }
        }
        assertEquals(new TreeSet<>(Set.of(TomcatDistribution.SETENV_BLOCK, TomcatDistribution.TRY_IT_BLOCK,
                PayaraServer.ENV_BLOCK, PayaraServer.LOOPBACK_BLOCK, PayaraServer.LOOPBACK_ONCE_BLOCK,
                TomcatExamples.WEB_XML_BLOCK, JettyEe11Launcher.CONTEXT_XML_BLOCK, JdbcFailedDeploymentContract.TOMCAT_CONTEXT_BLOCK,
                JdbcFailedDeploymentContract.PAYARA_RESOURCES_BLOCK, PayaraServer.JVM_OPTIONS_BLOCK)), inReadme);
    }

    @Test
    void examplesWebXmlBlockIsWellFormedInsideAWebApp() throws Exception {
        String webXml = "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n"
                + Readme.block(TomcatExamples.WEB_XML_BLOCK) + "</web-app>\n";
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        org.w3c.dom.Document doc = factory.newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(webXml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("org.jwtgate.authentication.JwtGateAuthentication",
                doc.getElementsByTagNameNS("*", "listener-class").item(0).getTextContent().strip());
    }

    private Map<String, String> run(String block, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-euc", block + "\nenv\n");
        pb.environment().keySet().removeIf(k -> k.startsWith("JWTGATE_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes()));
        Map<String, String> result = new LinkedHashMap<>();
        out.lines().filter(l -> l.startsWith("JWTGATE_")).forEach(l -> result.put(l.substring(0, l.indexOf('=')),
                l.substring(l.indexOf('=') + 1)));
        return result;
    }

    @Test
    void tomcatProductionBlockReadsThePasswordFileAndLeavesDemoTokensOff() throws Exception {
        Files.createDirectories(base.resolve("conf"));
        Files.writeString(base.resolve("conf/jwtgate-key-password"), "s3cret\n");
        String url = "http://127.0.0.1:1234/sample";
        Map<String, String> env = run(TomcatDistribution.setenv(Map.of(), url, null), Map.of("CATALINA_BASE", base.toString()));
        assertEquals(url, env.get("JWTGATE_PUBLIC_URL"));
        assertEquals(url + "/t/acme " + url + "/t/globex", env.get("JWTGATE_ISSUERS"));
        assertEquals("s3cret", env.get("JWTGATE_KEY_PASSWORD"));
        assertTrue(Path.of(env.get("JWTGATE_DATA_DIR")).isAbsolute(), env.get("JWTGATE_DATA_DIR"));
        assertFalse(env.containsKey("JWTGATE_DEMO_TOKENS"));
    }

    @Test
    void tomcatTryItBlockTurnsDemoTokensOn() throws Exception {
        Files.createDirectories(base.resolve("conf"));
        Files.writeString(base.resolve("conf/jwtgate-key-password"), "s3cret");
        String url = "http://127.0.0.1:1234/sample";
        Map<String, String> env = run(Readme.block(TomcatDistribution.TRY_IT_BLOCK,
                Map.of(TomcatDistribution.TRY_IT_EXAMPLE_URL, url)), Map.of("CATALINA_BASE", base.toString()));
        assertEquals("true", env.get("JWTGATE_DEMO_TOKENS"));
        assertEquals(url, env.get("JWTGATE_PUBLIC_URL"));
        assertEquals("s3cret", env.get("JWTGATE_KEY_PASSWORD"));
    }

    @Test
    void payaraBlocksBindEveryListenerToLoopback() {
        String preboot = Readme.block(PayaraServer.LOOPBACK_BLOCK);
        for (String listener : new String[] {"network-listener.http-listener-1", "network-listener.http-listener-2",
                "network-listener.admin-listener", "iiop-listener.orb-listener-1", "iiop-listener.SSL.",
                "iiop-listener.SSL_MUTUALAUTH", "jmx-connector.system"}) {
            assertTrue(preboot.lines().anyMatch(l -> l.contains(listener) && l.endsWith(".address=127.0.0.1")), listener);
        }
        String once = Readme.block(PayaraServer.LOOPBACK_ONCE_BLOCK);
        assertTrue(once.contains("jms-host.default_JMS_host.host=127.0.0.1"), once);
        assertTrue(once.contains("set-hazelcast-configuration --enabled=false"), once);
    }
}
