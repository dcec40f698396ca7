package org.jwtgate.jwks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.jose4j.http.SimpleGet;
import org.jose4j.http.SimpleResponse;

/**
 * The HTTP GET behind every JWKS and discovery fetch, given to jose4j as its {@link SimpleGet}:
 * connect and read timeouts, a deadline for the whole body (a server that dribbles bytes cannot hold
 * a thread for long), a size cap checked before and while reading, no redirects (a 3xx is a failed
 * fetch, so nothing is ever sent to a {@code Location}), an optional trust store and an optional
 * {@link JwksCredential}, sent only to the origin it is bound to. One instance per issuer: a
 * credential is never shared between issuers.
 */
public final class BoundedGet implements SimpleGet {
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final int maxBytes;
    private final Optional<SSLSocketFactory> sslSocketFactory;
    private final Optional<JwksCredential> credential;

    public BoundedGet(Duration connectTimeout, Duration readTimeout, int maxBytes,
            Optional<SSLSocketFactory> sslSocketFactory, Optional<JwksCredential> credential) {
        this.connectTimeoutMillis = (int) connectTimeout.toMillis();
        this.readTimeoutMillis = (int) readTimeout.toMillis();
        this.maxBytes = maxBytes;
        this.sslSocketFactory = sslSocketFactory;
        this.credential = credential;
    }

    @Override
    public SimpleResponse get(String location) throws IOException {
        URL url = new URL(location);
        // The origin is taken from the URL that is opened, so the check and the connection cannot disagree.
        Optional<JwksCredential> sent = credential.filter(c -> c.isFor(Origin.of(url)));
        HttpURLConnection conn = (HttpURLConnection) url.openConnection();
        try {
            conn.setConnectTimeout(connectTimeoutMillis);
            conn.setReadTimeout(readTimeoutMillis);
            conn.setInstanceFollowRedirects(false);
            conn.setUseCaches(false);
            conn.setRequestProperty("Accept", "application/jwk-set+json, application/json");
            sent.ifPresent(c -> conn.setRequestProperty("Authorization", c.headerValue()));
            if (conn instanceof HttpsURLConnection https && sslSocketFactory.isPresent()) {
                https.setSSLSocketFactory(sslSocketFactory.get());
            }
            int status;
            try {
                status = conn.getResponseCode();
            } catch (SocketTimeoutException e) {
                throw new JwksFetchException(FetchResult.TIMEOUT, "no response from " + location + " within the timeouts");
            } catch (IOException e) {
                throw new JwksFetchException(FetchResult.CONNECT_ERROR, "cannot connect to " + location + " (" + e.getClass().getSimpleName() + ")");
            }
            if (status != 200) {
                throw new JwksFetchException(FetchResult.HTTP_ERROR, location + " answered HTTP " + status + " instead of 200");
            }
            long declared = conn.getContentLengthLong();
            if (declared > maxBytes) {
                throw new JwksFetchException(FetchResult.TOO_LARGE, location + " sent " + declared + " bytes, more than the "
                        + maxBytes + " allowed (jwks-max-response-size)");
            }
            String body = readBody(location, conn);
            return new FetchedDocument(status, headers(conn.getHeaderFields()), body);
        } finally {
            conn.disconnect();
        }
    }

    private String readBody(String location, HttpURLConnection conn) throws IOException {
        long deadline = System.nanoTime() + readTimeoutMillis * 1_000_000L;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try (InputStream in = conn.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (out.size() > maxBytes) {
                    throw new JwksFetchException(FetchResult.TOO_LARGE, location + " sent more than the " + maxBytes
                            + " bytes allowed (jwks-max-response-size)");
                }
                if (System.nanoTime() > deadline) {
                    throw new JwksFetchException(FetchResult.TIMEOUT, location + " did not finish its response within the read timeout");
                }
            }
        } catch (SocketTimeoutException e) {
            throw new JwksFetchException(FetchResult.TIMEOUT, location + " stalled while sending its response");
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> headers(Map<String, List<String>> raw) {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        raw.forEach((k, v) -> {
            if (k != null) {
                h.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v));
            }
        });
        return h;
    }
}
