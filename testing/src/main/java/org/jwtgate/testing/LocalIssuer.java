package org.jwtgate.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real OpenID-style issuer served over HTTP on 127.0.0.1 (a free port), for tests.
 *
 * <p>Serves {@code GET {issuer}/.well-known/openid-configuration} and {@code GET {issuer}/jwks}
 * (public keys only); every other path answers 404. Keys can be rotated, and failures (outages,
 * delays, bad bodies, odd statuses, a discovery document naming any {@code jwks_uri}) injected while
 * the server runs; it counts requests and records the {@code Authorization} headers it receives. All
 * methods are thread-safe.
 *
 * <pre>{@code
 * try (LocalIssuer issuer = LocalIssuer.start()) {
 *     String token = issuer.minter().subject("alice").sign();
 *     // validate token against issuer.jwksUri() ...
 * }
 * }</pre>
 */
public final class LocalIssuer implements AutoCloseable {

    /** How an outage manifests to clients. */
    public enum Outage {
        /** Requests are answered {@code 503 Service Unavailable}. */
        HTTP_503,
        /** The connection is closed without any response. */
        CONNECTION_CLOSE
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final LocalIssuer owner;
    private final String contextPath;
    private final AtomicInteger unmatchedRequests = new AtomicInteger();
    private final String issuer;
    private final String jwksPath;
    private final String discoveryPath;
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final AtomicInteger discoveryRequests = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile List<PublicJsonWebKey> keys;
    private volatile PublicJsonWebKey current;
    private volatile boolean closed;

    private volatile Outage outage;
    private volatile Duration delay;
    private volatile String cacheControl;
    private volatile String rawJwksBody;
    private volatile int hugeJwksBytes = -1;
    private volatile int slowJwksBytes = -1;
    private volatile Duration slowJwksInterval;
    private volatile int jwksStatus;

    private volatile String requiredAuthorization;
    private volatile String jwksRedirect;
    private volatile String jwksContentType;
    private volatile String discoveredJwksUri;
    private volatile String discoveredIssuer;

    private LocalIssuer(String pathPrefix, PublicJsonWebKey[] initialKeys) throws IOException {
        this(pathPrefix, initialKeys, null);
    }

