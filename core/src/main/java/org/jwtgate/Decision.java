package org.jwtgate;

import java.util.Objects;
import java.util.Optional;
import org.jwtgate.error.ErrorResponse;

/** What an adapter does with a request: let it through (perhaps as a principal), or answer it. */
public sealed interface Decision {

    /** Go on, authenticated when {@code principal} is present, anonymous otherwise. */
    record Proceed(Optional<JwtPrincipal> principal) implements Decision {
        public Proceed {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /** Stop and write this response verbatim. */
    record Respond(ErrorResponse response) implements Decision {
        public Respond {
            Objects.requireNonNull(response, "response");
        }
    }

    /** The shared anonymous {@link Proceed}. */
    Decision ANONYMOUS = new Proceed(Optional.empty());
}
