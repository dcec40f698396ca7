package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;

/**
 * The sample WAR (jwtgate in its WEB-INF/lib, ACCP not) with the Amazon Corretto Crypto Provider's jar where
 * docs/performance.md "Faster signatures" tells an operator to put it on this server ({@link Container#start(
 * Container.Kind, Container.Webapp, Map, java.nio.file.Path, List)}), {@code JWTGATE_CRYPTO_PROVIDER=accp} and
 * the token cache off; the server started once: every startup line (the filter's engine verifying, the JWKS
 * servlet signing) names ACCP, a valid ES256 token gets 200 and a bad signature 401.
 */
abstract class AccpServerLibContract {
    private static final String AUDIENCE = "sample-api";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    abstract Container.Kind kind();

    @Test
    void theSampleVerifiesAndSignsWithAccpFromTheServersSharedLibraries() throws Exception {
        try (LocalIssuer idp = LocalIssuer.start("realms/demo", TestKeys.ec("P-256"));
                Container c = Container.start(kind(), Container.Webapp.SAMPLE, Map.of(
                        "JWTGATE_ISSUERS", idp.issuer(),
                        "JWTGATE_AUDIENCES", AUDIENCE,
                        "JWTGATE_CRYPTO_PROVIDER", "accp",
                        "JWTGATE_TOKEN_CACHE", "false"), null, List.of(AccpTomcat11DistIT.accpJar()))) {
            String token = idp.minter().audience(AUDIENCE).subject("alice").sign();
            HttpResponse<String> ok = ping(c, token);
            assertEquals(200, ok.statusCode(), ok.body() + "\n" + c.tail());
            assertEquals(401, ping(c, TokenMinter.flipSignatureBit(token)).statusCode());
            List<String> lines = c.output().lines().filter(l -> l.contains("jwtgate: signatures")).toList();
            assertTrue(lines.stream().anyMatch(l -> l.contains(" verified by AmazonCorrettoCryptoProvider 2.5.0 (AWS-LC v")),
                    lines + "\n" + c.tail());
            assertTrue(lines.stream().anyMatch(l -> l.contains(" made by AmazonCorrettoCryptoProvider 2.5.0 (AWS-LC v")),
                    lines + "\n" + c.tail());
            for (String line : lines) {
                assertTrue(line.contains("by AmazonCorrettoCryptoProvider 2.5.0"), line);
            }
            assertFalse(c.output().contains("another class loader"), c.tail());
        }
    }

    private HttpResponse<String> ping(Container c, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(c.uri("/api/ping")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}
