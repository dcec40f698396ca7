package org.jwtgate.config;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jwtgate.keys.PublisherParameters;
import org.junit.jupiter.api.Test;

/**
 * The configurations the filter and the JWKS servlet log at startup ({@code toString}) never show a
 * secret, wherever it came from (a placeholder included).
 */
class SecretsNeverShownTest {
    private static final Placeholders SECRETS = new Placeholders(
            n -> n.equals("JWTGATE_SECRET") ? "s3cr3t-from-env" : null, n -> null);

    @Test
    void theFiltersConfigurationHidesCredentialsAndPasswords() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("issuers", "https://idp.example.com");
        m.put("audiences", "api");
        m.put("jwks-authorization", "Basic ${prop-or-env:JWTGATE_SECRET}");
        m.put("jwks-trust-store", "/etc/jwtgate/truststore.p12");
        m.put("jwks-trust-store-password", "trust-s3cr3t");
        String shown = Parameters.parse(m, SECRETS).build().toString();
        for (String secret : List.of("s3cr3t-from-env", "trust-s3cr3t")) {
            assertFalse(shown.contains(secret), shown);
        }
    }

    @Test
    void thePublishersConfigurationHidesPasswordsKeysAndTheJdbcUrlsCredentials() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("store", "jdbc");
        m.put("jdbc-url", "jdbc:postgresql://db.example.com/orders?user=app&password=url-s3cr3t");
        m.put("jdbc-password", "${prop-or-env:JWTGATE_SECRET}");
        m.put("key-encryption-keys", "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        m.put("issuer", "https://auth.example.com/t/{tenant}");
        String shown = PublisherParameters.parse(m, SECRETS).build().toString();
        for (String secret : List.of("url-s3cr3t", "s3cr3t-from-env", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")) {
            assertFalse(shown.contains(secret), shown);
        }
        Map<String, String> managed = new LinkedHashMap<>();
        managed.put("key-directory", "/var/lib/keys");
        managed.put("key-password", "${prop-or-env:JWTGATE_SECRET}");
        managed.put("issuer", "https://auth.example.com/t/{tenant}");
        String shownManaged = PublisherParameters.parse(managed, SECRETS).build().toString();
        assertFalse(shownManaged.contains("s3cr3t-from-env"), shownManaged);
    }
}
