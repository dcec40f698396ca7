package org.jwtgate.authentication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jwtgate.testing.LocalIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On Jetty the module is asked only about constrained resources (and, lazily, about others when the
 * application asks who the caller is), so the listener adds the filter over the module's engine there:
 * {@code mode=required} then holds on an unconstrained resource as on Tomcat. Before the filter, the
 * application did not deploy (the listener refused {@code mode=required} on Jetty), so this failed.
 */
class JettyEe11ModeRequiredTest {
    @TempDir
    Path webapps;

    @Test
    void modeRequiredKeepsTokenlessRequestsOffUnconstrainedResourcesOnJetty() throws Exception {
        try (LocalIssuer issuer = LocalIssuer.start()) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("jwtgate.issuers", issuer.issuer() + "|" + issuer.jwksUri());
            params.put("jwtgate.audiences", "api");
            params.put("jwtgate.realm", "r");
            params.put("jwtgate.mode", "required");
            Path app = new Descriptor().contextParams(params).listener(JwtGateAuthentication.class)
                    .servlet("who", WhoServlet.class.getName(), Map.of(), "/public/*")
                    .writeTo(webapps.resolve("required"));
            JettyEe11Container container = new JettyEe11Container(Set.of("/required"));
            try {
                container.start(Map.of("/required", app));
                HttpResponse<String> none = Http.get(container.uri("/required/public/who"), null);
                assertEquals(401, none.statusCode(), none.body());
                assertEquals(List.of("Bearer realm=\"r\""), none.headers().allValues("WWW-Authenticate"));
                assertEquals(ContainerSecurityContract.NO_CREDENTIALS_BODY, none.body());

                String alice = issuer.minter().subject("alice").audience("api").groups("admin").sign();
                HttpResponse<String> valid = Http.get(container.uri("/required/public/who"), alice);
                assertEquals(200, valid.statusCode(), valid.body());
                assertTrue(valid.body().startsWith("user=alice|admin=true|"), valid.body());
            } finally {
                container.close();
            }
        }
    }
}
