package org.jwtgate;

import java.util.Objects;
import java.util.Optional;
import org.jwtgate.config.ValidationPolicy;
import org.jwtgate.error.ErrorResponse;
import org.jwtgate.internal.RecordMethods;

/** What an adapter does with a request: let it through (perhaps as a principal), or answer it. */
public sealed interface Decision {

    /**
     * Go on, authenticated when {@code principal} is present, anonymous otherwise. {@code acceptedUnder}
     * is the policy of the engine that accepted the principal: another engine reuses the decision only
     * when its own policy is the same ({@link JwtGate#reuses}), and validates again otherwise.
     */
    record Proceed(Optional<JwtPrincipal> principal, Optional<ValidationPolicy> acceptedUnder) implements Decision {
        public Proceed {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(acceptedUnder, "acceptedUnder");
        }

        /** A principal accepted under no known policy (never reused by an engine), or anonymous. */
        public Proceed(Optional<JwtPrincipal> principal) {
            this(principal, Optional.empty());
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Proceed that
                    && Objects.equals(principal, that.principal)
                    && Objects.equals(acceptedUnder, that.acceptedUnder);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(principal, acceptedUnder);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    /** Stop and write this response verbatim. */
    record Respond(ErrorResponse response) implements Decision {
        public Respond {
            Objects.requireNonNull(response, "response");
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Respond that && Objects.equals(response, that.response);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(response);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    /** The shared anonymous {@link Proceed}. */
    Decision ANONYMOUS = new Proceed(Optional.empty());
}
