package org.jwtgate.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verify floor and jwtgate on two JDKs: short runs of {@link PairedRatios}'s measurement, taking
 * turns between the JDKs several times, and the median of each JDK's runs, so that a busy spell of
 * the machine does not land on one JDK only. Args: output.md otherJavaHome [repetitions [algs...]].
 */
public final class JdkCompare {
    private static final List<String> CONTENDERS = List.of("floor", "jwtgate", "jwtgateCached", "floorAccp", "jwtgateAccp");

    private JdkCompare() {
    }

    public static void main(String[] args) throws Exception {
        List<String> jdks = List.of(System.getProperty("java.home"), args[1]);
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> algs = args.length > 3 ? List.of(args).subList(3, args.length) : List.of("RS256", "ES256", "EdDSA");
        Map<String, List<Double>> ops = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (int r = 0; r < reps; r++) {
            for (String jdk : jdks) {
                for (String alg : algs) {
                    List<String> cmd = new ArrayList<>(List.of(Path.of(jdk, "bin", "java").toString(), "-cp",
                            System.getProperty("java.class.path"), PairedRatios.class.getName(), "--child", alg,
                            "5", "200"));
                    cmd.addAll(CONTENDERS);
                    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = in.readLine(); line != null; line = in.readLine()) {
                            String[] f = line.split(" ");
                            if (f[0].equals("RESULT")) {
                                ops.computeIfAbsent(jdk + "|" + alg + "|" + f[2], k -> new ArrayList<>()).add(Double.parseDouble(f[3]));
                            }
                        }
                    }
                    if (p.waitFor() != 0) {
                        throw new IllegalStateException(alg + " on " + jdk + " failed");
                    }
                }
            }
        }
        for (String jdk : jdks) {
            names.put(jdk, version(jdk));
        }
        StringBuilder md = new StringBuilder("| alg | contender | ").append(names.get(jdks.get(0))).append(" ops/s | ")
                .append(names.get(jdks.get(1))).append(" ops/s | ratio |\n|---|---|---:|---:|---:|\n");
        for (String alg : algs) {
            for (String c : CONTENDERS) {
                double a = median(ops.get(jdks.get(0) + "|" + alg + "|" + c));
                double b = median(ops.get(jdks.get(1) + "|" + alg + "|" + c));
                md.append(String.format("| %s | %s | %,.0f | %,.0f | %.2f |%n", alg, label(c), a, b, b / a));
            }
        }
        md.append("\nMedian of ").append(reps).append(" runs per JDK, taking turns; each run 5 rounds of 200 ms per contender")
                .append(PairedRatios.CPU ? ", rates per second of the JVM's CPU time.\n" : ".\n");
        Files.writeString(Path.of(args[0]), md.toString());
        System.out.print(md);
    }

    private static String label(String contender) {
        return switch (contender) {
            case "floor" -> "raw verify (floor)";
            case "jwtgate" -> "jwtgate, no cache";
            case "jwtgateCached" -> "jwtgate, token cache hit";
            case "floorAccp" -> "raw verify on ACCP";
            case "jwtgateAccp" -> "jwtgate on ACCP, no cache";
            default -> contender;
        };
    }

    private static double median(List<Double> v) {
        if (v == null || v.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static String version(String jdk) throws Exception {
        Process p = new ProcessBuilder(Path.of(jdk, "bin", "java").toString(), "-XshowSettings:properties", "-version")
                .redirectErrorStream(true).start();
        String vendor = "";
        String version = "";
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String l = line.strip();
                if (l.startsWith("java.vendor = ")) {
                    vendor = l.substring(14);
                } else if (l.startsWith("java.runtime.version = ")) {
                    version = l.substring(23);
                }
            }
        }
        p.waitFor();
        return vendor + " " + version;
    }
}
