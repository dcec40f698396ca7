package org.jwtgate.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ratios to the floor that hold on a busy machine: in one JVM per algorithm, every contender of
 * {@link Contenders} runs for a short slice in turn, round after round (the order rotating), and each
 * round's ops/s are divided by the floor's of the same round. Interference that lasts longer than a
 * round slows all contenders alike and cancels out; the table gives the median ratio over the rounds
 * and its interquartile range. Complements JMH's table, whose benchmarks run one after the other.
 * Each slice's rate is operations per second of this JVM's CPU time (all its threads: the garbage collector's
 * and the compiler's too), not of the wall clock: on a machine shared with other work a wall-clock slice
 * counts the time the benchmark waited for a CPU, which penalises most the contenders that need the
 * collector's threads. {@code -Dpaired.clock=wall} measures the wall clock instead.
 * Args: output.md [rounds [sliceMillis [algs...]]].
 */
public final class PairedRatios {
    private PairedRatios() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), List.of(args).subList(4, args.length));
            return;
        }
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int slice = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        List<String> algs = args.length > 3 ? List.of(args).subList(3, args.length) : List.of("RS256", "PS256", "ES256", "EdDSA");
        Map<String, Map<String, String>> cells = new LinkedHashMap<>();
        Map<String, String> ops = new LinkedHashMap<>();
        for (String alg : algs) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dpaired.clock=" + (CPU ? "cpu" : "wall"), "-Dbench.baseline=" + System.getProperty("bench.baseline", ""), "-cp",
                    System.getProperty("java.class.path"), PairedRatios.class.getName(), "--child", alg,
                    Integer.toString(rounds), Integer.toString(slice)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String[] f = line.split(" ");
                    if (f[0].equals("RESULT")) {
                        cells.computeIfAbsent(f[2], k -> new LinkedHashMap<>()).put(alg, String.format("%.2f (%.2f–%.2f)",
                                Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6])));
                        if (f[2].equals("floor")) {
                            ops.put(alg, String.format("%,.0f", Double.parseDouble(f[3])));
                        }
                    }
                }
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the " + alg + " run failed");
            }
        }
        StringBuilder md = new StringBuilder("| contender |");
        algs.forEach(a -> md.append(' ').append(a).append(" |"));
        md.append("\n|---|").append("---:|".repeat(algs.size())).append('\n');
        for (Map.Entry<String, Map<String, String>> row : cells.entrySet()) {
            md.append("| ").append(label(row.getKey())).append(" |");
            algs.forEach(a -> md.append(' ').append(row.getValue().getOrDefault(a, "n/a")).append(" |"));
            md.append('\n');
        }
        md.append("| (floor ops/s, median) |");
        algs.forEach(a -> md.append(' ').append(ops.getOrDefault(a, "")).append(" |"));
        md.append("\n\nMedian ratio to the floor of ").append(rounds).append(" rounds of ").append(slice)
                .append(" ms slices per contender (interquartile range in brackets), ").append(System.getProperty("java.vm.name"))
                .append(' ').append(System.getProperty("java.version")).append(CPU ? "; rates per second of the JVM's CPU time"
                        : "; rates per second of wall-clock time").append(".\n");
        Files.writeString(Path.of(args[0]), md.toString());
        System.out.print(md);
    }

    static String label(String contender) {
        return switch (contender) {
            case "floor" -> "raw JCA `Signature.verify` (the floor)";
            case "jwtgateCached" -> "**jwtgate, token cache hit**";
            case "jwtgate" -> "**jwtgate, no cache**";
            case "floorAccp" -> "raw `Signature.verify` on ACCP (native floor)";
            case "jwtgateAccp" -> "**jwtgate on ACCP, no cache**";
            case "jose4j" -> "jose4j `JwtConsumer`";
            case "nimbus" -> "Nimbus `DefaultJWTProcessor`";
            case "smallrye" -> "SmallRye `DefaultJWTParser`";
            case "auth0" -> "auth0 java-jwt";
            case "baseline" -> "jwtgate of `bench.baseline`, no cache";
            case "baselineAccp" -> "jwtgate of `bench.baseline` on ACCP, no cache";
            default -> contender;
        };
    }

    /** Measures in this JVM and prints one {@code RESULT alg contender ops ratio q1 q3} line per contender. */
    static void child(String alg, int rounds, int sliceMillis, List<String> only) throws Exception {
        try {
            measure(alg, rounds, sliceMillis, only);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void measure(String alg, int rounds, int sliceMillis, List<String> only) throws Exception {
        try (Contenders c = new Contenders(alg)) {
            List<String> names = new ArrayList<>(c.all().keySet());
            if (!only.isEmpty()) {
                names.retainAll(only);
            }
            Map<String, double[]> perSecond = new LinkedHashMap<>();
            names.forEach(n -> perSecond.put(n, new double[rounds]));
            for (int warm = 0; warm < 3; warm++) {
                for (String n : names) {
                    slice(c.get(n), sliceMillis * 2L);
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < names.size(); i++) {
                    String n = names.get((i + r) % names.size());
                    perSecond.get(n)[r] = slice(c.get(n), sliceMillis);
                }
            }
            double[] floor = perSecond.get("floor");
            for (String n : names) {
                double[] ratios = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    ratios[r] = perSecond.get(n)[r] / floor[r];
                }
                double[] ops = perSecond.get(n).clone();
                Arrays.sort(ratios);
                Arrays.sort(ops);
                System.out.println("RESULT " + alg + " " + n + " " + ops[rounds / 2] + " " + ratios[rounds / 2] + " "
                        + ratios[rounds / 4] + " " + ratios[(3 * rounds) / 4]);
            }
        }
        System.out.flush();
    }

    static volatile Object sink;
    static final boolean CPU = !"wall".equals(System.getProperty("paired.clock")) && cpuNanos() > 0;

    /**
     * This JVM's CPU time so far, in nanoseconds, summed over all its threads from Linux's
     * {@code /proc/self/task/}*{@code /schedstat} (nanosecond counts; the JDK's process CPU time counts in
     * clock ticks of 10 ms, too coarse for a slice on a busy machine); 0 where there is no such file.
     */
    static long cpuNanos() {
        long sum = 0;
        try (java.nio.file.DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("schedstat"));
                    sum += Long.parseLong(stat.substring(0, stat.indexOf(' ')));
                } catch (java.io.IOException | RuntimeException gone) {
                    // a thread that ended meanwhile
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
        return sum;
    }

    /** Operations per second of the slice: of this JVM's CPU time ({@link #CPU}), else of the wall clock. */
    private static double slice(Contenders.Contender c, long millis) throws Exception {
        long start = System.nanoTime();
        long cpuStart = CPU ? cpuNanos() : 0;
        long end = start + millis * 1_000_000;
        long n = 0;
        long now;
        do {
            for (int i = 0; i < 8; i++) {
                sink = c.run();
            }
            n += 8;
            now = System.nanoTime();
        } while (now < end);
        return n / ((CPU ? cpuNanos() - cpuStart : now - start) / 1e9);
    }
}
