package org.jwtgate.jaxrs;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jwtgate.tenant.TenantRequest;
import org.jwtgate.token.MalformedRequestException;
import org.jwtgate.token.UrlEncoded;

/**
 * {@link org.jwtgate.token.BearerRequest} (and {@link TenantRequest}) over a JAX-RS request; the raw
 * path is given by the filter, relative to the same base as the path it matches. Header values are the runtime's, one per header
 * line; the query string and cookies are parsed from the raw request so that every value of a name
 * is seen, in order. The form body is read only by {@link #formParameters} (which core calls only
 * when the form transport is on) and then put back, so the resource can still read it.
 */
final class JaxrsBearerRequest implements TenantRequest {
    /** Larger form bodies are refused (400), as a servlet container's default limit would. */
    static final int MAX_FORM_BYTES = 200_000;
    /** The servlet request attribute of the TLS client's certificate chain (Servlet 6.0 §3.10). */
    static final String CERTIFICATE_PROPERTY = "jakarta.servlet.request.X509Certificate";

    private final ContainerRequestContext request;
    private final String rawPath;
    private byte[] form;

    JaxrsBearerRequest(ContainerRequestContext request, String rawPath) {
        this.request = request;
        this.rawPath = rawPath;
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    @Override
    public String host() {
        return request.getUriInfo().getRequestUri().getHost();
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    /** The runtime's absolute request URI without query and fragment (for DPoP proofs). */
    @Override
    public String requestUrl() {
        java.net.URI u = request.getUriInfo().getRequestUri();
        if (u.getScheme() == null || u.getRawAuthority() == null) {
            return null;
        }
        return u.getScheme() + "://" + u.getRawAuthority() + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    /**
     * The client certificate the servlet container reports, which JAX-RS runtimes in a servlet container
     * (Jersey, RESTEasy) expose as the request property of the same name; null elsewhere.
     */
    @Override
    public java.security.cert.X509Certificate clientCertificate() {
        return request.getProperty(CERTIFICATE_PROPERTY) instanceof java.security.cert.X509Certificate[] chain && chain.length > 0
                ? chain[0] : null;
    }

    // remoteAddress() stays null: JAX-RS has no portable peer address, so the Client-Cert header of a
    // trusted proxy is read only by the servlet filter (whose decision the JAX-RS filter then reuses).

    @Override
    public List<String> headers(String name) {
        List<String> values = request.getHeaders().get(name);
        return values == null ? List.of() : List.copyOf(values);
    }

    @Override
    public List<String> queryParameters(String name) {
        return UrlEncoded.lenientValues(request.getUriInfo().getRequestUri().getRawQuery(), name, StandardCharsets.UTF_8);
    }

    @Override
    public List<String> formParameters(String name) {
        MediaType type = request.getMediaType();
        if (!HttpMethod.POST.equals(request.getMethod()) || type == null || !"application".equalsIgnoreCase(type.getType())
                || !"x-www-form-urlencoded".equalsIgnoreCase(type.getSubtype())) {
            return List.of();
        }
        Charset charset;
        try {
            String declared = type.getParameters().get(MediaType.CHARSET_PARAMETER);
            charset = declared == null ? StandardCharsets.UTF_8 : Charset.forName(declared);
        } catch (RuntimeException e) {
            throw new MalformedRequestException();
        }
        return UrlEncoded.strictValues(new String(body(), charset), name, charset);
    }

    private byte[] body() {
        if (form == null) {
            try (InputStream in = request.getEntityStream()) {
                byte[] bytes = in.readNBytes(MAX_FORM_BYTES + 1);
                if (bytes.length > MAX_FORM_BYTES) {
                    throw new MalformedRequestException();
                }
                form = bytes;
            } catch (IOException e) {
                throw new MalformedRequestException();
            } finally {
                request.setEntityStream(new ByteArrayInputStream(form == null ? new byte[0] : form));
            }
        }
        return form;
    }

    @Override
    public List<String> cookies(String name) {
        List<String> out = new ArrayList<>(1);
        for (String header : headers("Cookie")) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    out.add(unquote(pair.substring(eq + 1).strip()));
                }
            }
        }
        return out;
    }

    // RFC 6265 §4.1.1: a cookie-value may be enclosed in double quotes.
    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
