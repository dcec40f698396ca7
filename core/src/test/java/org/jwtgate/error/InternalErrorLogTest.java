package org.jwtgate.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jwtgate.LogCapture;
import org.jwtgate.testing.MutableClock;
import org.junit.jupiter.api.Test;

class InternalErrorLogTest {
    private static final String SECRET = "eyJhbGciOiJSUzI1NiJ9.claims-json-would-be-here";
    private final MutableClock clock = MutableClock.startingNow();
    private final InternalErrorLog log = new InternalErrorLog(System.getLogger("org.jwtgate.test"), clock,
            Duration.ofMinutes(1));

    @Test
    void logsOneLinePerExceptionClassPerMinuteNamingTheClassOnly() {
        try (LogCapture capture = new LogCapture()) {
            for (int i = 0; i < 100; i++) {
                log.report("checking a bearer token", new ClassCastException(SECRET));
            }
            assertEquals(1, capture.lines().size(), capture.all());
            String line = capture.lines().get(0);
            assertTrue(line.startsWith("SEVERE jwtgate: internal error while checking a bearer token "
                    + "(java.lang.ClassCastException), answered 500; 0 more"), line);
            assertFalse(line.contains(SECRET), line);
            assertFalse(line.contains("\n"), "one line, no stack trace");
        }
    }

    @Test
    void theNextLineComesAfterTheIntervalAndCountsWhatWasNotLogged() {
        try (LogCapture capture = new LogCapture()) {
            assertTrue(log.report("x", new IllegalStateException()));
            for (int i = 0; i < 41; i++) {
                assertFalse(log.report("x", new IllegalStateException()));
            }
            clock.advance(Duration.ofSeconds(59));
            assertFalse(log.report("x", new IllegalStateException()));
            clock.advance(Duration.ofSeconds(1));
            assertTrue(log.report("x", new IllegalStateException()));
            assertEquals(2, capture.lines().size());
            assertTrue(capture.lines().get(1).contains("; 42 more of this class"), capture.lines().get(1));
        }
    }

    @Test
    void eachExceptionClassHasItsOwnWindow() {
        assertTrue(log.report("x", new IllegalStateException()));
        assertTrue(log.report("x", new NullPointerException()));
        assertFalse(log.report("x", new IllegalStateException()));
        assertFalse(log.report("x", new NullPointerException()));
    }

    @Test
    void concurrentFailuresOfOneClassYieldOneLine() throws Exception {
        try (LogCapture capture = new LogCapture()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (int i = 0; i < 1_000; i++) {
                pool.execute(() -> log.report("x", new ArithmeticException()));
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            assertEquals(1, capture.lines().size(), capture.all());
        }
    }
}
