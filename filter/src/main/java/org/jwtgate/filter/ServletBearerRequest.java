package org.jwtgate.filter;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import org.jwtgate.tenant.TenantRequest;
import org.jwtgate.token.MalformedRequestException;
import org.jwtgate.token.UrlEncoded;

/**
 * {@link org.jwtgate.token.BearerRequest} (and {@link TenantRequest}) over a servlet request. The raw
 * path is the request URI as sent without the context path (on an INCLUDE, the included one's), or
 * none when the container removed a {@code ;jsessionid} from it; the host is {@code getServerName()}; the
 * method and URL (for DPoP proofs) are the container's, and so are the client certificate and the peer
 * address (for certificate-bound tokens). The query string is parsed here so
 * that reading it never touches the body; the body is read (through the container's parameter
 * parsing, in the request's character encoding) only by {@link #formParameters}, which core calls
 * only when the form transport is on. After that, the application can still read the parameters, but
 * no longer the raw body stream, nor change the request's character encoding.
 */
public final class ServletBearerRequest implements TenantRequest {
    private static final System.Logger LOG = System.getLogger(ServletBearerRequest.class.getName());
    private static final String FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";
    /** The request attribute where a servlet container puts the TLS client's certificate chain (Servlet 6.0 §3.10). */
    static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private final HttpServletRequest request;

    /**
     * The bearer-token view of {@code request}.
     *
     * @param request the request as this dispatch sees it
     */
    public ServletBearerRequest(HttpServletRequest request) {
        this.request = request;
    }

    @Override
    public List<String> headers(String name) {
        Enumeration<String> values = request.getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }

    @Override
    public String rawPath() {
        boolean include = request.getDispatcherType() == DispatcherType.INCLUDE;
        Object uri = include ? request.getAttribute(RequestDispatcher.INCLUDE_REQUEST_URI) : request.getRequestURI();
        Object context = include ? request.getAttribute(RequestDispatcher.INCLUDE_CONTEXT_PATH) : request.getContextPath();
        if (!(uri instanceof String u) || !(context instanceof String c) || !u.startsWith(c)) {
            return null;
        }
        if (request.isRequestedSessionIdFromURL() && u.indexOf(';') < 0) {
            return null; // the container took a ;jsessionid out of the URI (Payara does): not the path as sent
        }
        return u.substring(c.length());
    }

    @Override
    public String host() {
        return request.getServerName();
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    /**
     * The URL the client sent the request to, as the container reports it: scheme, server name and
     * port, and the request URI as sent (on a FORWARD, the original one).
     *
     * @return {@code scheme://host:port/path}, or null when the container does not tell
     */
    @Override
    public String requestUrl() {
        Object uri = request.getDispatcherType() == DispatcherType.FORWARD
                ? request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI) : request.getRequestURI();
        String host = request.getServerName();
        if (!(uri instanceof String u) || host == null) {
            return null;
        }
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]"; // an IPv6 literal
        }
        return request.getScheme() + "://" + host + ":" + request.getServerPort() + u;
    }

    /** The first certificate of the container's {@value #CERTIFICATE_ATTRIBUTE} attribute: the client's own. */
    @Override
    public X509Certificate clientCertificate() {
        return request.getAttribute(CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] chain && chain.length > 0 ? chain[0] : null;
    }

    /** {@code getRemoteAddr()}: the TCP peer, unless the container was told to take it from a proxy's header. */
    @Override
    public String remoteAddress() {
        return request.getRemoteAddr();
    }

    @Override
    public List<String> queryParameters(String name) {
        return queryValues(request.getQueryString(), name);
    }

    @Override
    public List<String> formParameters(String name) {
        if (!isFormPost(request)) {
            return List.of();
        }
        String[] all;
        try {
            all = request.getParameterValues(name);
        } catch (RuntimeException e) {
            // The container cannot parse the body (bad percent-encoding, too large): core answers 400,
            // rather than letting the container's error page (which may echo the input) answer.
            LOG.log(Level.DEBUG, "jwtgate: form body not readable ({0})", e.getClass().getSimpleName());
            throw new MalformedRequestException();
        }
        if (all == null) {
            return List.of();
        }
        // Servlet 6.0 §3.1: query-string values come first, then the body's.
        int fromQuery = queryParameters(name).size();
        return fromQuery >= all.length ? List.of() : Arrays.asList(all).subList(fromQuery, all.length);
    }

    @Override
    public List<String> cookies(String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(1);
        for (Cookie c : cookies) {
            if (name.equals(c.getName())) {
                out.add(c.getValue());
            }
        }
        return out;
    }

    static boolean isFormPost(HttpServletRequest request) {
        String type = request.getContentType();
        if (!"POST".equals(request.getMethod()) || type == null) {
            return false;
        }
        int semicolon = type.indexOf(';');
        String media = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
        return media.toLowerCase(Locale.ROOT).equals(FORM_MEDIA_TYPE);
    }

    /** All values of {@code name} in a raw query string (UTF-8, {@code +} as space), in order. */
    static List<String> queryValues(String query, String name) {
        return UrlEncoded.lenientValues(query, name, StandardCharsets.UTF_8);
    }
}
