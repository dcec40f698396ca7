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
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;

/**
 * README's {@code asadmin create-jvm-options} block configures the sample on Payara Server with no
 * environment at all: the sample's {@code ${prop-or-env:…}} placeholders read the JVM options (the key
 * password through a password alias), and each option takes effect.
 */
class PayaraServerJvmOptionsIT {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theSampleConfiguredOnlyByJvmOptionsDeploysAndAppliesThem() throws Exception {
        Path data = Files.createTempDirectory(Files.createDirectories(Container.containers().resolve("work")), "jvm-options-data-");
        long t0 = System.nanoTime();
        try (Container c = PayaraServer.shared().startWithJvmOptions(Container.Webapp.SAMPLE, data,
                List.of("-DJWTGATE_DEMO_TOKENS=true", "-DJWTGATE_PRINCIPAL_CLAIM=client_id"))) {
            System.out.println("PAYARA_SERVER_6 configured by JVM options and ready in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            // JWTGATE_DEMO_TOKENS: the demo endpoint is on; the token's issuer is JWTGATE_PUBLIC_URL's tenant
            HttpResponse<String> minted = http.send(HttpRequest.newBuilder(c.uri("/demo/token")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("tenant=acme&subject=carol&roles=staff&scope=orders:read")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, minted.statusCode(), minted.body());
            // JWTGATE_ISSUERS trusts it; JWTGATE_PRINCIPAL_CLAIM names the caller by client_id, not sub
            HttpResponse<String> who = http.send(HttpRequest.newBuilder(c.uri("/api/whoami")).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + minted.body()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, who.statusCode(), who.body() + "\n" + c.tail());
            Map<String, Object> json = JsonUtil.parseJson(who.body());
            assertEquals("jwtgate-demo", json.get("user"), "the principal claim set by a JVM option: " + who.body());
            assertEquals(c.base() + "/t/acme", ((Map<?, ?>) json.get("claims")).get("iss"));
            // JWTGATE_DATA_DIR holds the tenant's key file, which JWTGATE_KEY_PASSWORD (the alias) opened
            assertTrue(Files.isRegularFile(data.resolve("keys/acme.p12")), "the key file in the data directory of the JVM option");
            assertFalse(c.output().contains(Container.KEY_PASSWORD), "the key password is never logged");
        }
    }
}
