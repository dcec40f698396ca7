package org.jwtgate.error;

/**
 * The error codes of RFC 6750 §3.1 (and RFC 9449's {@code invalid_dpop_proof} and {@code use_dpop_nonce}, RFC 9470 §3's
 * {@code insufficient_user_authentication}), each with the HTTP status the RFC assigns to it.
 */
public enum BearerErrorCode {
    /** RFC 6750 §3.1: malformed request, e.g. the token sent in more than one way. 400. */
    INVALID_REQUEST("invalid_request", 400),
    /** RFC 6750 §3.1: the token is expired, revoked, malformed or otherwise invalid. 401. */
    INVALID_TOKEN("invalid_token", 401),
    /** RFC 6750 §3.1: the token lacks the privileges the resource requires. 403. */
    INSUFFICIENT_SCOPE("insufficient_scope", 403),
    /** RFC 9449 §7.1: the DPoP proof is missing, malformed, or does not match the request. 401. */
    INVALID_DPOP_PROOF("invalid_dpop_proof", 401),
    /** RFC 9449 §8: the DPoP proof must carry a nonce the server provides in {@code DPoP-Nonce}. 401. */
    USE_DPOP_NONCE("use_dpop_nonce", 401),
    /** RFC 9470 §3: the caller's authentication is too weak ({@code acr}) or too old ({@code auth_time}). 401. */
    INSUFFICIENT_USER_AUTHENTICATION("insufficient_user_authentication", 401);

    private final String code;
    private final int status;

    BearerErrorCode(String code, int status) {
        this.code = code;
        this.status = status;
    }

    /** The code as it appears in the {@code error} attribute. */
    public String code() {
        return code;
    }

    /** The HTTP status that goes with the code. */
    public int status() {
        return status;
    }
}
