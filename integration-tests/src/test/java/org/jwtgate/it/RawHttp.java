package org.jwtgate.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 GET written by hand on a socket bound to a chosen local address, optionally over TLS: the
 * JDK 17 {@code java.net.http} client cannot bind a local address, and a TLS-terminating proxy (RFC 9440)
 * is, to the container, a peer address. Header lines are sent exactly as given, so one name may repeat.
 * The server's certificate is not checked against a host name (the test knows whom it connects to; what
 * is under test is the client certificate the server receives).
 */
final class RawHttp {
    private static final int TIMEOUT_MILLIS = 30_000;
    private static final int MAX_RESPONSE = 1024 * 1024;

    /** A response: status, header lines (name, value) in order, body (chunked transfer decoded). */
    record Response(int status, List<String[]> headers, String body) {
        /** Every value of header {@code name} (case-insensitive), in order. */
        List<String> all(String name) {
            List<String> out = new ArrayList<>();
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    out.add(h[1]);
                }
            }
            return out;
        }

        /** All header lines as one text (for echo checks). */
        String headerText() {
            StringBuilder s = new StringBuilder();
            for (String[] h : headers) {
                s.append(h[0]).append(": ").append(h[1]).append('\n');
            }
            return s.toString();
        }
    }

    private RawHttp() {
    }

    /**
     * {@code GET path} to {@code 127.0.0.1:port} from {@code local} (port chosen by the OS), over TLS with
     * {@code tls} when it is not null, with {@code headers} as name/value pairs; the connection closes after.
     */
    static Response get(InetAddress local, SSLContext tls, int port, String path, String... headers) throws IOException {
        InetAddress server = InetAddress.getByName("127.0.0.1");
        Socket plain = new Socket();
        try {
            plain.bind(new InetSocketAddress(local, 0));
            plain.connect(new InetSocketAddress(server, port), TIMEOUT_MILLIS);
            plain.setSoTimeout(TIMEOUT_MILLIS);
            Socket s = plain;
            if (tls != null) {
                SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
                secure.startHandshake();
                s = secure;
            }
            StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n").append("Connection: close\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(s.getInputStream());
        } finally {
            plain.close();
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) >= 0;) {
            all.write(buf, 0, n);
            if (all.size() > MAX_RESPONSE) {
                throw new IOException("response larger than " + MAX_RESPONSE + " bytes");
            }
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete response head: " + text.length() + " bytes");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: " + lines[0]);
        }
        List<String[]> headers = new ArrayList<>();
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).trim();
            String value = lines[i].substring(colon + 1).trim();
            headers.add(new String[] {name, value});
            chunked |= name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase(Locale.ROOT).contains("chunked");
        }
        String body = text.substring(end + 4);
        return new Response(Integer.parseInt(statusLine[1]), headers, chunked ? dechunk(body) : body);
    }

    private static String dechunk(String body) throws IOException {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = body.indexOf("\r\n", at);
            if (eol < 0) {
                throw new IOException("truncated chunked body");
            }
            String size = body.substring(at, eol);
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                return out.toString();
            }
            out.append(body, eol + 2, eol + 2 + n);
            at = eol + 2 + n + 2;
        }
    }
}
