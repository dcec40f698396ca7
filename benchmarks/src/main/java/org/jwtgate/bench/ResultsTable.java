package org.jwtgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jose4j.json.JsonUtil;

/**
 * Turns a JMH JSON result file into a Markdown table: ops/s, error, and the ratio to the raw signature
 * floor measured in the same script run, with the JVM and the machine. Args: output.md results.json...
 */
public final class ResultsTable {
    private ResultsTable() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        List<Object> runs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String json = Files.readString(Path.of(args[i]));
            runs.addAll((List<Object>) JsonUtil.parseJson("{\"runs\":" + json + "}").get("runs"));
        }
        Map<String, Map<String, double[]>> byParam = new TreeMap<>();
        String jvm = "";
        for (Object o : runs) {
            Map<String, Object> run = (Map<String, Object>) o;
            String name = (String) run.get("benchmark");
            String method = name.substring(name.lastIndexOf('.') + 1);
            String clazz = name.substring(0, name.lastIndexOf('.'));
            clazz = clazz.substring(clazz.lastIndexOf('.') + 1);
            Map<String, Object> params = (Map<String, Object>) run.getOrDefault("params", Map.of());
            String key = clazz + (params.isEmpty() ? "" : " " + params.values());
            Map<String, Object> metric = (Map<String, Object>) run.get("primaryMetric");
            double score = ((Number) metric.get("score")).doubleValue();
            Object err = metric.get("scoreError");
            double error = err instanceof Number n && !Double.isNaN(n.doubleValue()) ? n.doubleValue() : 0;
            byParam.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(method, new double[] {score, error});
            jvm = run.get("vmName") + " " + run.get("jdkVersion") + " (" + run.get("vmVersion") + ")";
        }
        StringBuilder md = new StringBuilder();
        md.append("Measured ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", ").append(jvm).append(". Single thread, throughput.\n\n");
        for (Map.Entry<String, Map<String, double[]>> e : byParam.entrySet()) {
            double[] floor = e.getValue().get("floor");
            md.append("### ").append(e.getKey()).append("\n\n| contender | ops/s | ± error | ratio to floor |\n|---|---:|---:|---:|\n");
            List<Map.Entry<String, double[]>> rows = new ArrayList<>(e.getValue().entrySet());
            rows.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
            for (Map.Entry<String, double[]> r : rows) {
                md.append("| ").append(r.getKey()).append(" | ").append(String.format("%,.0f", r.getValue()[0]))
                        .append(" | ").append(String.format("%,.0f", r.getValue()[1])).append(" | ")
                        .append(floor == null ? "" : String.format("%.2f", r.getValue()[0] / floor[0])).append(" |\n");
            }
            md.append('\n');
        }
        Files.writeString(Path.of(args[0]), md.toString());
        System.out.print(md);
    }
}
