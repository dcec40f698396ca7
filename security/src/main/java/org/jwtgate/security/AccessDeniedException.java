package org.jwtgate.security;

/**
 * A call to a CDI bean method refused by {@link RolesAllowedInterceptor}: no caller where one is required
 * ({@link Kind#UNAUTHENTICATED}), or a caller without any of the method's roles ({@link Kind#FORBIDDEN}).
 * Its message is fixed per kind and names no role, caller or token. {@link AccessDenials} turns it into
 * core's answer: 401 with the bare {@code Bearer} challenge, or 403 {@code insufficient_scope}
 * (RFC 6750 §3.1), as the filter answers the same cases.
 */
public final class AccessDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the call was refused. */
    public enum Kind {
        /** No authenticated caller: a 401 with a bare challenge. */
        UNAUTHENTICATED("jwtgate: the call requires an authenticated caller"),
        /** A caller, but not in a role the method allows (or {@code @DenyAll}): a 403. */
        FORBIDDEN("jwtgate: the caller is not in a role the call allows");

        private final String message;

        Kind(String message) {
            this.message = message;
        }
    }

    /** Why the call was refused. */
    private final Kind kind;

    /**
     * A refusal of the given kind, with its fixed message.
     *
     * @param kind why the call was refused
     */
    public AccessDeniedException(Kind kind) {
        super(kind.message, null, false, false);
        this.kind = kind;
    }

    /**
     * Why the call was refused.
     *
     * @return unauthenticated or forbidden
     */
    public Kind kind() {
        return kind;
    }
}
