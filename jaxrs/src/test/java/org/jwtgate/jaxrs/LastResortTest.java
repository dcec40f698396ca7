package org.jwtgate.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.DispatcherType;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.jwtgate.JwtGate;
import org.jwtgate.config.GateConfig;
import org.jwtgate.filter.EchoServlet;
import org.jwtgate.filter.JwtGateFilter;
import org.jwtgate.filter.TestServer;
import org.jwtgate.testing.LocalIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An engine that fails unexpectedly (its clock, a true collaborator, throws) behind the servlet filter
 * and the JAX-RS filter on a real Jetty: both adapters answer core's 500, the same bytes, never the
 * container's error page, and the log gets one line for a hundred requests. One subclass per runtime.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LastResortTest {
    private static final String FAILURE_TEXT = "clock-failure-text-that-must-not-be-logged";
    private static final String BODY =
            "{\"error\":\"server_error\",\"error_description\":\"The request could not be checked because of an internal error\"}";

    private final FailingClock clock = new FailingClock();
    private LocalIssuer issuer;
    private JwtGate gate;
    private TestServer server;
    private String token;

    /** The runtime under test. */
    abstract JaxrsRuntime runtime();

    @BeforeAll
    void start() throws Exception {
        issuer = LocalIssuer.start();
        gate = JwtGate.createWithoutBackgroundRefresh(GateConfig.builder().issuer(issuer.issuer(), issuer.jwksUri())
                .audiences("api").clock(clock).build());
        FailingEngineApplication.gate = gate;
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/lr");
        context.addFilter(new FilterHolder(new JwtGateFilter(gate)), "/servlet/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(EchoServlet.class, "/servlet/echo");
        ServletHolder jaxrs = new ServletHolder("jaxrs",
                Class.forName(runtime().servletClass()).asSubclass(jakarta.servlet.Servlet.class));
        jaxrs.setInitParameters(runtime().initParams(FailingEngineApplication.class, "/api"));
        context.addServlet(jaxrs, "/api/*");
        server = new TestServer().add(context).start();
        token = issuer.minter().subject("bob").audience("api").sign();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        gate.close();
        issuer.close();
    }

    private HttpResponse<String> get(String path) {
        return TestServer.send(server.request(path).header("Authorization", "Bearer " + token).GET());
    }

    @Test
    void anEngineFailureIsCoresFiveHundredFromEveryAdapterAndOneLogLinePerHundredRequests() {
        List<String> paths = List.of("/lr/servlet/echo", "/lr/api/orders");
        for (String path : paths) {
            assertEquals(200, get(path).statusCode(), path); // the token is good and now cached
        }
        clock.failing = true; // the cached token's next check reads the clock
        try (JulCapture log = new JulCapture()) {
            Map<String, String> first = null;
            for (int i = 0; i < 100; i++) {
                for (String path : paths) {
                    HttpResponse<String> r = get(path);
                    assertEquals(500, r.statusCode(), path);
                    assertEquals(BODY, r.body(), path);
                    assertEquals(List.of(), r.headers().allValues("WWW-Authenticate"), path);
                    Map<String, String> headers = headers(r);
                    if (first == null) {
                        first = headers;
                    }
                    assertEquals(first, headers, path + ": the same headers from every adapter");
                }
            }
            assertEquals("no-store", first.get("cache-control"));
            assertEquals("application/json;charset=utf-8", first.get("content-type").toLowerCase().replace(" ", ""));
            assertEquals(1, log.lines.size(), String.join("\n", log.lines));
            String line = log.lines.get(0);
            assertTrue(line.contains("internal error while checking a bearer token")
                    && line.contains("(java.lang.IllegalStateException)"), line);
            assertFalse(line.contains(FAILURE_TEXT), line);
            assertFalse(log.thrown, "no stack trace");
        } finally {
            clock.failing = false;
        }
    }

    private static Map<String, String> headers(HttpResponse<String> r) {
        Map<String, String> out = new TreeMap<>();
        r.headers().map().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("date")) {
                out.put(name.toLowerCase(), String.join(",", values));
            }
        });
        return out;
    }

    /** The system clock, until told to fail. */
    static final class FailingClock extends Clock {
        volatile boolean failing;

        @Override
        public Instant instant() {
            if (failing) {
                throw new IllegalStateException(FAILURE_TEXT);
            }
            return Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** What jwtgate logs at WARNING and above (System.Logger → java.util.logging). */
    static final class JulCapture extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger("org.jwtgate");
        final List<String> lines = new CopyOnWriteArrayList<>();
        volatile boolean thrown;

        JulCapture() {
            setLevel(Level.WARNING);
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                Object[] p = record.getParameters();
                lines.add(p == null ? record.getMessage() : java.text.MessageFormat.format(record.getMessage(), p));
                thrown |= record.getThrown() != null;
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }
}
