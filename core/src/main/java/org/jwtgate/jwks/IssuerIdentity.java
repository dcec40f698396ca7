package org.jwtgate.jwks;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.jose4j.http.SimpleGet;
import org.jose4j.http.SimpleResponse;
import org.jose4j.json.JsonUtil;
import org.jwtgate.config.IssuerConfig;

/**
 * Whether an issuer calls itself what it is configured as. A configured issuer must equal the
 * {@code iss} of its tokens exactly; one that differs by a trailing slash, or names the host another way
 * ({@code localhost} for {@code 127.0.0.1}), makes every token "not trusted" with nothing to tell why.
 * The issuer's own discovery document says what it writes in {@code iss}: compared here once, at start,
 * so that a mismatch is one clear ERROR naming both values. The published value comes from the
 * configured issuer's server, never from a token; it is shown in printable ASCII and cut short.
 */
final class IssuerIdentity {
    private static final int MAX_SHOWN = 200;

    private IssuerIdentity() {
    }

    /**
     * The problem with {@code issuer}'s configuration that its discovery document shows, if any; empty
     * when the document names it exactly, or cannot be read (no discovery endpoint, server not up yet).
     */
    static Optional<String> mismatch(IssuerConfig issuer, SimpleGet get) {
        Object published;
        String location = issuer.discoveryUri().toString();
        try {
            SimpleResponse response = get.get(location);
            if (response.getStatusCode() != 200) {
                return Optional.empty();
            }
            Map<String, Object> doc = JsonUtil.parseJson(response.getBody());
            published = doc == null ? null : doc.get("issuer");
        } catch (Exception | StackOverflowError e) {
            return Optional.empty();
        }
        if (!(published instanceof String named) || named.equals(issuer.issuer())) {
            return Optional.empty();
        }
        return Optional.of(describe(issuer.issuer(), named, location));
    }

    static String describe(String configured, String published, String location) {
        String shown = shown(published);
        String how;
        if (strip(configured).equals(strip(published))) {
            how = "they differ only by a trailing slash";
        } else if (sameButHost(configured, published)) {
            how = "they name the host differently (tokens carry the issuer's own spelling, e.g. localhost is not 127.0.0.1)";
        } else {
            how = "they differ";
        }
        return "jwtgate: the issuer configured as '" + configured + "' calls itself '" + shown + "' in its discovery document at "
                + location + "; " + how + ", and tokens are accepted only when their iss equals the configured issuer "
                + "exactly, so its tokens will be refused as \"not trusted\": configure the issuer as it calls itself";
    }

    private static String strip(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static boolean sameButHost(String a, String b) {
        try {
            URI x = new URI(strip(a));
            URI y = new URI(strip(b));
            return x.getHost() != null && y.getHost() != null && !x.getHost().equalsIgnoreCase(y.getHost())
                    && String.valueOf(x.getScheme()).equalsIgnoreCase(String.valueOf(y.getScheme()))
                    && x.getPort() == y.getPort() && String.valueOf(x.getPath()).equals(String.valueOf(y.getPath()));
        } catch (Exception e) {
            return false;
        }
    }

    private static String shown(String published) {
        String printable = published.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= MAX_SHOWN ? printable : printable.substring(0, MAX_SHOWN) + "...";
    }
}
