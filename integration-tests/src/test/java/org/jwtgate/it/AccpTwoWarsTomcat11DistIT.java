package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;

/**
 * What really happens on the Tomcat 11 distribution when two applications each carry the Amazon Corretto Crypto
 * Provider in their own {@code WEB-INF/lib} (none in the server's {@code lib/}), {@code crypto-provider=auto}:
 * the first deployed registers its ACCP and verifies with it; the second loads its own copy (its native library
 * too) but finds the first's registered under the same name, from a class loader it cannot see, and falls back
 * to the JDK's providers with one WARNING line per engine that says to put the jar in the server's {@code lib/};
 * both answer a valid ES256 token with 200 and a bad signature with 401. After the first is undeployed (its
 * engines close and take out the ACCP they registered) and deployed again, it registers and uses ACCP anew, and
 * the second, unchanged, still answers on the JDK's providers.
 */
class AccpTwoWarsTomcat11DistIT {
    private static final String AUDIENCE = "sample-api";
    private static final String FALLBACK = "is registered from another class loader";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The sample WAR at {@code /name} with ACCP's jar added to its WEB-INF/lib. */
    static Container.Webapp sampleWithAccp(String name) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Container.containers().resolve("work")), "accp-war-");
        Path war = dir.resolve(name + ".war");
        Path accp = AccpTomcat11DistIT.accpJar();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(Container.Webapp.SAMPLE.file()));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(war))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                out.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("WEB-INF/lib/" + accp.getFileName()));
            try (InputStream j = Files.newInputStream(accp)) {
                j.transferTo(out);
            }
            out.closeEntry();
        }
        return new Container.Webapp(war.toString(), "/" + name, "/health");
    }

    /** jwtgate's startup lines of its engines (filter, JWKS servlet) in {@code log}. */
    private static List<String> engineLines(String log) {
        return log.lines().filter(l -> l.contains("jwtgate: signatures")).toList();
    }

    @Test
    void twoApplicationsWithAccpInWebInfLibTheFirstUsesItTheSecondFallsBackCleanlyAndRedeployWorks() throws Exception {
        Container.Webapp one = sampleWithAccp("one");
        Container.Webapp two = sampleWithAccp("two");
        try (LocalIssuer idp = LocalIssuer.start("realms/demo", TestKeys.ec("P-256"));
                Container c = TomcatDistribution.of(Container.Kind.TOMCAT_11_DIST).start(List.of(one), List.of(), Map.of(
                        "JWTGATE_ISSUERS", idp.issuer(),
                        "JWTGATE_AUDIENCES", AUDIENCE,
                        "JWTGATE_TOKEN_CACHE", "false"), null, true)) {
            TokenMinter minter = idp.minter().audience(AUDIENCE).subject("alice");
            URI oneBase = c.uri("");
            URI twoBase = URI.create(oneBase.toString().replaceFirst("/one$", "/two"));

            // 1. The first application alone: its own ACCP, registered by it, verifies.
            String log = c.output();
            List<String> first = engineLines(log);
            assertFalse(first.isEmpty(), c.tail());
            for (String line : first) {
                assertTrue(line.contains("by AmazonCorrettoCryptoProvider 2.5.0"), line);
            }
            answersCorrectly(oneBase, minter, c);

            // 2. The second, deployed beside it: its own copy of ACCP loads, but the name is taken.
            int mark = log.length();
            String deployed = c.manager().command("deploy?path=/two&war=" + Path.of(two.war()).toUri());
            assertTrue(deployed.startsWith("OK"), deployed + "\n" + c.tail());
            String second = c.output().substring(mark);
            List<String> secondLines = engineLines(second);
            assertEquals(first.size(), secondLines.size(), "one line per engine, as in the first:\n" + second);
            for (String line : secondLines) {
                assertTrue(line.contains("WARNING") && line.contains("by the JDK's default providers (crypto-provider=auto: the "
                        + "Amazon Corretto Crypto Provider " + FALLBACK) && line.contains("server's lib/"), line);
            }
            assertEquals(secondLines.size(), second.lines().filter(l -> l.contains(FALLBACK)).count(),
                    "nothing else about it:\n" + second);
            assertFalse(second.contains("Exception") || second.contains("SEVERE") || second.contains("UnsatisfiedLinkError"),
                    second);
            answersCorrectly(twoBase, minter, c);
            answersCorrectly(oneBase, minter, c);

            // 3. The first undeployed and deployed again: it registers ACCP anew; the second goes on unchanged.
            String undeployed = c.manager().command("undeploy?path=/one");
            assertTrue(undeployed.startsWith("OK"), undeployed);
            answersCorrectly(twoBase, minter, c);
            mark = c.output().length();
            deployed = c.manager().command("deploy?path=/one&war=" + Path.of(one.war()).toUri());
            assertTrue(deployed.startsWith("OK"), deployed + "\n" + c.tail());
            String again = c.output().substring(mark);
            List<String> againLines = engineLines(again);
            assertEquals(first.size(), againLines.size(), again);
            for (String line : againLines) {
                assertTrue(line.contains("by AmazonCorrettoCryptoProvider 2.5.0"), line);
            }
            assertFalse(again.contains("Exception") || again.contains("SEVERE"), again);
            answersCorrectly(oneBase, minter, c);
            answersCorrectly(twoBase, minter, c);
        }
    }

    /** A valid ES256 token: 200; the same with one signature bit flipped: 401. */
    private void answersCorrectly(URI base, TokenMinter minter, Container c) throws Exception {
        String token = minter.sign();
        HttpResponse<String> ok = ping(base, token);
        assertEquals(200, ok.statusCode(), base + ": " + ok.body() + "\n" + c.tail());
        assertEquals(401, ping(base, TokenMinter.flipSignatureBit(token)).statusCode(), base + "\n" + c.tail());
    }

    private HttpResponse<String> ping(URI base, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/ping")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}
