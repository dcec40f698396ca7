package org.jwtgate.dpop;

/** A {@link ReplayStore} cannot record a proof now; the proof is refused. Carries no request data. */
public final class ReplayStoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReplayStoreUnavailableException(String message) {
        super(message, null, false, false);
    }
}
