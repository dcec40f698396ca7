package org.jwtgate.authentication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On Jetty the module is asked only about constrained resources (and, lazily, about others when the
 * application asks who the caller is), so {@code mode=required} could not keep a token-less request off an
 * unconstrained resource there: the application must not deploy rather than serve it.
 */
class JettyEe11ModeRequiredTest {
    @TempDir
    Path webapps;

    @Test
    void modeRequiredDoesNotDeployOnJetty() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("jwtgate.issuers", "https://idp.example.com");
        params.put("jwtgate.audiences", "api");
        params.put("jwtgate.mode", "required");
        Path app = new Descriptor().contextParams(params).listener(JwtGateAuthentication.class)
                .servlet("who", WhoServlet.class.getName(), Map.of(), "/public/*")
                .writeTo(webapps.resolve("required"));
        JettyEe11Container container = new JettyEe11Container(Set.of("/required"));
        try {
            Exception e = assertThrows(Exception.class, () -> container.start(Map.of("/required", app)));
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof IllegalStateException)) {
                cause = cause.getCause();
            }
            assertEquals(IllegalStateException.class, cause.getClass(), String.valueOf(e));
            assertTrue(cause.getMessage().startsWith("jwtgate: mode=required cannot hold on Jetty"), cause.getMessage());
        } finally {
            container.close();
        }
    }
}
