package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Killing and restarting the demo keeps the tenants' keys: the JWKS is identical before and after. */
class RestartKeepsKeysIT {
    private final HttpClient http = HttpClient.newHttpClient();

    private String jwks(Container c, String tenant) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(c.uri("/t/" + tenant + "/oauth2/jwks"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    @Test
    void jwksIsIdenticalAfterAKillAndRestart() throws Exception {
        Path data = Files.createTempDirectory(Path.of(System.getProperty("jwtgate.it.containers", "target")), "restart-data");
        String acme;
        String globex;
        Container first = Container.start(Container.Kind.JETTY_12, Map.of(), data);
        try {
            acme = jwks(first, "acme");
            globex = jwks(first, "globex");
        } finally {
            first.kill(); // kill -9: the keys must already be safely on disk
        }
        try (Container second = Container.start(Container.Kind.JETTY_12, Map.of(), data)) {
            assertEquals(acme, jwks(second, "acme"));
            assertEquals(globex, jwks(second, "globex"));
        }
    }
}
