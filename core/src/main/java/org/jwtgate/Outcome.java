package org.jwtgate;

import java.util.Objects;
import org.jwtgate.error.Reason;
import org.jwtgate.error.Scheme;
import org.jwtgate.internal.RecordMethods;

/**
 * The result of looking at one request: a closed set of values, never an exception. The first four
 * hold for every engine; {@link UnknownTenant} only on the tenant routes of a tenant-bound engine.
 */
public sealed interface Outcome {

    /** The request carried a valid token. */
    record Authenticated(JwtPrincipal principal) implements Outcome {
        public Authenticated {
            Objects.requireNonNull(principal, "principal");
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Authenticated that && Objects.equals(principal, that.principal);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(principal);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    /** The request carried no bearer token (no header, or another scheme such as Basic). */
    record NoCredentials() implements Outcome {
        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o instanceof NoCredentials;
        }

        @Override
        public int hashCode() {
            return 0;
        }

        @Override
        public String toString() {
            return "NoCredentials[]";
        }
    }

    /**
     * The request carried a token, or tried to, and it was refused; {@code scheme} is the one it used
     * (Bearer, or DPoP, RFC 9449), whose challenge carries the error.
     */
    record Rejected(Reason reason, Scheme scheme) implements Outcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(scheme, "scheme");
        }

        /** A refusal of a Bearer request. */
        public Rejected(Reason reason) {
            this(reason, Scheme.BEARER);
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Rejected that
                    && Objects.equals(reason, that.reason)
                    && Objects.equals(scheme, that.scheme);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(reason, scheme);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    /**
     * The token could not be checked because the issuer's keys cannot be fetched and none usable are
     * cached: the server's problem, not the token's (503).
     */
    record KeysUnavailable() implements Outcome {
        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o instanceof KeysUnavailable;
        }

        @Override
        public int hashCode() {
            return 0;
        }

        @Override
        public String toString() {
            return "KeysUnavailable[]";
        }
    }

    /**
     * On a tenant route, the request names no tenant, an ill-formed one, or one not in {@code tenants}
     * (404, whatever the token): nothing was looked up or fetched, and no token was read.
     */
    record UnknownTenant() implements Outcome {
        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o instanceof UnknownTenant;
        }

        @Override
        public int hashCode() {
            return 0;
        }

        @Override
        public String toString() {
            return "UnknownTenant[]";
        }
    }

    /** The shared {@link NoCredentials} value. */
    Outcome NO_CREDENTIALS = new NoCredentials();

    /** The shared {@link UnknownTenant} value. */
    Outcome UNKNOWN_TENANT = new UnknownTenant();

    /** The shared {@link KeysUnavailable} value. */
    Outcome KEYS_UNAVAILABLE = new KeysUnavailable();

    /** A rejection for the given reason. */
    static Outcome rejected(Reason reason) {
        return new Rejected(reason);
    }

    /** A rejection for the given reason of a request that used {@code scheme}. */
    static Outcome rejected(Reason reason, Scheme scheme) {
        return new Rejected(reason, scheme);
    }
}
