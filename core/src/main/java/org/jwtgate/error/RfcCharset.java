package org.jwtgate.error;

/**
 * Character-set checks for the values written into {@code WWW-Authenticate}, so that the one
 * place that writes the header never needs to escape anything.
 */
public final class RfcCharset {
    private RfcCharset() {
    }

    /** RFC 6750 §3: {@code error} and {@code error_description} use %x20-21 / %x23-5B / %x5D-7E. */
    public static boolean isErrorText(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** RFC 6750 §3: a scope-token is 1*( %x21 / %x23-5B / %x5D-7E ). */
    public static boolean isScopeToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    static String requireErrorText(String s) {
        if (!isErrorText(s)) {
            throw new IllegalArgumentException("not in the RFC 6750 error text character set");
        }
        return s;
    }
}
