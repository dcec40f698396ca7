package org.jwtgate.keys;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link JwksPublisher} served by the JDK's HTTP server on 127.0.0.1, mapped at {@code /t/*}, for
 * core tests that need validators to fetch over real HTTP (the servlet adapter is tested in filter).
 */
final class PublisherHttp implements AutoCloseable {
    private final HttpServer server;
    private final AtomicReference<JwksPublisher> publisher = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

    PublisherHttp() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/t/", this::handle);
        server.start();
    }

    /** The issuer template of tenants served here. */
    String issuerTemplate() {
        return base() + "/t/{tenant}";
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void serve(JwksPublisher p) {
        publisher.set(p);
    }

    /** How many requests were served so far. */
    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String path = exchange.getRequestURI().getPath().substring("/t".length());
        PublisherResponse r = publisher.get().respond(new PublisherRequest() {
            @Override
            public String method() {
                return exchange.getRequestMethod();
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public String host() {
                return exchange.getRequestHeaders().getFirst("Host");
            }

            @Override
            public List<String> headers(String name) {
                List<String> v = exchange.getRequestHeaders().get(name);
                return v == null ? List.of() : v;
            }
        });
        r.headers().forEach((k, v) -> {
            if (!k.equals("Content-Length")) {
                exchange.getResponseHeaders().set(k, v);
            }
        });
        byte[] body = r.body();
        exchange.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
