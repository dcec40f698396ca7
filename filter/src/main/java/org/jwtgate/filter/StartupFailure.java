package org.jwtgate.filter;

import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

    /**
     * The failure to throw when its cause has already been logged by another listener ({@link #firstReport}).
     *
     * @param message what failed, as the other listener logged it
     * @param cause the failure, kept as the cause but not logged
     * @return the exception to throw from the listener
     */
    public static StartupFailure alreadyLogged(String message, Throwable cause) {
        return new StartupFailure(message, cause);
    }

    /**
     * Whether the bad shared context-param {@code parameter} of {@code context} is reported here for the
     * first time: {@link JwtGateListener} and the authentication module's listener both check the
     * {@code jwtgate.*} context-params, and a container calls every listener even after one has thrown
     * (Tomcat does), so the second to find the same bad value stays silent and only throws.
     *
     * @param context the application's servlet context (null: always the first)
     * @param parameter the name of the bad parameter, without the {@code jwtgate.} prefix
     * @return true the first time {@code parameter} is reported in {@code context}, then false
     */
    public static boolean firstReport(ServletContext context, String parameter) {
        if (context == null) {
            return true;
        }
        synchronized (context) {
            @SuppressWarnings("unchecked")
            Set<String> reported = (Set<String>) context.getAttribute(REPORTED);
            if (reported == null) {
                reported = ConcurrentHashMap.newKeySet();
                context.setAttribute(REPORTED, reported);
            }
            return reported.add(parameter);
        }
    }

    /** The context attribute naming the shared context-params already reported as bad (see {@link #firstReport}). */
    private static final String REPORTED = "org.jwtgate.startup.reported-context-params";
}
