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
        return check(clock.millis(), exp.getValue(), nbf != null, nbf == null ? 0 : nbf.getValue(), iat != null,
                iat == null ? 0 : iat.getValue());
    }

    /** Whether a token with these times (seconds) is timely at {@code nowMillis}: the rule of {@link #validate}. */
    boolean accepts(long nowMillis, long exp, boolean hasNbf, long nbf, boolean hasIat, long iat) {
        return check(nowMillis, exp, hasNbf, nbf, hasIat, iat) == null;
    }

    private Error check(long nowMillis, long exp, boolean hasNbf, long nbf, boolean hasIat, long iat) {
        long now = Math.floorDiv(nowMillis, 1000L);
        if (now - skewSeconds >= exp) {
            return EXPIRED;
        }
        if ((hasIat && exp < iat) || (hasNbf && exp < nbf)) {
            return INCONSISTENT;
        }
        if (hasNbf && now + skewSeconds < nbf) {
            return NOT_YET_VALID;
        }
        if (hasIat && iat - now > skewSeconds) {
            return IAT_FUTURE;
        }
        return null;
    }

    /** {@code exp} plus the skew in milliseconds: from then on {@link #validate} refuses the token. */
    long expiredFromMillis(long exp) {
        if (exp >= Long.MAX_VALUE / 1000 - skewSeconds) {
            return Long.MAX_VALUE;
        }
        return exp <= Long.MIN_VALUE / 1000 ? Long.MIN_VALUE : (exp + skewSeconds) * 1000;
    }
}
