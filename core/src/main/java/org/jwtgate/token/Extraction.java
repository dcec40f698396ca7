package org.jwtgate.token;

import java.util.Objects;
import org.jwtgate.error.Reason;
import org.jwtgate.error.Scheme;
import org.jwtgate.internal.RecordMethods;

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

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Found that
                    && Objects.equals(token, that.token)
                    && Objects.equals(scheme, that.scheme);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(token, scheme);
        }
    }

    /** No bearer token: no Authorization header, another scheme, no enabled parameter or cookie. */
    record Absent() implements Extraction {
        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o instanceof Absent;
        }

        @Override
        public int hashCode() {
            return 0;
        }

        @Override
        public String toString() {
            return "Absent[]";
        }
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

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Invalid that
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

    /** The shared {@link Absent}. */
    Extraction ABSENT = new Absent();
}
