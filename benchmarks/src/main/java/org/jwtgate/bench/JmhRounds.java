package org.jwtgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;

/**
 * JMH's validation table from several rounds ({@code jmh-rounds.sh}): each round ran every contender of one
 * algorithm, one after the other, and the rounds took turns between the algorithms, so that a busy spell of a
 * shared machine weighs on one round, not on one contender. Each contender's ratio to the floor is taken
 * within its round; the table gives the median ratio over the rounds (their range in brackets) and the
 * median ops/s. Args: output.md round-1-RS256.json … (JMH's JSON results, one file per round and algorithm).
 */
public final class JmhRounds {
    private static final List<String> ORDER = List.of("floor", "floorAccp", "jwtgateCached", "jwtgate", "jwtgateAccp", "jose4j",
            "nimbus", "smallrye", "auth0");
    private static final List<String> ALGS = List.of("RS256", "PS256", "ES256", "EdDSA");

    private JmhRounds() {
    }

    public static void main(String[] args) throws Exception {
        // alg -> contender -> ratios (one per round), and ops/s
        Map<String, Map<String, List<Double>>> ratios = new LinkedHashMap<>();
        Map<String, Map<String, List<Double>>> ops = new LinkedHashMap<>();
        int rounds = 0;
        for (int i = 1; i < args.length; i++) {
            String text = Files.readString(Path.of(args[i])).strip();
            if (text.isEmpty()) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> results = (List<Map<String, Object>>) JsonUtil.parseJson("{\"r\":" + text + "}").get("r");
            Map<String, Double> round = new LinkedHashMap<>();
            String alg = null;
            for (Map<String, Object> r : results) {
                String name = r.get("benchmark").toString();
                name = name.substring(name.lastIndexOf('.') + 1);
                @SuppressWarnings("unchecked")
                Map<String, Object> params = (Map<String, Object>) r.get("params");
                alg = params.get("alg").toString();
                @SuppressWarnings("unchecked")
                Map<String, Object> metric = (Map<String, Object>) r.get("primaryMetric");
                round.put(name, ((Number) metric.get("score")).doubleValue());
            }
            Double floor = round.get("floor");
            if (alg == null || floor == null) {
                continue;
            }
            rounds++;
            for (Map.Entry<String, Double> e : round.entrySet()) {
                ratios.computeIfAbsent(alg, k -> new LinkedHashMap<>()).computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(e.getValue() / floor);
                ops.computeIfAbsent(alg, k -> new LinkedHashMap<>()).computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(e.getValue());
            }
        }
        StringBuilder md = new StringBuilder("| contender |");
        ALGS.forEach(a -> md.append(' ').append(a).append(" |"));
        md.append("\n|---|").append("---:|".repeat(ALGS.size())).append('\n');
        for (String c : ORDER) {
            md.append("| ").append(PairedRatios.label(c)).append(" |");
            for (String a : ALGS) {
                List<Double> v = ratios.getOrDefault(a, Map.of()).get(c);
                md.append(' ').append(v == null ? "n/a" : String.format("%.2f (%.2f–%.2f)", median(v),
                        v.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                        v.stream().mapToDouble(Double::doubleValue).max().orElse(0))).append(" |");
            }
            md.append('\n');
        }
        md.append("| (floor ops/s, median) |");
        for (String a : ALGS) {
            List<Double> v = ops.getOrDefault(a, Map.of()).get("floor");
            md.append(' ').append(v == null ? "" : String.format("%,.0f", median(v))).append(" |");
        }
        md.append("\n\nMedian over the rounds of each contender's ratio to the JDK's raw verify (the floor) in the same round ")
                .append("(lowest–highest in brackets); ").append(rounds).append(" algorithm-rounds in all. n/a: not supported ")
                .append("by that library (auth0 java-jwt has no PS256 or EdDSA).\n");
        Files.writeString(Path.of(args[0]), md.toString());
        System.out.print(md);
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
