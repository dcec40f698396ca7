package org.jwtgate.validation;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jwtgate.error.Reason;

/**
 * The JSON types of what the engine reads, checked once per token before anything reads it, so that
 * every later read (jose4j's getters cast without checking) is safe and a member of the wrong type is
 * a refusal, never an exception:
 * <ul>
 * <li>header (RFC 7515 §4.1, RFC 7797 §3): {@code alg kid typ cty x5t x5t#S256 jku x5u} strings,
 * {@code crit x5c} arrays of strings, {@code jwk} an object, {@code b64} a boolean;</li>
 * <li>claims (RFC 7519 §4.1, RFC 8693 §4.2, RFC 7800 §3.1): {@code iss sub jti} strings, {@code aud} a
 * string or an array of strings, {@code exp nbf iat} numbers that fit a 64-bit second count,
 * {@code scope scp} strings or arrays of strings, {@code cnf} an object; the role claim paths objects
 * along the way and a string or an array of strings at the end; the principal claim checked by the
 * engine;</li>
 * <li>both: nested at most {@value #MAX_DEPTH} levels, and no string, member name included, holding an
 * unpaired surrogate (RFC 8259 §8.2: what a {@code \\uD800} escape makes, which two parsers may read
 * differently).</li>
 * </ul>
 * Text is decoded from UTF-8 strictly ({@link #utf8}): RFC 8259 §8.1 requires UTF-8, and decoders
 * disagree on what invalid bytes mean.
 */
final class MemberTypes {
    /** JSON nesting a header or claims set may have: real tokens have a handful of levels. */
    static final int MAX_DEPTH = 32;

    private static final List<String> HEADER_STRINGS = List.of("alg", "kid", "typ", "cty", "x5t", "x5t#S256", "jku",
            "x5u");
    private static final List<String> CLAIM_STRINGS = List.of("iss", "sub", "jti");
    private static final List<String> CLAIM_DATES = List.of("exp", "nbf", "iat");
    /**
     * The largest NumericDate accepted, in seconds (either sign): past it, milliseconds overflow a long
     * (the year 292,277,026). Beyond it a value is refused rather than wrapped or clamped.
     */
    static final long MAX_SECONDS = Long.MAX_VALUE / 1000;

    private MemberTypes() {
    }

    /** Whether the header's members have their registered types; see the class comment. */
    static boolean headerWellTyped(Map<String, Object> header) {
        for (String name : HEADER_STRINGS) {
            if (!optional(header, name, v -> v instanceof String)) {
                return false;
            }
        }
        return optional(header, "crit", MemberTypes::isStringArray) && optional(header, "x5c", MemberTypes::isStringArray)
                && optional(header, "jwk", v -> v instanceof Map) && optional(header, "b64", v -> v instanceof Boolean)
                && wellFormed(header, MAX_DEPTH, true);
    }

    /**
     * Null when the claims' members have their registered types, else the reason to refuse the token.
     *
     * @param roleClaims the dotted role paths the engine reads
     */
    static Reason claims(Map<String, Object> claims, List<ClaimPath> roleClaims) {
        return claims(claims, roleClaims, true);
    }

    /**
     * {@link #claims(Map, List)} for claims parsed from {@code json}, text decoded by {@link #utf8}: such
     * text holds no unpaired surrogate (strict UTF-8 has none), so a string parsed from it can only hold
     * one through a <code>&#92;u</code> escape; text without a backslash has no escape, and its strings are not
     * scanned again.
     */
    static Reason claims(Map<String, Object> claims, List<ClaimPath> roleClaims, String json) {
        return claims(claims, roleClaims, json.indexOf('\\') >= 0);
    }

    private static Reason claims(Map<String, Object> claims, List<ClaimPath> roleClaims, boolean escapes) {
        for (String name : CLAIM_STRINGS) {
            if (!optional(claims, name, v -> v instanceof String)) {
                return Reason.MALFORMED_CLAIM;
            }
        }
        for (String name : CLAIM_DATES) {
            if (!optional(claims, name, MemberTypes::isSeconds)) {
                return Reason.MALFORMED_CLAIM;
            }
        }
        if (!optional(claims, "aud", MemberTypes::isStringOrStringArray)
                || !optional(claims, "scope", MemberTypes::isStringOrStringArray)
                || !optional(claims, "scp", MemberTypes::isStringOrStringArray)
                || !optional(claims, "cnf", v -> v instanceof Map)) {
            return Reason.MALFORMED_CLAIM;
        }
        for (ClaimPath path : roleClaims) {
            if (!path.wellTyped(claims)) {
                return Reason.MALFORMED_CLAIM;
            }
        }
        return wellFormed(claims, MAX_DEPTH, escapes) ? null : Reason.MALFORMED_CLAIM;
    }

    /** A NumericDate's whole seconds; only for values {@link #claims} accepted. */
    static long seconds(Object value) {
        return ((Number) value).longValue();
    }

    /**
     * The bytes as UTF-8, refusing malformed input (invalid sequences, overlong forms, encoded
     * surrogates) instead of replacing it.
     *
     * @throws CharacterCodingException when the bytes are not valid UTF-8
     */
    static String utf8(byte[] bytes) throws CharacterCodingException {
        for (byte b : bytes) {
            if (b < 0) {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            }
        }
        return new String(bytes, StandardCharsets.ISO_8859_1); // ASCII: the common case, without a decoder
    }

    private interface Check {
        boolean test(Object value);
    }

    // Absent is fine; present (null included) must pass.
    private static boolean optional(Map<String, Object> members, String name, Check check) {
        Object v = members.get(name);
        return v == null ? !members.containsKey(name) : check.test(v);
    }

    static boolean isStringOrStringArray(Object v) {
        return v instanceof String || isStringArray(v);
    }

    private static boolean isStringArray(Object v) {
        if (!(v instanceof List<?> list)) {
            return false;
        }
        for (Object o : list) {
            if (!(o instanceof String)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSeconds(Object v) {
        if (v instanceof Long || v instanceof Integer) {
            long l = ((Number) v).longValue();
            return l >= -MAX_SECONDS && l <= MAX_SECONDS;
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) && Math.abs(d) <= MAX_SECONDS;
        }
        return false; // BigInteger would wrap in longValue(): 2^64 + 1700000000 must not read as 1700000000
    }

    // Depth and, with strings true, strings: no unpaired surrogate in a member name or a string value.
    private static boolean wellFormed(Object value, int levels, boolean strings) {
        if (value instanceof String s) {
            return !strings || isWellFormedUtf16(s);
        }
        if (value instanceof Map<?, ?> m) {
            if (levels == 0) {
                return false;
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k) || strings && !isWellFormedUtf16(k)
                        || !wellFormed(e.getValue(), levels - 1, strings)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof List<?> l) {
            if (levels == 0) {
                return false;
            }
            for (Object o : l) {
                if (!wellFormed(o, levels - 1, strings)) {
                    return false;
                }
            }
            return true;
        }
        return true;
    }

    private static boolean isWellFormedUtf16(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }
}
