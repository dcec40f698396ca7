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
 * (RFC 7519 §4.1.4-6), and {@code exp} no further than {@code max-token-lifetime} from now and from
 * {@code iat}. jose4j's own date validator reads the system clock, so it is replaced by this
 * one; the error codes stay jose4j's.
 */
final class ClockedTimeValidator implements ErrorCodeValidator {
    private static final Error MISSING_EXP = new Error(ErrorCodes.EXPIRATION_MISSING, "exp missing");
    private static final Error EXPIRED = new Error(ErrorCodes.EXPIRED, "expired");
    private static final Error NOT_YET_VALID = new Error(ErrorCodes.NOT_YET_VALID, "not yet valid");
    private static final Error IAT_FUTURE = new Error(ErrorCodes.ISSUED_AT_INVALID_FUTURE, "iat in the future");
    private static final Error INCONSISTENT = new Error(ErrorCodes.MALFORMED_CLAIM, "exp before iat or nbf");
    /** jwtgate's own error code (outside jose4j's range) for an {@code exp} beyond max-token-lifetime. */
    static final int LIFETIME_TOO_LONG_CODE = 9_001;
    private static final Error LIFETIME_TOO_LONG = new Error(LIFETIME_TOO_LONG_CODE, "lifetime too long");

    private final Clock clock;
    private final long skewSeconds;
    private final long maxLifetimeSeconds;

    /** @param maxLifetime the longest {@code exp} may lie ahead of now and of {@code iat}; null: unlimited */
    ClockedTimeValidator(Clock clock, Duration skew, Duration maxLifetime) {
        this.clock = clock;
        this.skewSeconds = skew.toSeconds();
        this.maxLifetimeSeconds = maxLifetime == null ? Long.MAX_VALUE : maxLifetime.toSeconds() + skewSeconds;
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
        // Seconds are within +-MemberTypes.MAX_SECONDS, so the differences cannot overflow.
        if (exp - now > maxLifetimeSeconds || (hasIat && exp - iat > maxLifetimeSeconds)) {
            return LIFETIME_TOO_LONG;
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
