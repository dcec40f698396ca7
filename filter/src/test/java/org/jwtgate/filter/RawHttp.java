package org.jwtgate.filter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.1 request written byte for byte (request target and {@code Host} exactly as given, which
 * the JDK client would normalise or refuse), and its response. Shared with the JAX-RS module's tests.
 */
public final class RawHttp {
    /** A response: status, header lines (lower-case names) and body. */
    public record Response(int status, List<String[]> headers, String body) {
        /** All values of a header. */
        public List<String> header(String name) {
            List<String> out = new ArrayList<>();
            for (String[] h : headers) {
                if (h[0].equals(name.toLowerCase(Locale.ROOT))) {
                    out.add(h[1]);
                }
            }
            return out;
        }
    }

    private RawHttp() {
    }

    /** {@code GET target} on 127.0.0.1:{@code port} with these headers ({@code Host} first), connection closed after. */
    public static Response get(int port, String target, String host, String... headers) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return exchange(s, request(target, host, headers));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code GET target} over TLS on 127.0.0.1:{@code port}, presenting the client certificate of {@code tls}
     * (if it has one) and trusting what it trusts; the server's name is not checked, its certificate's
     * authority is.
     */
    public static Response getTls(javax.net.ssl.SSLContext tls, int port, String target, String... headers) {
        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.startHandshake();
            return exchange(s, request(target, "127.0.0.1:" + port, headers));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String request(String target, String host, String... headers) {
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: ").append(host)
                .append("\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        return request.append("Connection: close\r\n\r\n").toString();
    }

    private static Response exchange(Socket s, String request) throws IOException {
        s.setSoTimeout(20_000);
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = s.getInputStream();
        return parse(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }

    private static Response parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        String head = end < 0 ? raw : raw.substring(0, end);
        String body = end < 0 ? "" : raw.substring(end + 4);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<String[]> headers = new ArrayList<>();
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).strip();
                headers.add(new String[] {name, value});
                chunked |= name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked");
            }
        }
        return new Response(status, headers, chunked ? unchunk(body) : body);
    }

    private static String unchunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int eol = body.indexOf("\r\n", at);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(body.substring(at, eol).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
