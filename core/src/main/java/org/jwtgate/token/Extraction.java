package org.jwtgate.token;

import java.util.Objects;
import org.jwtgate.error.Reason;
import org.jwtgate.error.Scheme;

/** The result of extracting a bearer token from a request. */
public sealed interface Extraction {

    /**
     * Exactly one token was found, in the b64token syntax and within the length cap; {@code scheme} is
     * {@link Scheme#DPOP} for {@code Authorization: DPoP} (RFC 9449 §7.1), else Bearer.
     */
    record Found(String token, Scheme scheme) implements Extraction {
        public Found {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(scheme, "scheme");
        }

        /** A bearer token. */
        public Found(String token) {
            this(token, Scheme.BEARER);
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
    record Invalid(Reason reason, Scheme scheme) implements Extraction {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(scheme, "scheme");
        }

        /** A malformed Bearer request. */
        public Invalid(Reason reason) {
            this(reason, Scheme.BEARER);
        }
    }

    /** The shared {@link Absent}. */
    Extraction ABSENT = new Absent();
}