    private LocalIssuer(String pathPrefix, PublicJsonWebKey[] initialKeys, javax.net.ssl.SSLContext tls) throws IOException {
        if (initialKeys.length == 0) {
            throw new IllegalArgumentException("At least one key is required");
        }
        keys = List.copyOf(Arrays.asList(initialKeys));
        current = initialKeys[initialKeys.length - 1];
        String prefix = normalize(pathPrefix);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-issuer");
            t.setDaemon(true);
            return t;
        });
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls != null) {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            server = https;
        } else {
            server = HttpServer.create(loopback, 0);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        owner = null;
        contextPath = "/";
        issuer = (tls != null ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort() + prefix;
        jwksPath = prefix + "/jwks";
        discoveryPath = prefix + "/.well-known/openid-configuration";
    }

    // A sibling: another issuer on the owner's server, under its own path prefix.
    private LocalIssuer(LocalIssuer owner, String prefix, PublicJsonWebKey[] initialKeys) {
        keys = List.copyOf(Arrays.asList(initialKeys));
        current = initialKeys[initialKeys.length - 1];
        this.owner = owner;
        server = owner.server;
        executor = owner.executor;
        contextPath = prefix + "/";
        server.createContext(contextPath, this::handle);
        issuer = owner.issuer.substring(0, owner.issuer.length() - owner.prefix().length()) + prefix;
        jwksPath = prefix + "/jwks";
        discoveryPath = prefix + "/.well-known/openid-configuration";
    }

    /** Starts an issuer at the server root with one fresh RSA 2048 key. */
    public static LocalIssuer start() {
        return start("", TestKeys.rsa());
    }

    /** Starts an issuer at the server root publishing {@code initialKeys}; the last one is current. */
    public static LocalIssuer start(PublicJsonWebKey... initialKeys) {
        return start("", initialKeys);
    }

    /**
     * Starts an issuer under a path prefix (issuer URL {@code http://127.0.0.1:PORT/PREFIX})
     * publishing {@code keys} (a fresh RSA 2048 key if none); the last key is current.
     */
    public static LocalIssuer start(String pathPrefix, PublicJsonWebKey... keys) {
        try {
            return new LocalIssuer(pathPrefix, keys.length == 0 ? new PublicJsonWebKey[] {TestKeys.rsa()} : keys);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start local issuer", e);
        }
    }

    /**
     * Starts an issuer over HTTPS at the server root, presenting the first key entry of
     * {@code keyStore} (its certificate should name 127.0.0.1), publishing {@code keys}.
     */
    public static LocalIssuer startHttps(java.security.KeyStore keyStore, char[] password, PublicJsonWebKey... keys) {
        try {
            javax.net.ssl.KeyManagerFactory kmf =
                    javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, password);
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            return new LocalIssuer("", keys.length == 0 ? new PublicJsonWebKey[] {TestKeys.rsa()} : keys, tls);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Cannot start local HTTPS issuer", e);
        }
    }

    /**
     * Another issuer served by this issuer's server (same scheme, host and port) under its own path
     * prefix, publishing {@code keys} (a fresh RSA 2048 key if none): the tenants of one identity
     * provider, for example {@code t/acme} and {@code t/globex}, whose issuers follow one template. Its
     * controls and counters are its own. Closing it removes its paths; closing this issuer stops the
     * server for both.
     */
    public LocalIssuer sibling(String pathPrefix, PublicJsonWebKey... keys) {
        String prefix = normalize(pathPrefix);
        if (prefix.isEmpty() || prefix.equals(prefix())) {
            throw new IllegalArgumentException("a sibling needs a path prefix of its own");
        }
        return new LocalIssuer(owner != null ? owner : this, prefix,
                keys.length == 0 ? new PublicJsonWebKey[] {TestKeys.rsa()} : keys);
    }

    /**
     * Number of requests this issuer's server received on paths that no issuer on it serves (answered
     * 404), for example discovery for a tenant that does not exist. Counted by the issuer that started
     * the server; a sibling reports the same number.
     */
    public int unmatchedRequests() {
        return (owner != null ? owner : this).unmatchedRequests.get();
    }

    private String prefix() {
        return jwksPath.substring(0, jwksPath.length() - "/jwks".length());
    }

    /** Serves the JWKS with this {@code Content-Type} instead of application/json (null: the default). */
    public void jwksContentType(String contentType) {
        this.jwksContentType = contentType;
    }

    /** Answers the JWKS path with a 302 to {@code location} (null: serve normally). */
    public void redirectJwks(String location) {
        this.jwksRedirect = location;
    }

    /**
     * Makes the discovery document name {@code jwksUri} as its {@code jwks_uri}, any URL at all, for
     * example another server's (null: its own {@link #jwksUri()}).
     */
    public void discoveryJwksUri(String jwksUriOrNull) {
        this.discoveredJwksUri = jwksUriOrNull;
    }

    /**
     * Makes the discovery document name {@code issuer} as its {@code issuer} (null: its own
     * {@link #issuer()}), as an identity provider configured with another public URL does.
     */
    public void discoveryIssuer(String issuerOrNull) {
        this.discoveredIssuer = issuerOrNull;
    }

    /**
     * Protects the JWKS and discovery endpoints: requests without exactly this {@code Authorization}
     * header value get 401 (null removes the protection).
     */
    public void requireAuthorization(String headerValueOrNull) {
        this.requiredAuthorization = headerValueOrNull;
    }

    /** The issuer URL, without trailing slash. */
    public String issuer() {
        return issuer;
    }

    /** The JWKS URL, {@code issuer() + "/jwks"}. */
    public String jwksUri() {
        return issuer + "/jwks";
    }

    /** The discovery document URL, {@code issuer() + "/.well-known/openid-configuration"}. */
    public String discoveryUri() {
        return issuer + "/.well-known/openid-configuration";
    }

    /** The current signing key (with private part); it may have been unpublished since. */
    public PublicJsonWebKey currentKey() {
        return current;
    }

    /** The keys currently published, in publication order. */
    public List<PublicJsonWebKey> publishedKeys() {
        return keys;
    }

    /** A minter signing with {@link #currentKey()} with {@code iss} set to {@link #issuer()}. */
    public TokenMinter minter() {
        return TokenMinter.signedWith(current).issuer(issuer);
    }

    /**
     * Generates a key of the current key's type (RSA of the same size and alg, EC on the same
     * curve, or Ed25519), publishes it next to the existing ones, makes it current and returns it.
     */
    public PublicJsonWebKey rotate() {
        PublicJsonWebKey c = current;
        PublicJsonWebKey next;
        if (c instanceof RsaJsonWebKey) {
            String alg = c.getAlgorithm();
            next = TestKeys.rsa(((RsaJsonWebKey) c).getRsaPublicKey().getModulus().bitLength(), alg == null ? "RS256" : alg);
        } else if (c instanceof EllipticCurveJsonWebKey) {
            next = TestKeys.ec(((EllipticCurveJsonWebKey) c).getCurveName());
        } else if ("OKP".equals(c.getKeyType())) {
            next = TestKeys.ed25519();
        } else {
            next = TestKeys.rsa();
        }
        return rotate(next);
    }

    /** Publishes {@code newKey} next to the existing keys, makes it current and returns it. */
    public synchronized PublicJsonWebKey rotate(PublicJsonWebKey newKey) {
        addKey(newKey);
        current = newKey;
        return newKey;
    }

    /** Publishes {@code key} without making it current. */
    public synchronized void addKey(PublicJsonWebKey key) {
        List<PublicJsonWebKey> l = new ArrayList<>(keys);
        l.add(Objects.requireNonNull(key, "key"));
        keys = List.copyOf(l);
    }

    /** Unpublishes every key with this {@code kid}; the current key stays current even if removed. */
    public synchronized void removeKey(String kid) {
        List<PublicJsonWebKey> l = new ArrayList<>(keys);
        l.removeIf(k -> Objects.equals(kid, k.getKeyId()));
        keys = List.copyOf(l);
    }

    /** Replaces the published set by exactly {@code keys} (possibly none); the current key is unchanged. */
    public synchronized void publishOnly(PublicJsonWebKey... keys) {
        this.keys = List.copyOf(Arrays.asList(keys));
    }

    /** Starts ({@code true}, as {@link Outage#HTTP_503}) or ends an outage of JWKS and discovery. */
    public void outage(boolean on) {
        outageMode(on ? Outage.HTTP_503 : null);
    }

    /** Starts an outage of JWKS and discovery in the given mode; {@code null} ends it. */
    public void outageMode(Outage mode) {
        outage = mode;
    }

    /** Sleeps this long before answering JWKS and discovery requests; {@code null} or zero for none. */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    /** The {@code Cache-Control} header value of JWKS responses; {@code null} omits the header. */
    public void cacheControl(String headerValueOrNull) {
        cacheControl = headerValueOrNull;
    }

    /** Serves exactly this body from the JWKS endpoint instead of the real key set; {@code null} restores it. */
    public void rawJwksBody(String bodyOrNull) {
        rawJwksBody = bodyOrNull;
    }

    /** Serves a JSON-like JWKS body of exactly {@code bytes} bytes (no usable keys); negative restores. */
    public void hugeJwksBody(int bytes) {
        hugeJwksBytes = bytes;
    }

    /**
     * Serves a JWKS body of {@code bytes} bytes (with matching Content-Length) one byte per
     * {@code interval}, until done, the client disconnects, or the issuer is closed.
     */
    public void slowJwksBody(int bytes, Duration interval) {
        slowJwksInterval = Objects.requireNonNull(interval, "interval");
        slowJwksBytes = bytes;
    }

    /** Answers JWKS requests with this HTTP status (body unchanged); 0 restores 200. */
    public void jwksStatus(int status) {
        jwksStatus = status;
    }

    /** Clears every failure control: outage, delay, Cache-Control, body overrides and status. */
    public void reset() {
        outage = null;
        delay = null;
        cacheControl = null;
        rawJwksBody = null;
        hugeJwksBytes = -1;
        slowJwksBytes = -1;
        slowJwksInterval = null;
        jwksStatus = 0;
        requiredAuthorization = null;
        jwksRedirect = null;
        jwksContentType = null;
        discoveredJwksUri = null;
        discoveredIssuer = null;
    }

    /** Number of requests received on the JWKS path (including failed ones). */
    public int jwksRequests() {
        return jwksRequests.get();
    }

    /** Number of requests received on the discovery path (including failed ones). */
    public int discoveryRequests() {
        return discoveryRequests.get();
    }

    /** Number of requests received on any path, known or not (including failed ones). */
    public int requests() {
        return requests.get();
    }

    /**
     * The {@code Authorization} header values received so far, on any path, in order; requests without
     * the header add nothing. For tests that check which server a credential reaches.
     */
    public List<String> authorizationsReceived() {
        return List.copyOf(authorizations);
    }

    /** Sets every request counter to zero and forgets the {@code Authorization} headers received. */
    public void resetCounts() {
        jwksRequests.set(0);
        discoveryRequests.set(0);
        requests.set(0);
        authorizations.clear();
    }

    /** Stops the server immediately and interrupts responses still being written. */
    @Override
    public void close() {
        closed = true;
        if (owner != null) {
            try {
                server.removeContext(contextPath);
            } catch (IllegalArgumentException alreadyStopped) {
                // the owner stopped the server first
            }
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            String authorization = ex.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                authorizations.add(authorization);
            }
            String path = ex.getRequestURI().getPath();
            boolean jwks = path.equals(jwksPath);
            if (!jwks && !path.equals(discoveryPath)) {
                (owner != null ? owner : this).unmatchedRequests.incrementAndGet();
                send(ex, 404, "{\"error\":\"not_found\"}");
                return;
            }
            (jwks ? jwksRequests : discoveryRequests).incrementAndGet();
            Duration d = delay;
            if (d != null && !d.isZero() && !d.isNegative()) {
                try {
                    Thread.sleep(d.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            String auth = requiredAuthorization;
            if (auth != null && !auth.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, "{\"error\":\"unauthorized\"}");
                return;
            }
            Outage o = outage;
            if (o == Outage.CONNECTION_CLOSE) {
                return; // closing before headers are sent drops the connection
            }
            if (o == Outage.HTTP_503) {
                send(ex, 503, "{\"error\":\"temporarily_unavailable\"}");
                return;
            }
            if (!"GET".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", "GET");
                send(ex, 405, "");
                return;
            }
            if (jwks) {
                serveJwks(ex);
            } else {
                send(ex, 200, discovery());
            }
        }
    }

    private void serveJwks(HttpExchange ex) throws IOException {
        String redirect = jwksRedirect;
        if (redirect != null) {
            ex.getResponseHeaders().set("Location", redirect);
            send(ex, 302, "");
            return;
        }
        String cc = cacheControl;
        if (cc != null) {
            ex.getResponseHeaders().set("Cache-Control", cc);
        }
        int status = jwksStatus > 0 ? jwksStatus : 200;
        int slow = slowJwksBytes;
        Duration interval = slowJwksInterval;
        if (slow >= 0 && interval != null) {
            dribble(ex, status, filler(slow), interval);
            return;
        }
        int huge = hugeJwksBytes;
        if (huge >= 0) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, huge == 0 ? -1 : huge);
            writeFiller(ex.getResponseBody(), huge);
            return;
        }
        String raw = rawJwksBody;
        send(ex, status, raw != null ? raw : TestKeys.publicJwksJson(keys), jwksContentType);
    }

    private void dribble(HttpExchange ex, int status, byte[] body, Duration interval) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        OutputStream out = ex.getResponseBody();
        for (byte b : body) {
            if (closed || Thread.currentThread().isInterrupted()) {
                return;
            }
            out.write(b);
            out.flush(); // throws once the client has gone
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String discovery() {
        Set<String> algs = new LinkedHashSet<>();
        for (PublicJsonWebKey k : keys) {
            if (k.getAlgorithm() != null) {
                algs.add(k.getAlgorithm());
            }
        }
        if (algs.isEmpty()) {
            algs.add("RS256");
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        String calledSelf = discoveredIssuer;
        doc.put("issuer", calledSelf != null ? calledSelf : issuer);
        String named = discoveredJwksUri;
        doc.put("jwks_uri", named != null ? named : jwksUri());
        doc.put("id_token_signing_alg_values_supported", new ArrayList<>(algs));
        return JsonUtil.toJson(doc);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, body, null);
    }

    private static void send(HttpExchange ex, int status, String body, String contentType) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType != null ? contentType : "application/json");
        boolean noBody = b.length == 0 || status == 204 || status == 304 || status < 200;
        ex.sendResponseHeaders(status, noBody ? -1 : b.length);
        if (!noBody) {
            ex.getResponseBody().write(b);
        }
    }

    private static final byte[] FILLER_HEAD = "{\"keys\":[],\"padding\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FILLER_TAIL = "\"}".getBytes(StandardCharsets.US_ASCII);

    /** {"keys":[],"padding":"xxx…"} cut or padded to exactly n bytes. */
    private static byte[] filler(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        System.arraycopy(FILLER_HEAD, 0, b, 0, Math.min(n, FILLER_HEAD.length));
        if (n >= FILLER_HEAD.length + FILLER_TAIL.length) {
            System.arraycopy(FILLER_TAIL, 0, b, n - FILLER_TAIL.length, FILLER_TAIL.length);
        }
        return b;
    }

    private void writeFiller(OutputStream out, int n) throws IOException {
        if (n <= 64 * 1024) {
            out.write(filler(n));
            return;
        }
        out.write(FILLER_HEAD);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        for (int left = n - FILLER_HEAD.length - FILLER_TAIL.length; left > 0 && !closed; left -= chunk.length) {
            out.write(chunk, 0, Math.min(left, chunk.length));
        }
        out.write(FILLER_TAIL);
    }

    private static String normalize(String prefix) {
        String p = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        return p.isEmpty() ? "" : "/" + p;
    }
}
