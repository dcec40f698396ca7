package org.jwtgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jwtgate.JwtGate;
import org.jwtgate.config.GateConfig;
import org.jwtgate.testing.LocalIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration problem stops deployment with a message naming the parameter. */
class DeploymentTest {
    @TempDir
    Path dir;

    static LocalIssuer issuer;

    @BeforeAll
    static void startIssuer() {
        issuer = LocalIssuer.start();
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    private static Map<String, String> valid() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("issuers", issuer.issuer());
        params.put("audiences", "api");
        return params;
    }

    /** Deploys the web.xml on a server without connectors; returns the startup failure, or null. */
    private Throwable deploy(WebXml webXml) throws Exception {
        return TestServer.deploy(webXml, dir);
    }

    private String failureMessage(WebXml webXml) throws Exception {
        Throwable failure = deploy(webXml);
        assertNotNull(failure, "deployment should fail");
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    private static WebXml app(Map<String, String> params) {
        return new WebXml().filter(params).servlet("echo", EchoServlet.class, "/*");
    }

    @Test
    void validConfigurationDeploys() throws Exception {
        assertEquals(null, deploy(app(valid())));
    }

    @Test
    void unknownInitParamFailsDeployment() throws Exception {
        Map<String, String> params = valid();
        params.put("issuer", issuer.issuer());
        assertTrue(failureMessage(app(params)).contains("parameter 'issuer': unknown parameter"));
    }

    @Test
    void nonBooleanEnabledFailsDeployment() throws Exception {
        Map<String, String> params = valid();
        params.put("enabled", "ture");
        String message = failureMessage(app(params));
        assertTrue(message.contains("parameter 'enabled'"), message);
        assertTrue(message.contains("'ture'"), message);
    }

    @Test
    void plainHttpIssuerOnNonLoopbackHostFailsDeployment() throws Exception {
        Map<String, String> params = valid();
        params.put("issuers", "http://example.com");
        String message = failureMessage(app(params));
        assertTrue(message.contains("parameter 'issuers'"), message);
        assertTrue(message.contains("http://example.com"), message);
    }

    @Test
    void missingAudiencesFailsDeployment() throws Exception {
        Map<String, String> params = valid();
        params.remove("audiences");
        assertTrue(failureMessage(app(params)).contains("parameter 'audiences'"));
    }

    @Test
    void unknownJwtgateContextParamFailsDeploymentNamingIt() throws Exception {
        String message = failureMessage(app(valid()).contextParam("jwtgate.bogus", "1"));
        assertTrue(message.contains("parameter 'bogus'"), message);
        assertTrue(message.contains("context-param 'jwtgate.bogus'"), message);
    }

    @Test
    void contextParamsWithoutPrefixAreIgnored() throws Exception {
        assertEquals(null, deploy(app(valid()).contextParam("enabled", "ture")));
    }

    @Test
    void initParamTakesPrecedenceOverContextParam() throws Exception {
        Map<String, String> params = valid();
        params.put("enabled", "true");
        // The context-param is invalid; it is never parsed because the init-param wins.
        assertEquals(null, deploy(app(params).contextParam("jwtgate.enabled", "ture")));
    }

    @Test
    void programmaticFilterIgnoresInitParams() throws Exception {
        GateConfig config = GateConfig.builder().issuer(issuer.issuer()).audiences("api").build();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder holder = new FilterHolder(new JwtGateFilter(config));
        holder.setInitParameter("bogus", "ignored");
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(EchoServlet.class, "/*");
        server.setHandler(context);
        server.start();
        try {
            assertTrue(context.isAvailable());
            var base = java.net.URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/x");
            var noToken = TestServer.send(java.net.http.HttpRequest.newBuilder(base));
            assertEquals(401, noToken.statusCode());
            var ok = TestServer.send(java.net.http.HttpRequest.newBuilder(base).header("Authorization",
                    "Bearer " + issuer.minter().subject("dave").audience("api").sign()));
            assertEquals(200, ok.statusCode(), ok.body());
        } finally {
            server.stop();
        }
    }

    @Test
    void suppliedGateIsNotClosedOnDestroy() throws Exception {
        GateConfig config = GateConfig.builder().issuer(issuer.issuer()).audiences("api").build();
        try (JwtGate gate = JwtGate.createWithoutBackgroundRefresh(config)) {
            JwtGateFilter filter = new JwtGateFilter(gate);
            filter.init(null);
            filter.destroy();
            // Still usable after the filter is gone: the owner closes it.
            assertFalse(gate.validate(issuer.minter().subject("erin").audience("api").sign())
                    instanceof org.jwtgate.Outcome.Rejected);
        }
    }

    @Test
    void queryStringIsParsedWithoutTheContainer() {
        assertEquals(List.of("a b", "c+d", ""), ServletBearerRequest.queryValues(
                "access_token=a+b&x=1&access%5Ftoken=c%2Bd&access_token", "access_token"));
        assertEquals(List.of("%zz"), ServletBearerRequest.queryValues("access_token=%zz", "access_token"));
        assertEquals(List.of(), ServletBearerRequest.queryValues(null, "access_token"));
        assertEquals(List.of(), ServletBearerRequest.queryValues("&&x=1", "access_token"));
    }
}
