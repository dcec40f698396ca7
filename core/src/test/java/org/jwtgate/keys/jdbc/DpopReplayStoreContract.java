package org.jwtgate.keys.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.JwtGate;
import org.jwtgate.Outcome;
import org.jwtgate.TestRequest;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.DpopMode;
import org.jwtgate.config.DpopReplayStore;
import org.jwtgate.config.GateConfig;
import org.jwtgate.dpop.JdbcReplayStore;
import org.jwtgate.dpop.ReplayStoreUnavailableException;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.DpopProofs;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code dpop-replay-store=jdbc} on a real database: two engines on one table are two nodes, and a
 * proof accepted by one is refused by the other. One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DpopReplayStoreContract {
    private static final String URL = "https://api.example.com/api/orders";
    private static final PublicJsonWebKey CLIENT = TestKeys.ec("P-256");

    abstract TestDatabase db();

    private final MutableClock clock = MutableClock.startingNow();
    private final String table = TestDatabase.uniquePrefix() + "dpop_proof";
    private LocalIssuer issuer;
    private JwtGate nodeA;
    private JwtGate nodeB;

    @BeforeAll
    void start() {
        issuer = LocalIssuer.start();
        nodeA = node();
        nodeB = node();
    }

    @AfterAll
    void stop() {
        nodeA.close();
        nodeB.close();
        issuer.close();
        db().update("DROP TABLE IF EXISTS " + table);
    }

    private GateConfig.Builder config() {
        return GateConfig.builder().issuer(issuer.issuer(), issuer.jwksUri()).audiences("api").clock(clock)
                .dpop(DpopMode.REQUIRED).publicOrigin(URI.create("https://api.example.com"))
                .dpopReplayStore(DpopReplayStore.JDBC).dpopReplayJdbcUrl(db().url())
                .dpopReplayJdbcUser(db().user).dpopReplayJdbcPassword(db().password).dpopReplayJdbcTable(table);
    }

    private JwtGate node() {
        return JwtGate.createWithoutBackgroundRefresh(config().build());
    }

    private String token() {
        return issuer.minter().audience("api").subject("alice").clock(clock).claim("cnf", DpopProofs.confirmation(CLIENT)).sign();
    }

    private String proof(String token) {
        return DpopProofs.minter(CLIENT, "GET", URL, token, clock).sign();
    }

    private static Outcome send(JwtGate node, String token, String proof) {
        return node.authenticate("/api/orders", TestRequest.create().header("Authorization", "DPoP " + token)
                .header("DPoP", proof).method("GET").url("http://10.0.0.7:8080/api/orders"));
    }

    private static void assertRefused(Reason reason, Outcome o) {
        assertEquals(reason, assertInstanceOf(Outcome.Rejected.class, o, () -> String.valueOf(o)).reason());
    }

    @Test
    void aProofAcceptedOnOneNodeIsRefusedOnTheOther() {
        String token = token();
        String p = proof(token);
        assertInstanceOf(Outcome.Authenticated.class, send(nodeA, token, p));
        assertRefused(Reason.DPOP_PROOF_REPLAYED, send(nodeB, token, p));
        assertRefused(Reason.DPOP_PROOF_REPLAYED, send(nodeA, token, p));
        String q = proof(token);
        assertInstanceOf(Outcome.Authenticated.class, send(nodeB, token, q));
        assertRefused(Reason.DPOP_PROOF_REPLAYED, send(nodeA, token, q));
    }

    @Test
    void concurrentUsesOfOneProofOnTwoNodesLetExactlyOneThrough() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                String token = token();
                String p = proof(token);
                List<Callable<Outcome>> tasks = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    JwtGate node = i % 2 == 0 ? nodeA : nodeB;
                    tasks.add(() -> send(node, token, p));
                }
                int accepted = 0;
                for (Future<Outcome> f : pool.invokeAll(tasks)) {
                    if (f.get() instanceof Outcome.Authenticated) {
                        accepted++;
                    } else {
                        assertRefused(Reason.DPOP_PROOF_REPLAYED, f.get());
                    }
                }
                assertEquals(1, accepted, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void expiredIdsAreSweptAndAnIdAfterItsWindowIsTakenAgain() {
        JdbcReplayStore store = new JdbcReplayStore(db().dataSource(), table, clock);
        long now = clock.millis();
        org.junit.jupiter.api.Assertions.assertTrue(store.firstUse("sweep-test", now + 1000));
        org.junit.jupiter.api.Assertions.assertFalse(store.firstUse("sweep-test", now + 1000));
        clock.advance(Duration.ofMillis(1001));
        org.junit.jupiter.api.Assertions.assertTrue(store.firstUse("sweep-test", clock.millis() + 1000), "its window is over");
        clock.advance(JdbcReplayStore.SWEEP_INTERVAL.plusSeconds(5));
        store.firstUse("sweep-trigger", clock.millis() + 1000);
        assertEquals(0, db().count("SELECT COUNT(*) FROM " + table + " WHERE expires_at <= ?", clock.millis()));
    }

    @Test
    void anUnreachableDatabaseRefusesEveryProofNeverLetsOneThrough() {
        try (JwtGate down = JwtGate.createWithoutBackgroundRefresh(config().dpopReplayJdbcUrl(db().url("127.0.0.1", 1)).build())) {
            String token = token();
            assertRefused(Reason.DPOP_PROOF_UNCHECKED, send(down, token, proof(token)));
        }
        assertThrows(ReplayStoreUnavailableException.class,
                () -> new JdbcReplayStore(db().dataSource(db().url("127.0.0.1", 1)), table, clock).firstUse("x", 1));
    }

    @Test
    void theJdbcStoreNeedsExactlyOneDataSource() {
        assertEquals("dpop-replay-jdbc-jndi-name", assertThrows(ConfigException.class,
                () -> config().dpopReplayJdbcJndiName("java:comp/env/jdbc/jwtgate").build()).parameter());
        assertEquals("dpop-replay-jdbc-table", assertThrows(ConfigException.class,
                () -> config().dpopReplayJdbcTable("a;drop").build()).parameter());
        assertEquals("dpop-replay-jdbc-url", assertThrows(ConfigException.class,
                () -> config().dpopReplayStore(DpopReplayStore.MEMORY).build()).parameter());
    }
}
