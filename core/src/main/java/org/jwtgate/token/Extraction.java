package org.jwtgate.token;

import java.util.Objects;
import org.jwtgate.error.Reason;

/** The result of extracting a bearer token from a request. */
public sealed interface Extraction {

    /** Exactly one token was found, in the b64token syntax and within the length cap. */
    record Found(String token) implements Extraction {
        public Found {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "Found[token hidden]";
        }
    }

    /** No bearer token: no Authorization header, another scheme, no enabled parameter or cookie. */
    record Absent() implements Extraction {
    }

    /** The request is malformed as far as bearer tokens go. */
    record Invalid(Reason reason) implements Extraction {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The shared {@link Absent}. */
    Extraction ABSENT = new Absent();
}
