package org.jwtgate.token;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What the extractor needs from a request, provided by each adapter (servlet, JAX-RS). Methods
 * return all values, in order, or an empty list; they never return null.
 */
public interface BearerRequest {

    /** All values of a header; the name is case-insensitive. */
    List<String> headers(String name);

    /** All values of a query-string parameter. Called only when the query transport is enabled. */
    List<String> queryParameters(String name);

    /**
     * All values of a parameter of an {@code application/x-www-form-urlencoded} POST body (RFC 6750
     * §2.2); empty for other requests. Called only when the form transport is enabled, so that the
     * body of other applications is never consumed.
     *
     * @throws MalformedRequestException when the body cannot be decoded (answered 400)
     */
    List<String> formParameters(String name);

    /** All values of a cookie. Called only when a cookie name is configured. */
    List<String> cookies(String name);

    /**
     * The request method as sent, e.g. {@code GET}: a DPoP proof's {@code htm} (RFC 9449 §4.3 step 8).
     * Null when the adapter cannot tell, and then no DPoP proof is accepted.
     */
    default String method() {
        return null;
    }

    /**
     * The absolute URL the container received the request at, {@code scheme://host[:port]/path}, the
     * path as sent (not decoded), without query and fragment: a DPoP proof's {@code htu} (RFC 9449 §4.3
     * step 9), unless {@code public-origin} replaces its scheme, host and port. Null when the adapter
     * cannot tell, and then no DPoP proof is accepted.
     */
    default String requestUrl() {
        return null;
    }

    /**
     * The client certificate of the request's TLS connection, as the container reports it (the first of
     * the Servlet attribute {@code jakarta.servlet.request.X509Certificate}): what a certificate-bound
     * token's {@code cnf.x5t#S256} must name (RFC 8705 §3). Null when there is none or the adapter
     * cannot tell, and then no certificate-bound token is accepted.
     */
    default X509Certificate clientCertificate() {
        return null;
    }

    /**
     * The IP address of the peer that sent the request, as the container reports it (the TCP peer, a
     * proxy's when there is one). Read only against {@code client-cert-trusted-proxies}; null when the
     * adapter cannot tell, and then the {@code Client-Cert} header is never read.
     */
    default String remoteAddress() {
        return null;
    }
}
