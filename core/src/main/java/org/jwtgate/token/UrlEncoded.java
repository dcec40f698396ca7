package org.jwtgate.token;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code application/x-www-form-urlencoded} text: a raw query string (RFC 6750 §2.3) or a
 * form body (RFC 6750 §2.2), for adapters whose runtime offers no parsing that keeps every value
 * of a name in order.
 */
public final class UrlEncoded {
    private UrlEncoded() {
    }

    /**
     * All values of {@code name}, in order ({@code +} is a space). An undecodable escape is kept raw:
     * it can never form a b64token, so the extractor refuses it as malformed.
     */
    public static List<String> lenientValues(String encoded, String name, Charset charset) {
        return values(encoded, name, charset, false);
    }

    /**
     * All values of {@code name}, in order, as a servlet container parses a form body.
     *
     * @throws MalformedRequestException on an undecodable escape anywhere in {@code encoded}
     */
    public static List<String> strictValues(String encoded, String name, Charset charset) {
        return values(encoded, name, charset, true);
    }

    private static List<String> values(String encoded, String name, Charset charset, boolean strict) {
        if (encoded == null || encoded.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(1);
        for (String pair : encoded.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            boolean match = decode(eq < 0 ? pair : pair.substring(0, eq), charset, strict).equals(name);
            // Strict: every value must decode, as when a servlet container parses the whole body.
            String value = eq < 0 ? "" : match || strict ? decode(pair.substring(eq + 1), charset, strict) : null;
            if (match) {
                out.add(value);
            }
        }
        return out;
    }

    private static String decode(String s, Charset charset, boolean strict) {
        try {
            return URLDecoder.decode(s, charset);
        } catch (IllegalArgumentException e) {
            if (strict) {
                throw new MalformedRequestException();
            }
            return s;
        }
    }
}
