package org.jwtgate.validation;

import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.InvalidJwtSignatureException;
import org.jose4j.lang.InvalidAlgorithmException;
import org.jose4j.lang.InvalidKeyException;
import org.jose4j.lang.UnresolvableKeyException;
import org.jwtgate.error.Reason;
import org.jwtgate.jwks.KeysUnavailableException;

/**
 * Maps jose4j failures to a {@link Reason} by error code and exception type, never by message text
 * (jose4j messages contain the claims).
 */
final class ReasonMapper {
    private ReasonMapper() {
    }

    /** Whether the failure means the keys could not be had, rather than the token being bad. */
    static boolean keysUnavailable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof KeysUnavailableException) {
                return true;
            }
        }
        return false;
    }

    static Reason reason(InvalidJwtException e) {
        if (e instanceof InvalidJwtSignatureException) {
            return Reason.BAD_SIGNATURE;
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof UnresolvableKeyException) {
                return Reason.UNKNOWN_KEY;
            }
            if (c instanceof InvalidAlgorithmException) {
                return Reason.ALGORITHM_NOT_ALLOWED;
            }
            if (c instanceof InvalidKeyException) {
                return Reason.UNACCEPTABLE_KEY;
            }
        }
        Reason best = null;
        if (e.getErrorDetails() != null) {
            for (ErrorCodeValidator.Error error : e.getErrorDetails()) {
                Reason r = fromCode(error.getErrorCode());
                if (best == null || r.ordinal() < best.ordinal()) {
                    best = r;
                }
            }
        }
        return best == null ? Reason.MALFORMED_TOKEN : best;
    }

    private static Reason fromCode(int code) {
        return switch (code) {
            case ErrorCodes.EXPIRED -> Reason.EXPIRED;
            case ErrorCodes.EXPIRATION_MISSING, ErrorCodes.ISSUED_AT_MISSING, ErrorCodes.NOT_BEFORE_MISSING,
                    ErrorCodes.JWT_ID_MISSING, ErrorCodes.SUBJECT_MISSING -> Reason.MISSING_CLAIM;
            case ErrorCodes.NOT_YET_VALID -> Reason.NOT_YET_VALID;
            case ErrorCodes.ISSUED_AT_INVALID_FUTURE -> Reason.ISSUED_IN_FUTURE;
            case ErrorCodes.AUDIENCE_MISSING, ErrorCodes.AUDIENCE_INVALID -> Reason.WRONG_AUDIENCE;
            case ErrorCodes.SIGNATURE_INVALID -> Reason.BAD_SIGNATURE;
            case ErrorCodes.SIGNATURE_MISSING, ErrorCodes.INTEGRITY_MISSING -> Reason.ALGORITHM_NOT_ALLOWED;
            case ErrorCodes.ISSUER_MISSING, ErrorCodes.ISSUER_INVALID -> Reason.UNTRUSTED_ISSUER;
            case ErrorCodes.TYPE_MISSING, ErrorCodes.TYPE_INVALID -> Reason.WRONG_TYPE;
            case ErrorCodes.MALFORMED_CLAIM -> Reason.MALFORMED_CLAIM;
            case ClockedTimeValidator.LIFETIME_TOO_LONG_CODE -> Reason.LIFETIME_TOO_LONG;
            default -> Reason.MALFORMED_TOKEN;
        };
    }
}
