package org.jwtgate.stepup;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jwtgate.error.Reason;
import org.jwtgate.error.RfcCharset;

/**
 * What a resource requires of its caller's authentication (RFC 9470): an {@code acr} among
 * {@link #acr()} (any of them; none named: any {@code acr}, or none), and an {@code auth_time} at most
 * {@link #maxAge()} ago (plus the clock skew). Immutable; values are configuration, checked here once, and
 * are the only thing the refusal's {@code acr_values} and {@code max_age} ever show.
 */
public final class StepUp {
    /** Nothing required. */
    public static final StepUp NONE = new StepUp(Set.of(), null);

    /** The longest maximum authentication age accepted in configuration. */
    public static final Duration LONGEST_MAX_AGE = Duration.ofDays(366);

    /**
     * The largest {@code auth_time} read as a time (the end of the year 9999); a larger or negative one is
     * malformed.
     */
    static final long MAX_AUTH_TIME = 253_402_300_799L;

    private final Set<String> acr;
    private final Duration maxAge;
    private final String acrValues;
    private final String maxAgeValue;

    private StepUp(Set<String> acr, Duration maxAge) {
        this.acr = acr;
        this.maxAge = maxAge;
        this.acrValues = acr.isEmpty() ? null : String.join(" ", acr);
        this.maxAgeValue = maxAge == null ? null : Long.toString(maxAge.getSeconds());
    }

    /**
     * A requirement.
     *
     * @param acr the acceptable {@code acr} values, any of which will do (empty: no {@code acr} requirement);
     *     each printable ASCII without space, {@code "} or {@code \}, since they are written into the
     *     {@code acr_values} attribute of the challenge
     * @param maxAge the maximum authentication age, whole seconds from 0 to {@link #LONGEST_MAX_AGE}, or null
     * @throws IllegalArgumentException for a value outside those
     */
    public static StepUp of(Collection<String> acr, Duration maxAge) {
        Set<String> values = new LinkedHashSet<>();
        for (String a : acr) {
            if (!RfcCharset.isScopeToken(a)) {
                throw new IllegalArgumentException("acr value '" + a
                        + "' is not printable ASCII without space, '\"' or '\\'");
            }
            values.add(a);
        }
        if (maxAge != null) {
            requireMaxAge(maxAge);
        }
        return values.isEmpty() && maxAge == null ? NONE : new StepUp(Collections.unmodifiableSet(values), maxAge);
    }

    /**
     * Checks a maximum authentication age.
     *
     * @throws IllegalArgumentException unless whole seconds from 0 to {@link #LONGEST_MAX_AGE}
     */
    public static Duration requireMaxAge(Duration maxAge) {
        if (maxAge.isNegative() || maxAge.getNano() != 0 || maxAge.compareTo(LONGEST_MAX_AGE) > 0) {
            throw new IllegalArgumentException("a maximum authentication age must be whole seconds from 0 to 366 days");
        }
        return maxAge;
    }

    /** The acceptable {@code acr} values, in configuration order; empty when none is required. */
    public Set<String> acr() {
        return acr;
    }

    /** The maximum authentication age, if one is required. */
    public Optional<Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /** Whether nothing is required. */
    public boolean isNone() {
        return acr.isEmpty() && maxAge == null;
    }

    /**
     * This more specific requirement over a more general one, attribute by attribute: its {@code acr} set
     * when it names one, else {@code general}'s; its maximum age when it has one, else {@code general}'s.
     */
    public StepUp over(StepUp general) {
        if (general.isNone() || (!acr.isEmpty() && maxAge != null)) {
            return this;
        }
        if (isNone()) {
            return general;
        }
        return new StepUp(acr.isEmpty() ? general.acr : acr, maxAge == null ? general.maxAge : maxAge);
    }

    /**
     * Checks the claims of an accepted token.
     *
     * @param claims the token's verified claims
     * @param now the engine's clock's instant
     * @param skew the engine's clock skew, allowed either way around {@code auth_time}
     * @return null when the requirement is met; {@link Reason#MALFORMED_CLAIM} when a claim it reads is not
     *     a string {@code acr} or a NumericDate {@code auth_time} (from 0 to the year 9999);
     *     {@link Reason#INSUFFICIENT_USER_AUTHENTICATION} when {@code acr} is missing or not one of
     *     {@link #acr()}, or {@code auth_time} is missing, older than {@link #maxAge()} plus {@code skew}, or
     *     further ahead than {@code skew}
     */
    public Reason check(Map<String, Object> claims, Instant now, Duration skew) {
        Object acrClaim = claims.get("acr");
        Object authTime = claims.get("auth_time");
        boolean acrMalformed = !acr.isEmpty() && (acrClaim != null ? !(acrClaim instanceof String)
                : claims.containsKey("acr"));
        long seconds = maxAge == null || authTime == null ? -1 : seconds(authTime);
        boolean authTimeMalformed = maxAge != null && (authTime != null ? seconds < 0 : claims.containsKey("auth_time"));
        if (acrMalformed || authTimeMalformed) {
            return Reason.MALFORMED_CLAIM;
        }
        if (!acr.isEmpty() && (acrClaim == null || !acr.contains(acrClaim))) {
            return Reason.INSUFFICIENT_USER_AUTHENTICATION;
        }
        if (maxAge != null) {
            if (authTime == null) {
                return Reason.INSUFFICIENT_USER_AUTHENTICATION;
            }
            Instant at = Instant.ofEpochSecond(seconds);
            if (at.plus(maxAge).plus(skew).isBefore(now) || at.isAfter(now.plus(skew))) {
                return Reason.INSUFFICIENT_USER_AUTHENTICATION;
            }
        }
        return null;
    }

    // Whole seconds of a NumericDate (RFC 7519 §2: may have a fraction), or -1 when it is not one in range.
    private static long seconds(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            long l = ((Number) value).longValue();
            return l <= MAX_AUTH_TIME ? l : -1;
        }
        if (value instanceof Double d && Double.isFinite(d) && d >= 0 && d <= MAX_AUTH_TIME) {
            return (long) Math.floor(d);
        }
        return -1;
    }

    /** The {@code acr_values} attribute: the acceptable values, space-separated; null when none is required. */
    public String acrValues() {
        return acrValues;
    }

    /** The {@code max_age} attribute: the maximum age in seconds; null when none is required. */
    public String maxAgeValue() {
        return maxAgeValue;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepUp s && acr.equals(s.acr) && Objects.equals(maxAge, s.maxAge);
    }

    @Override
    public int hashCode() {
        return Objects.hash(acr, maxAge);
    }

    @Override
    public String toString() {
        return isNone() ? "StepUp[none]" : "StepUp[acr=" + acr + ", maxAge=" + maxAgeValue + "s]";
    }
}
