package org.jwtgate.jwks;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import org.jose4j.http.SimpleGet;
import org.jose4j.http.SimpleResponse;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;
import org.jwtgate.config.HttpsPolicy;
import org.jwtgate.config.IssuerConfig;
import org.jwtgate.config.Parameters;

/**
 * Finds an issuer's JWKS URI through OpenID Connect discovery (Discovery 1.0 §4), and decides whether
 * the URI a document names may be fetched at all. A discovery document is remote input: it must name
 * the configured issuer exactly (§4.3), and its {@code jwks_uri}
 * <ul>
 * <li>obeys the rule of a configured URI: https, or http to a loopback host, or http anywhere with
 * {@code jwks-allow-http=true};</li>
 * <li>never downgrades an https issuer to http without {@code jwks-allow-http=true} (a remote issuer
 * must not point the validator at a local plain-http port);</li>
 * <li>is on the issuer's own origin unless {@code jwks-allow-cross-origin=true}.</li>
 * </ul>
 * A refused URI is never fetched: the refusal is a {@link JwksFetchException} (the key set reports it
 * and its tokens get 503, as for any failing key source). Messages name the issuer's configured URLs,
 * the refused origin and the parameter that would accept it; never a document body.
 */
final class Discovery {
    private Discovery() {
    }

    static String jwksUri(IssuerConfig issuer, SimpleGet get, boolean allowHttp, boolean allowCrossOrigin)
            throws IOException {
        URI discoveryUri = issuer.discoveryUri();
        String discovery = discoveryUri.toString();
        SimpleResponse response = get.get(discovery);
        Map<String, Object> doc;
        try {
            doc = JsonUtil.parseJson(response.getBody());
        } catch (JoseException | RuntimeException | StackOverflowError e) {
            throw new JwksFetchException("the discovery document at " + discovery + " is not valid JSON");
        }
        if (doc == null || !issuer.issuer().equals(doc.get("issuer"))) {
            throw new JwksFetchException(doc != null && doc.get("issuer") instanceof String named
                    ? IssuerIdentity.describe(issuer.issuer(), named, discovery).substring("jwtgate: ".length())
                            + " (OpenID Connect Discovery 1.0 §4.3)"
                    : "the discovery document at " + discovery
                            + " does not name the configured issuer exactly (OpenID Connect Discovery 1.0 §4.3)");
        }
        if (!(doc.get("jwks_uri") instanceof String uri)) {
            throw new JwksFetchException("the discovery document at " + discovery + " has no jwks_uri");
        }
        URI parsed;
        Optional<Origin> target;
        try {
            parsed = new URI(uri);
            // The origin a connection would reach, parsed as BoundedGet will parse it; it must agree with the URI's.
            target = HttpsPolicy.isHttpUrl(parsed) ? Origin.of(new URL(uri)) : Optional.empty();
        } catch (URISyntaxException | MalformedURLException | RuntimeException e) {
            throw new JwksFetchException("the discovery document at " + discovery + " has an invalid jwks_uri");
        }
        if (target.isEmpty() || !target.equals(Origin.of(parsed))) {
            throw new JwksFetchException("the discovery document at " + discovery
                    + " has a jwks_uri that is not an absolute http(s) URL; it is not fetched");
        }
        Origin own = Origin.of(discoveryUri).orElseThrow();
        Origin other = target.get();
        if (!HttpsPolicy.isAllowed(parsed, allowHttp)) {
            throw new JwksFetchException("the discovery document at " + discovery + " names a jwks_uri on " + other
                    + " over http:// to a non-loopback host; it is not fetched: use https, or set "
                    + Parameters.JWKS_ALLOW_HTTP + "=true to accept the risk");
        }
        if (own.scheme().equals("https") && other.scheme().equals("http") && !allowHttp) {
            throw new JwksFetchException("the discovery document at " + discovery + " names a jwks_uri on " + other
                    + ", plain http for an https issuer; it is not fetched: set " + Parameters.JWKS_ALLOW_HTTP
                    + "=true to accept the risk");
        }
        if (!other.equals(own) && !allowCrossOrigin) {
            throw new JwksFetchException("the discovery document at " + discovery + " names a jwks_uri on another origin ("
                    + other + "); it is not fetched: set " + Parameters.JWKS_ALLOW_CROSS_ORIGIN
                    + "=true to accept keys from another origin, or give the JWKS URI in " + Parameters.ISSUERS
                    + " as ISSUER|JWKS_URI");
        }
        return uri;
    }
}
