package org.jwtgate.authentication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.security.auth.message.config.AuthConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jwtgate.testing.LocalIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener's life cycle on embedded Tomcat 11: registration per application, removal on undeploy, bad configuration. */
class TomcatDeploymentTest {
    @TempDir
    Path webapps;

    @Test
    void registersForItsOwnApplicationOnlyAndUnregistersOnUndeploy() throws Exception {
        try (LocalIssuer issuer = LocalIssuer.start()) {
            Path app = new Descriptor()
                    .contextParams(Map.of("jwtgate.issuers", issuer.issuer() + "|" + issuer.jwksUri(), "jwtgate.audiences", "api"))
                    .listener(JwtGateAuthentication.class)
                    .writeTo(webapps.resolve("app"));
            Path other = new Descriptor().writeTo(webapps.resolve("other"));
            TomcatContainer tomcat = new TomcatContainer();
            try {
                tomcat.start(Map.of("/app", app, "/other", other));
                AuthConfigFactory factory = AuthConfigFactory.getFactory();
                assertNotNull(factory.getConfigProvider("HttpServlet", "Tomcat/localhost /app", null));
                assertNull(factory.getConfigProvider("HttpServlet", "Tomcat/localhost /other", null));
            } finally {
                tomcat.close();
            }
            assertNull(AuthConfigFactory.getFactory().getConfigProvider("HttpServlet", "Tomcat/localhost /app", null));
        }
    }

    @Test
    void badSharedParameterStopsDeploymentWithOneLineNamingItThoughTwoListenersCheckIt() throws Exception {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        // every jwtgate logger: JwtGateListener (registered by the filter jar's initializer) checks the same
        // context-params, and Tomcat calls every listener even after one has thrown
        Logger logger = Logger.getLogger("org.jwtgate");
        logger.addHandler(capture);
        Path app = new Descriptor()
                .contextParams(Map.of("jwtgate.issuers", "https://idp.example.com", "jwtgate.audiences", "api",
                        "jwtgate.enabled", "ture"))
                .listener(JwtGateAuthentication.class)
                .writeTo(webapps.resolve("broken"));
        TomcatContainer tomcat = new TomcatContainer();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tomcat.start(Map.of("/broken", app)));
            assertTrue(e.getMessage().contains("did not start"), e.getMessage());
        } finally {
            tomcat.close();
            logger.removeHandler(capture);
        }
        List<String> errors = records.stream().filter(r -> r.getLevel() == Level.SEVERE).map(LogRecord::getMessage).toList();
        assertEquals(1, errors.size(), "one line for one bad context-param: " + errors);
        assertTrue(errors.get(0).contains("'enabled'") && errors.get(0).contains("context-param 'jwtgate.enabled'")
                && errors.get(0).contains("will not deploy"), errors.get(0));
        assertNull(AuthConfigFactory.getFactory().getConfigProvider("HttpServlet", "Tomcat/localhost /broken", null));
    }
}
