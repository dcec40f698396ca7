package org.jwtgate.jwks;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.Parameters;

/** Builds the TLS socket factory of the configured trust store, at startup. */
public final class TrustStores {
    private TrustStores() {
    }

    /** Empty when no trust store is configured (the JVM default applies). */
    public static Optional<SSLSocketFactory> socketFactory(GateConfig config) {
        if (config.jwksTrustStore().isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(config.jwksTrustStore().get())) {
            KeyStore ks = KeyStore.getInstance(config.jwksTrustStoreType());
            char[] password = config.jwksTrustStorePassword().map(String::toCharArray).orElse(null);
            ks.load(in, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return Optional.of(ctx.getSocketFactory());
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new ConfigException(Parameters.JWKS_TRUST_STORE, "'" + config.jwksTrustStore().get()
                    + "' cannot be read as a " + config.jwksTrustStoreType() + " trust store ("
                    + e.getClass().getSimpleName() + "); check the path, type and password");
        }
    }
}
