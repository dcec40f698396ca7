package org.jwtgate.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A closed-loop HTTP/1.1 load generator on raw sockets: a fixed number of keep-alive connections to
 * a loopback port, each sending its next request as soon as the previous response is read, for a
 * warm-up and then a measured period. Latencies are kept whole and sorted for percentiles.
 */
final class LoadClient {
    private final int port;

    LoadClient(int port) {
        this.port = port;
    }

    int port() {
        return port;
    }

    /** The figures of one measured period. */
    record Result(String name, long requests, double seconds, long[] sortedNanos, long unexpected) {
        double perSecond() {
            return requests / seconds;
        }

        double percentileMillis(double p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(sortedNanos.length - 1, Math.ceil(p / 100 * sortedNanos.length) - 1);
            return sortedNanos[Math.max(0, i)] / 1e6;
        }
    }

    /** A request and the status it should get. */
    record Kind(byte[] request, int expected) {
    }

    /** One HTTP response's status and the headers we look at; the body is read and dropped. */
    record Response(int status, String etag) {
    }

    /** GET {@code path} with extra header lines (each "Name: value"). */
    byte[] get(String path, String... headers) {
        StringBuilder sb = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port)
                .append("\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One request on a fresh connection (for probes). */
    Response once(byte[] request) throws IOException {
        try (Connection c = new Connection(port)) {
            return c.send(request);
        }
    }

    /**
     * Runs {@code connections} loops for {@code warmup}, then measures for {@code measure}.
     * {@code requests} gives each loop its request by sequence number; a status other than
     * {@code expected} is counted as unexpected.
     */
    Result run(String name, int connections, Duration warmup, Duration measure, IntFunction<byte[]> requests,
            int expected) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        long[][] latencies = new long[connections][];
        int[] counts = new int[connections];
        AtomicLong unexpected = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        Thread[] threads = new Thread[connections];
        for (int t = 0; t < connections; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                Connection c = null;
                try {
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) {
                            break;
                        }
                        if (c == null) {
                            c = new Connection(port);
                        }
                        Response r;
                        try {
                            r = c.send(requests.apply((int) sequence.getAndIncrement()));
                        } catch (IOException e) {
                            c.close();
                            c = null;
                            unexpected.incrementAndGet();
                            continue;
                        }
                        long t1 = System.nanoTime();
                        if (c.closed()) {
                            c.close();
                            c = null;
                        }
                        if (t0 >= measureFrom) {
                            if (n == mine.length) {
                                mine = Arrays.copyOf(mine, n * 2);
                            }
                            mine[n++] = t1 - t0;
                            if (r.status() != expected) {
                                unexpected.incrementAndGet();
                            }
                        }
                    }
                } catch (IOException e) {
                    unexpected.incrementAndGet();
                } finally {
                    if (c != null) {
                        c.close();
                    }
                    latencies[id] = mine;
                    counts[id] = n;
                }
            }, "load-" + name + "-" + t);
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < connections; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return new Result(name, total, measure.toNanos() / 1e9, all, unexpected.get());
    }

    /**
     * Measures several request kinds in turn, {@code rounds} slices of {@code slice} each, so that a
     * drift in the machine's load weighs on all of them alike; each kind's slices are pooled.
     */
    Map<String, Result> alternate(int connections, int rounds, Duration slice, Map<String, Kind> kinds)
            throws InterruptedException {
        Map<String, List<Result>> slices = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(kinds.keySet());
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((i + r) % names.size());
                Kind kind = kinds.get(name);
                slices.computeIfAbsent(name, k -> new ArrayList<>())
                        .add(run(name, connections, Duration.ZERO, slice, x -> kind.request(), kind.expected()));
            }
        }
        Map<String, Result> pooled = new LinkedHashMap<>();
        for (String name : names) {
            List<Result> parts = slices.get(name);
            long[] all = parts.stream().flatMapToLong(p -> Arrays.stream(p.sortedNanos())).sorted().toArray();
            pooled.put(name, new Result(name, parts.stream().mapToLong(Result::requests).sum(),
                    parts.stream().mapToDouble(Result::seconds).sum(), all,
                    parts.stream().mapToLong(Result::unexpected).sum()));
        }
        return pooled;
    }

    /** One keep-alive connection; reconnect after an error. */
    static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] line = new byte[8192];
        private boolean closed;

        Connection(int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = socket.getOutputStream();
        }

        Response send(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String status = readLine();
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            String etag = null;
            for (String h = readLine(); !h.isEmpty(); h = readLine()) {
                int colon = h.indexOf(':');
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    case "etag" -> etag = value;
                    default -> { }
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(readLine().split(";")[0].trim(), 16); size > 0;
                        size = Long.parseLong(readLine().split(";")[0].trim(), 16)) {
                    skip(size);
                    readLine();
                }
                while (!readLine().isEmpty()) {
                    // trailers
                }
            } else if (length > 0) {
                skip(length);
            }
            closed = close;
            return new Response(code, etag);
        }

        /** Whether the server asked to close the connection after the last response. */
        boolean closed() {
            return closed;
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long k = in.skip(n);
                if (k <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException();
                    }
                    k = 1;
                }
                n -= k;
            }
        }

        private String readLine() throws IOException {
            int n = 0;
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException();
                }
                if (b != '\r' && n < line.length) {
                    line[n++] = (byte) b;
                }
            }
            return new String(line, 0, n, StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
