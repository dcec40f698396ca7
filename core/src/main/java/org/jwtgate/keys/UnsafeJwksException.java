package org.jwtgate.keys;

/**
 * The fail-closed scan found something that must never be published: a private or symmetric member
 * ({@code d, p, q, dp, dq, qi, oth, k}), {@code kty:"oct"}, an unknown key type or a duplicate
 * {@code kid}. An internal invariant violation; the publisher answers 503 and logs an error. The
 * message names the member, never its value.
 */
public final class UnsafeJwksException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public UnsafeJwksException(String message) {
        super(message);
    }
}
