package org.jwtgate.token;

import java.util.List;
import java.util.Optional;
import org.jwtgate.config.DpopMode;
import org.jwtgate.config.GateConfig;
import org.jwtgate.error.Reason;
import org.jwtgate.error.Scheme;

/**
 * Finds the bearer token of a request (RFC 6750 §2). The {@code Authorization: Bearer} header is
 * always read (scheme case-insensitive, RFC 7235 §2.1), {@code Authorization: DPoP} (RFC 9449 §7.1) too
 * unless {@code dpop=off}; the form body, the query string and a named
 * cookie only when enabled. A token sent more than once, or two Authorization headers, is an
 * {@code invalid_request}.
 */
public final class BearerExtractor {
    /** The RFC 6750 §2.2/§2.3 parameter name. */
    public static final String ACCESS_TOKEN = "access_token";

    private final int maxLength;
    private final boolean query;
    private final boolean form;
    private final Optional<String> cookie;
    private final boolean dpop;

    public BearerExtractor(GateConfig config) {
        this.maxLength = config.maxTokenLength();
        this.query = config.queryParameter();
        this.form = config.formParameter();
        this.cookie = config.cookieName();
        this.dpop = config.dpop() != DpopMode.OFF;
    }

    /** Extracts the token; never throws on request content. */
    public Extraction extract(BearerRequest request) {
        String found = null;
        int count = 0;
        Scheme scheme = Scheme.BEARER;

        List<String> authorization = request.headers("Authorization");
        if (authorization.size() > 1) {
            return new Extraction.Invalid(Reason.MULTIPLE_TOKENS);
        }
        if (authorization.size() == 1) {
            String header = authorization.get(0);
            int start = isScheme(header, "Bearer") ? 6 : dpop && isScheme(header, "DPoP") ? 4 : -1;
            if (start > 0) {
                scheme = start == 4 ? Scheme.DPOP : Scheme.BEARER;
                while (start < header.length() && Character.isWhitespace(header.charAt(start))) {
                    start++;
                }
                String token = header.substring(start); // one copy of the token, as stripLeading after substring would give
                Reason bad = check(token, Reason.MALFORMED_HEADER);
                if (bad != null) {
                    return new Extraction.Invalid(bad, scheme);
                }
                found = token;
                count++;
            }
        }
        if (form) {
            List<String> values;
            try {
                values = request.formParameters(ACCESS_TOKEN);
            } catch (MalformedRequestException e) {
                return new Extraction.Invalid(Reason.MALFORMED_REQUEST);
            }
            for (String v : values) {
                Reason bad = check(v, Reason.MALFORMED_TOKEN);
                if (bad != null) {
                    return new Extraction.Invalid(bad);
                }
                found = v;
                count++;
            }
        }
        if (query) {
            for (String v : request.queryParameters(ACCESS_TOKEN)) {
                Reason bad = check(v, Reason.MALFORMED_TOKEN);
                if (bad != null) {
                    return new Extraction.Invalid(bad);
                }
                found = v;
                count++;
            }
        }
        if (cookie.isPresent()) {
            for (String v : request.cookies(cookie.get())) {
                if (v == null || v.isEmpty()) {
                    continue; // an emptied cookie is a logged-out browser, not a malformed request
                }
                Reason bad = check(v, Reason.MALFORMED_TOKEN);
                if (bad != null) {
                    return new Extraction.Invalid(bad);
                }
                found = v;
                count++;
            }
        }
        if (count > 1) {
            return new Extraction.Invalid(Reason.MULTIPLE_TOKENS, scheme);
        }
        return found == null ? Extraction.ABSENT : new Extraction.Found(found, scheme);
    }

    // The scheme followed by at least one space, or exactly the scheme (a malformed credential).
    private static boolean isScheme(String header, String scheme) {
        int n = scheme.length();
        if (header == null || header.length() < n || !header.regionMatches(true, 0, scheme, 0, n)) {
            return false;
        }
        return header.length() == n || header.charAt(n) == ' ';
    }

    private Reason check(String token, Reason malformed) {
        if (token == null || token.isEmpty()) {
            return malformed == Reason.MALFORMED_HEADER ? malformed : Reason.EMPTY_TOKEN;
        }
        if (token.length() > maxLength) {
            return Reason.TOKEN_TOO_LONG;
        }
        return isB64Token(token) ? null : malformed;
    }

    private static final boolean[] B64TOKEN = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            B64TOKEN[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~' || c == '+' || c == '/';
        }
    }

    /** RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=". */
    static boolean isB64Token(String s) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c < 128 && B64TOKEN[c]) {
                i++;
            } else {
                break;
            }
        }
        if (i == 0) {
            return false;
        }
        while (i < n && s.charAt(i) == '=') {
            i++;
        }
        return i == n;
    }
}
