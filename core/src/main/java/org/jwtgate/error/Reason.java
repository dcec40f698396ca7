package org.jwtgate.error;

import static org.jwtgate.error.BearerErrorCode.INSUFFICIENT_SCOPE;
import static org.jwtgate.error.BearerErrorCode.INVALID_DPOP_PROOF;
import static org.jwtgate.error.BearerErrorCode.INVALID_REQUEST;
import static org.jwtgate.error.BearerErrorCode.INVALID_TOKEN;
import static org.jwtgate.error.BearerErrorCode.USE_DPOP_NONCE;

/**
 * Why a request carrying a bearer token was refused. Each reason carries its RFC 6750 error code,
 * and with it the HTTP status, and a fixed description in the RFC 6750 §3 character set
 * ({@code %x20-21 / %x23-5B / %x5D-7E}). Nothing derived from the request ever reaches a description.
 */
public enum Reason {
    /** The token was sent in more than one way (RFC 6750 §2), or twice. */
    MULTIPLE_TOKENS(INVALID_REQUEST, "The bearer token was sent in more than one way"),
    /** An {@code access_token} parameter or cookie was present but empty. */
    EMPTY_TOKEN(INVALID_REQUEST, "The access_token parameter is empty"),
    /** The request could not be read to look for a token (e.g. an undecodable form body). */
    MALFORMED_REQUEST(INVALID_REQUEST, "The request cannot be read"),
    /** The Authorization header uses the Bearer scheme but its value is not a b64token. */
    MALFORMED_HEADER(INVALID_TOKEN, "The Authorization header is not a valid Bearer credential"),
    /** The token is longer than the configured maximum; it was not parsed. */
    TOKEN_TOO_LONG(INVALID_TOKEN, "The token is too long"),
    /** The token is not a well-formed signed JWT (JWS compact serialization). */
    MALFORMED_TOKEN(INVALID_TOKEN, "The token is malformed"),
    /** The {@code alg} header is not in the allow-list ({@code none} and HMAC never are). */
    ALGORITHM_NOT_ALLOWED(INVALID_TOKEN, "The token signature algorithm is not allowed"),
    /** A header marked critical ({@code crit}) is not understood (RFC 7515 §4.1.11). */
    UNSUPPORTED_CRITICAL_HEADER(INVALID_TOKEN, "The token has an unsupported critical header"),
    /** No key of the trusted issuer matches the token's {@code kid}, even after a refresh. */
    UNKNOWN_KEY(INVALID_TOKEN, "The token signing key is unknown"),
    /** The matching key is unacceptable (too small, or of the wrong type for the algorithm). */
    UNACCEPTABLE_KEY(INVALID_TOKEN, "The token signing key is not acceptable"),
    /** The signature does not verify. */
    BAD_SIGNATURE(INVALID_TOKEN, "The token signature is invalid"),
    /** The {@code iss} claim is missing or names no trusted issuer. */
    UNTRUSTED_ISSUER(INVALID_TOKEN, "The token issuer is not trusted"),
    /** The {@code aud} claim is missing or contains none of the accepted audiences. */
    WRONG_AUDIENCE(INVALID_TOKEN, "The token audience is not accepted"),
    /** The {@code typ} header does not match the required type (e.g. at+jwt, RFC 9068). */
    WRONG_TYPE(INVALID_TOKEN, "The token type is not accepted"),
    /**
     * The token is an OpenID Connect ID token (payload {@code typ} "ID", {@code nonce}, {@code at_hash},
     * {@code c_hash} or {@code s_hash}), not an access token; accepted only with {@code accept-id-tokens=true}.
     */
    NOT_AN_ACCESS_TOKEN(INVALID_TOKEN, "The token is an ID token, not an access token"),
    /** The token has expired ({@code exp}, RFC 7519 §4.1.4, with the allowed clock skew). */
    EXPIRED(INVALID_TOKEN, "The token has expired"),
    /** The token is not valid yet ({@code nbf}, RFC 7519 §4.1.5, with the allowed clock skew). */
    NOT_YET_VALID(INVALID_TOKEN, "The token is not valid yet"),
    /** The token was issued in the future ({@code iat}, beyond the allowed clock skew). */
    ISSUED_IN_FUTURE(INVALID_TOKEN, "The token issue time is in the future"),
    /** {@code exp} lies further ahead than {@code max-token-lifetime}, from now or from {@code iat}. */
    LIFETIME_TOO_LONG(INVALID_TOKEN, "The token lifetime is too long"),
    /** A required claim ({@code exp}, the principal claim or a configured one) is absent. */
    MISSING_CLAIM(INVALID_TOKEN, "The token lacks a required claim"),
    /** A registered claim has the wrong JSON type (e.g. a string {@code exp}). */
    MALFORMED_CLAIM(INVALID_TOKEN, "The token has a malformed claim"),
    /** A token bound to a key ({@code cnf.jkt}, RFC 9449 §6) was sent with the Bearer scheme (§7.2). */
    BOUND_TOKEN_AS_BEARER(INVALID_TOKEN, "The token is bound to a key and must be sent with the DPoP scheme"),
    /** With {@code dpop=required}: a token was sent with the Bearer scheme. */
    DPOP_REQUIRED(INVALID_TOKEN, "A DPoP-bound token and a DPoP proof are required"),
    /** A token sent with the DPoP scheme has no {@code cnf.jkt} (RFC 9449 §6.1). */
    TOKEN_NOT_BOUND(INVALID_TOKEN, "The token is not bound to a DPoP key"),
    /** The token's {@code cnf.jkt} is not the RFC 7638 thumbprint of the proof's key (RFC 9449 §4.3 step 12). */
    DPOP_KEY_MISMATCH(INVALID_TOKEN, "Invalid DPoP key binding"),
    /** With {@code mtls-bound-tokens=required}: the token has no {@code cnf.x5t#S256} (RFC 8705 §3). */
    MTLS_BINDING_REQUIRED(INVALID_TOKEN, "A certificate-bound token is required"),
    /** The token is certificate-bound (RFC 8705 §3.1) and the request presented no client certificate. */
    MTLS_CERTIFICATE_MISSING(INVALID_TOKEN, "The token is bound to a client certificate and none was presented"),
    /** The token's {@code cnf.x5t#S256} is not the SHA-256 thumbprint of the client certificate presented. */
    MTLS_CERTIFICATE_MISMATCH(INVALID_TOKEN, "The token is bound to another client certificate"),
    /** A trusted proxy's {@code Client-Cert} header (RFC 9440) is not one well-formed certificate. */
    MTLS_CERTIFICATE_MALFORMED(INVALID_TOKEN, "The client certificate cannot be read"),
    /** The DPoP scheme was used without a {@code DPoP} header. */
    DPOP_PROOF_MISSING(INVALID_DPOP_PROOF, "The DPoP proof is missing"),
    /** More than one {@code DPoP} header (RFC 9449 §4.3 step 1). */
    DPOP_PROOF_MULTIPLE(INVALID_DPOP_PROOF, "More than one DPoP proof was sent"),
    /** Not a JWS, wrong {@code typ}, missing or mistyped claims, too long (RFC 9449 §4.3 steps 2-4, 6). */
    DPOP_PROOF_MALFORMED(INVALID_DPOP_PROOF, "The DPoP proof is malformed"),
    /** The proof's {@code alg} is not an allowed asymmetric algorithm (§4.3 step 5). */
    DPOP_PROOF_ALGORITHM(INVALID_DPOP_PROOF, "The DPoP proof signature algorithm is not allowed"),
    /** The proof's {@code jwk} is missing, private, symmetric, too small or unusable (§4.3 step 7). */
    DPOP_PROOF_KEY(INVALID_DPOP_PROOF, "The DPoP proof key is not acceptable"),
    /** The proof's signature does not verify with its {@code jwk} (§4.3 step 7). */
    DPOP_PROOF_SIGNATURE(INVALID_DPOP_PROOF, "The DPoP proof signature is invalid"),
    /** {@code htm} is not the request's method (§4.3 step 8). */
    DPOP_PROOF_METHOD(INVALID_DPOP_PROOF, "The DPoP proof is for another HTTP method"),
    /** {@code htu} is not the request's URI without query and fragment (§4.3 step 9). */
    DPOP_PROOF_URI(INVALID_DPOP_PROOF, "The DPoP proof is for another URI"),
    /** {@code iat} is older than {@code dpop-proof-max-age} plus the clock skew (§4.3 step 11). */
    DPOP_PROOF_STALE(INVALID_DPOP_PROOF, "The DPoP proof is too old"),
    /** {@code iat} is further in the future than the clock skew (§4.3 step 11). */
    DPOP_PROOF_FUTURE(INVALID_DPOP_PROOF, "The DPoP proof is issued in the future"),
    /** {@code ath} is missing or not the hash of the access token sent (§4.3 step 12). */
    DPOP_PROOF_TOKEN_HASH(INVALID_DPOP_PROOF, "The DPoP proof is for another access token"),
    /** The proof's {@code jti} was seen within the acceptance window (§11.1). */
    DPOP_PROOF_REPLAYED(INVALID_DPOP_PROOF, "The DPoP proof was used before"),
    /** The replay store cannot record the proof (full of live proofs, or unreachable): refused, never let through. */
    DPOP_PROOF_UNCHECKED(INVALID_DPOP_PROOF, "The DPoP proof cannot be checked for replay now"),
    /**
     * With {@code dpop-nonce=required}: the proof carries no nonce, or one this server did not hand out
     * lately (RFC 9449 §8); the refusal carries a fresh one in {@code DPoP-Nonce}.
     */
    DPOP_NONCE_REQUIRED(USE_DPOP_NONCE, "Resource server requires nonce in DPoP proof"),
    /**
     * Authenticated, but the token's {@code acr} is not one the resource requires, or its {@code auth_time} is
     * missing or older than the resource's maximum authentication age (RFC 9470 §3); the challenge names the
     * requirement ({@code acr_values}, {@code max_age}).
     */
    INSUFFICIENT_USER_AUTHENTICATION(BearerErrorCode.INSUFFICIENT_USER_AUTHENTICATION, "A stronger or more recent authentication is required"),
    /** Authenticated, but without a role the resource requires. */
    MISSING_ROLE(INSUFFICIENT_SCOPE, "The token lacks a required role"),
    /** Authenticated, but without a scope the resource requires. */
    MISSING_SCOPE(INSUFFICIENT_SCOPE, "The token lacks a required scope");

    private final BearerErrorCode code;
    private final String description;

    Reason(BearerErrorCode code, String description) {
        this.code = code;
        this.description = RfcCharset.requireErrorText(description);
    }

    /** The RFC 6750 error code. */
    public BearerErrorCode code() {
        return code;
    }

    /** The HTTP status, given by the error code. */
    public int status() {
        return code.status();
    }

    /** The fixed {@code error_description}. */
    public String description() {
        return description;
    }
}
