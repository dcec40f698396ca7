package org.jwtgate.validation;

import java.time.Clock;
import java.time.Duration;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.JwtContext;

/**
 * {@code exp} (required), {@code nbf} and {@code iat} against an injected {@link Clock} with a skew
 * (RFC 7519 §4.1.4-6). jose4j's own date validator reads the system clock, so it is replaced by this
 * one; the error codes stay jose4j's.
 */
final class ClockedTimeValidator implements ErrorCodeValidator {
    private static final Error MISSING_EXP = new Error(ErrorCodes.EXPIRATION_MISSING, "exp missing");
    private static final Error EXPIRED = new Error(ErrorCodes.EXPIRED, "expired");
    private static final Error NOT_YET_VALID = new Error(ErrorCodes.NOT_YET_VALID, "not yet valid");
    private static final Error IAT_FUTURE = new Error(ErrorCodes.ISSUED_AT_INVALID_FUTURE, "iat in the future");
    private static final Error INCONSISTENT = new Error(ErrorCodes.MALFORMED_CLAIM, "exp before iat or nbf");

    private final Clock clock;
    private final long skewSeconds;

    ClockedTimeValidator(Clock clock, Duration skew) {
        this.clock = clock;
        this.skewSeconds = skew.toSeconds();
    }

    @Override
    public Error validate(JwtContext context) throws MalformedClaimException {
        JwtClaims claims = context.getJwtClaims();
        NumericDate exp = claims.getExpirationTime();
        NumericDate nbf = claims.getNotBefore();
        NumericDate iat = claims.getIssuedAt();
        if (exp == null) {
            return MISSING_EXP;
        }
        long now = Math.floorDiv(clock.millis(), 1000L);
        if (now - skewSeconds >= exp.getValue()) {
            return EXPIRED;
        }
        if ((iat != null && exp.isBefore(iat)) || (nbf != null && exp.isBefore(nbf))) {
            return INCONSISTENT;
        }
        if (nbf != null && now + skewSeconds < nbf.getValue()) {
            return NOT_YET_VALID;
        }
        if (iat != null && iat.getValue() - now > skewSeconds) {
            return IAT_FUTURE;
        }
        return null;
    }
}
