package org.jwtgate.error;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Reports exceptions that escaped the engine to an adapter's last-resort catch. The engine answers
 * every request content with an outcome, so such an exception is a bug; but a client that found it
 * can send it on every request, so the log must not grow with the requests:
 * <ul>
 * <li>one line at {@code ERROR} per exception class, at most once per interval (default one
 * minute), saying how many of that class went unlogged since its previous line;</li>
 * <li>the line names the exception's class only: never its message or stack trace, which may quote
 * the request (jose4j's messages hold the claims JSON).</li>
 * </ul>
 * Thread-safe; time comes from the injected {@link Clock}.
 */
public final class InternalErrorLog {
    /** The default interval between two lines for one exception class. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    // Exception classes are few; beyond this many, the rest share one window.
    private static final int MAX_CLASSES = 64;
    private static final String OTHER = "(other classes)";

    private final System.Logger log;
    private final Clock clock;
    private final long intervalMillis;
    private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

    public InternalErrorLog(System.Logger log, Clock clock, Duration interval) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        this.intervalMillis = interval.toMillis();
    }

    /**
     * Records one occurrence and logs it unless its class was logged within the interval.
     *
     * @param activity what was being done, a fixed text of the caller (never request data), e.g.
     *     {@code "checking a bearer token in the servlet filter"}
     * @return whether a line was written
     */
    public boolean report(String activity, Throwable error) {
        return report(activity, error, 500);
    }

    /** As {@link #report(String, Throwable)}, for a failure that was answered with {@code status}. */
    public boolean report(String activity, Throwable error, int status) {
        String type = error.getClass().getName();
        Window window = windows.get(type);
        if (window == null) {
            window = windows.size() < MAX_CLASSES ? windows.computeIfAbsent(type, t -> new Window())
                    : windows.computeIfAbsent(OTHER, t -> new Window());
        }
        long unlogged = window.admit(clock.millis(), intervalMillis);
        if (unlogged < 0) {
            return false;
        }
        String answered = Integer.toString(status);
        log.log(Level.ERROR, "jwtgate: internal error while {0} ({1}), answered {4}; {2} more of this class, also "
                + "answered {4}, since its previous line (at most one line per class every {3} s). This is a bug in "
                + "jwtgate: please report it", activity, type, Long.toString(unlogged),
                Long.toString(Math.max(1, intervalMillis / 1000)), answered);
        return true;
    }

    private static final class Window {
        private long nextLineAt = Long.MIN_VALUE;
        private long unlogged;

        /** The count to report if a line is due now, else -1 (and the occurrence is counted). */
        synchronized long admit(long now, long interval) {
            if (now < nextLineAt) {
                unlogged++;
                return -1;
            }
            nextLineAt = now + interval;
            long n = unlogged;
            unlogged = 0;
            return n;
        }
    }
}
