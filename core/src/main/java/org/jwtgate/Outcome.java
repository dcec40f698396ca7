package org.jwtgate;

import java.util.Objects;
import org.jwtgate.error.Reason;

/**
 * The result of looking at one request: a closed set of four values, never an exception.
 */
public sealed interface Outcome {

    /** The request carried a valid token. */
    record Authenticated(JwtPrincipal principal) implements Outcome {
        public Authenticated {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /** The request carried no bearer token (no header, or another scheme such as Basic). */
    record NoCredentials() implements Outcome {
    }

    /** The request carried a token, or tried to, and it was refused. */
    record Rejected(Reason reason) implements Outcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The token could not be checked because the issuer's keys cannot be fetched and none usable are
     * cached: the server's problem, not the token's (503).
     */
    record KeysUnavailable() implements Outcome {
    }

    /** The shared {@link NoCredentials} value. */
    Outcome NO_CREDENTIALS = new NoCredentials();

    /** The shared {@link KeysUnavailable} value. */
    Outcome KEYS_UNAVAILABLE = new KeysUnavailable();

    /** A rejection for the given reason. */
    static Outcome rejected(Reason reason) {
        return new Rejected(reason);
    }
}
