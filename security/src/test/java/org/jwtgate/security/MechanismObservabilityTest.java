package org.jwtgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.jwtgate.JwtGate;
import org.jwtgate.Outcome;
import org.jwtgate.authentication.JwtGateAuthentication;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.LocalIssuer;
import org.junit.jupiter.api.Test;

/**
 * The Jakarta Security mechanism's engine is registered for metrics and JMX when the application starts
 * (the CDI start event, with a real servlet context) and unregistered when the bean is destroyed (its
 * {@code @PreDestroy}, as on undeploy); read through the platform MBean server against a real local issuer.
 */
class MechanismObservabilityTest {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    private static Set<String> mbeans(String app) throws Exception {
        Set<String> names = new TreeSet<>();
        JMX.queryNames(new ObjectName("org.jwtgate:app=" + ObjectName.quote(app) + ",*"), null).forEach(n -> names.add(n.toString()));
        return names;
    }

    @Test
    void theMechanismsEngineIsReadOverJmxWhileDeployedAndUnregisteredWhenTheBeanIsDestroyed() throws Exception {
        try (LocalIssuer issuer = LocalIssuer.start()) {
            ServletContextHandler handler = new ServletContextHandler();
            handler.setContextPath("/secured");
            handler.setInitParameter("jwtgate.issuers", issuer.issuer() + "|" + issuer.jwksUri());
            handler.setInitParameter("jwtgate.audiences", "api");
            ObjectName engine = new ObjectName("org.jwtgate:type=Engine,app=\"/secured\",name=\"security\"");
            ObjectName keys = new ObjectName("org.jwtgate:type=KeySet,app=\"/secured\",engine=\"security\",name="
                    + ObjectName.quote(issuer.issuer()));
            JwtGateAuthenticationMechanism mechanism = new JwtGateAuthenticationMechanism();
            assertEquals(Set.of(), mbeans("/secured"));

            mechanism.start(handler.getServletContext()); // what CDI calls when the application starts
            try {
                assertEquals(Set.of(engine.toString(), keys.toString()), mbeans("/secured"));
                assertInstanceOf(Outcome.Authenticated.class, mechanism.engine().validate(issuer.minter().audience("api")
                        .subject("alice").sign()));
                assertEquals(Outcome.rejected(Reason.EXPIRED), mechanism.engine().validate(issuer.minter().audience("api")
                        .subject("bob").expiresIn(Duration.ofMinutes(-10)).sign()));
                assertEquals(1L, JMX.getAttribute(engine, "decisions.authenticated.none"));
                assertEquals(1L, JMX.getAttribute(engine, "decisions.rejected.expired"));
                assertEquals(1L, JMX.getAttribute(keys, "decisions.authenticated.none"));
                assertEquals(1L, JMX.getAttribute(keys, "jwks.fetches.ok"));
                assertEquals("UP", JMX.getAttribute(engine, "status"));
            } finally {
                mechanism.close(); // @PreDestroy
            }
            assertFalse(JMX.isRegistered(engine));
            assertTrue(mbeans("/secured").isEmpty(), mbeans("/secured").toString());
            mechanism.close();
            assertTrue(mbeans("/secured").isEmpty(), "closing twice is harmless");
        }
    }

    /**
     * Listener and jar together (the legacy WAR on Payara): when the listener has published its engine, the mechanism
     * uses it and builds no second one — no second refresh thread, no {@code security} MBean, nothing to close.
     */
    @Test
    void withTheListenersEngineTheMechanismBuildsNone() throws Exception {
        try (LocalIssuer issuer = LocalIssuer.start()) {
            ServletContextHandler handler = new ServletContextHandler();
            handler.setContextPath("/shared");
            handler.setInitParameter("jwtgate.issuers", issuer.issuer() + "|" + issuer.jwksUri());
            handler.setInitParameter("jwtgate.audiences", "api");
            try (JwtGate listeners = JwtGate.create(JwtGateAuthentication.config(handler.getServletContext()))) {
                handler.getServletContext().setAttribute(JwtGateAuthentication.GATE_ATTRIBUTE, listeners);
                JwtGateAuthenticationMechanism mechanism = new JwtGateAuthenticationMechanism();
                mechanism.start(handler.getServletContext());
                try {
                    assertSame(listeners, mechanism.engine());
                    assertEquals(Set.of(), mbeans("/shared"));
                    assertNull(handler.getServletContext().getAttribute(JwtGateAuthenticationMechanism.GATE_ATTRIBUTE));
                } finally {
                    mechanism.close();
                }
                assertInstanceOf(Outcome.Authenticated.class, listeners.validate(issuer.minter().audience("api")
                        .subject("alice").sign()), "the listener's engine is the listener's to close");
            }
        }
    }
}
