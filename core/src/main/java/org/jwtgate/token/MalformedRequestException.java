package org.jwtgate.token;

/**
 * Thrown by a {@link BearerRequest} whose content cannot be decoded (for example a form body with
 * invalid percent-encoding); the extractor answers it with a 400 {@code invalid_request}. Carries no
 * request text.
 */
public final class MalformedRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedRequestException() {
        super("the request cannot be decoded", null, false, false);
    }
}
