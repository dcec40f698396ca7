package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;

/**
 * The sample WAR on the Tomcat 11 distribution with the Amazon Corretto Crypto Provider's jar in the
 * server's {@code lib/} (README "Faster signatures"), {@code JWTGATE_CRYPTO_PROVIDER=accp} and the token
 * cache off: every engine of the application says in its startup line that ACCP verifies (the JWKS servlet: that
 * it signs), a valid ES256
 * token is accepted and the same token with a zero byte appended to its signature is refused.
 */
class AccpTomcat11DistIT {
    private static final String AUDIENCE = "sample-api";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Path accpJar() throws Exception {
        try (Stream<Path> jars = Files.list(Container.containers().resolve("accp"))) {
            return jars.filter(p -> p.getFileName().toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no ACCP jar: run the tests with 'mvn verify'"));
        }
    }

    @Test
    void theSampleVerifiesWithAccpFromTheServersLib() throws Exception {
        try (LocalIssuer idp = LocalIssuer.start("realms/demo", TestKeys.ec("P-256"));
                Container c = TomcatDistribution.of(Container.Kind.TOMCAT_11_DIST).start(List.of(Container.Webapp.SAMPLE),
                        List.of(accpJar()), Map.of(
                        "JWTGATE_ISSUERS", idp.issuer(),
                        "JWTGATE_AUDIENCES", AUDIENCE,
                        "JWTGATE_CRYPTO_PROVIDER", "accp",
                        "JWTGATE_TOKEN_CACHE", "false"), null, true)) {
            String token = idp.minter().audience(AUDIENCE).subject("alice").sign();
            HttpResponse<String> ok = ping(c, token);
            assertEquals(200, ok.statusCode(), ok.body() + "\n" + c.tail());
            int dot = token.lastIndexOf('.');
            byte[] sig = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            String longer = token.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Arrays.copyOf(sig, sig.length + 1));
            assertEquals(401, ping(c, longer).statusCode());
            List<String> lines = c.output().lines().filter(l -> l.contains("jwtgate: signatures")).toList();
            assertFalse(lines.isEmpty(), c.tail());
            for (String line : lines) {
                assertTrue(line.contains("by AmazonCorrettoCryptoProvider 2.5.0"), line);
            }
            assertTrue(lines.stream().anyMatch(l -> l.contains(" verified by ")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains(" made by ")), "the JWKS servlet signs with it too: " + lines);
            assertFalse(c.output().contains("another class loader"), c.tail());
        }
    }

    private HttpResponse<String> ping(Container c, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(c.uri("/api/ping")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}
