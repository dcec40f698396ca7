package org.jwtgate.filter;

import java.lang.System.Logger.Level;

/**
 * A jwtgate component cannot start: its message is the one line already logged at ERROR, naming the
 * parameter at fault (never a secret value). Thrown from a {@code ServletContextListener}, it fails
 * the deployment on every container; from {@code init}, it becomes a {@code ServletException}.
 */
public final class StartupFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private StartupFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Logs {@code message} once at ERROR and returns the failure to throw (for other modules' startup checks too).
     *
     * @param log the logger of the component that failed
     * @param message what failed and what to do, with no secret
     * @param cause the failure, kept as the cause but not logged
     * @return the exception to throw from the listener or {@code init}
     */
    public static StartupFailure logged(System.Logger log, String message, Throwable cause) {
        log.log(Level.ERROR, message);
        return new StartupFailure(message, cause);
    }
}
