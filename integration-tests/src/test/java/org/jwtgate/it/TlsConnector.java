package org.jwtgate.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTPS connector for the launchers, given through environment variables: {@code IT_TLS_PORT},
 * {@code IT_TLS_KEYSTORE} (PKCS12, the server's key and chain), {@code IT_TLS_TRUSTSTORE} (PKCS12, the
 * authorities of client certificates) and {@code IT_TLS_PASSWORD} (of both). Client certificates are asked
 * for, not required (client auth "want").
 */
record TlsConnector(int port, String keyStore, String trustStore, String password) {
    /** The alias of the server's key in its key store ({@code TestCertificates.Issued#keyStore}). */
    static final String ALIAS = "key";

    /** The connector the environment describes, or null when it describes none. */
    static TlsConnector fromEnvironment() {
        return from(System.getenv());
    }

    /** The connector {@code env} describes, or null when it describes none. */
    static TlsConnector from(Map<String, String> env) {
        String port = env.get("IT_TLS_PORT");
        return port == null ? null : new TlsConnector(Integer.parseInt(port), env.get("IT_TLS_KEYSTORE"),
                env.get("IT_TLS_TRUSTSTORE"), env.get("IT_TLS_PASSWORD"));
    }

    /**
     * Whether {@link Container#start} gives {@code kind} this connector when its environment describes one: the
     * embedded Jetty 12 and Tomcat launchers, the Tomcat distributions (a connector in server.xml as
     * docs/sender-constrained.md describes it), Payara Micro and Payara Server (their HTTPS listener).
     */
    static boolean served(Container.Kind kind) {
        return switch (kind) {
            case JETTY_12, TOMCAT_11, TOMCAT_10_1, TOMCAT_11_DIST, TOMCAT_10_1_DIST, PAYARA_MICRO_6, PAYARA_SERVER_6 -> true;
            default -> false;
        };
    }

    /** Writes the stores to {@code dir} and returns the variables that describe this connector for a launcher. */
    static Map<String, String> environment(int port, KeyStore keys, KeyStore trust, String password, Path dir) throws Exception {
        Path k = dir.resolve("server.p12");
        Path t = dir.resolve("trust.p12");
        try (var out = Files.newOutputStream(k)) {
            keys.store(out, password.toCharArray());
        }
        try (var out = Files.newOutputStream(t)) {
            trust.store(out, password.toCharArray());
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("IT_TLS_PORT", Integer.toString(port));
        env.put("IT_TLS_KEYSTORE", k.toString());
        env.put("IT_TLS_TRUSTSTORE", t.toString());
        env.put("IT_TLS_PASSWORD", password);
        return env;
    }
}
