package org.jwtgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;

/**
 * Turns JMH JSON result files into Markdown: per algorithm, each contender's ops/s, error and ratio
 * to the raw signature floor measured in the same run; the request-path benchmarks; and, given the
 * results of a second JDK, the two side by side. Args: output.md results.json... [--compare other.json...]
 */
public final class ResultsTable {
    private static final List<String> ALGS = List.of("RS256", "PS256", "ES256", "EdDSA");
    private static final Map<String, String> CONTENDERS = new LinkedHashMap<>();

    static {
        CONTENDERS.put("floor", "raw JCA `Signature.verify` (the floor)");
        CONTENDERS.put("jwtgateCached", "**jwtgate, token cache hit**");
        CONTENDERS.put("jwtgate", "**jwtgate, no cache**");
        CONTENDERS.put("floorAccp", "raw `Signature.verify` on ACCP (native floor)");
        CONTENDERS.put("jwtgateAccp", "**jwtgate on ACCP, no cache**");
        CONTENDERS.put("jose4j", "jose4j `JwtConsumer`");
        CONTENDERS.put("nimbus", "Nimbus `DefaultJWTProcessor`");
        CONTENDERS.put("smallrye", "SmallRye `DefaultJWTParser`");
        CONTENDERS.put("auth0", "auth0 java-jwt");
    }

    private ResultsTable() {
    }

    /** One benchmark's result. */
    record Score(String benchmark, String method, String alg, double score, double error, String jvm) {
    }

    public static void main(String[] args) throws IOException {
        List<Score> main = new ArrayList<>();
        List<Score> other = new ArrayList<>();
        List<Score> into = main;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--compare")) {
                into = other;
            } else if (Files.isRegularFile(Path.of(args[i]))) {
                into.addAll(read(Path.of(args[i])));
            }
        }
        StringBuilder md = new StringBuilder();
        String jvm = main.isEmpty() ? "?" : main.get(0).jvm();
        md.append("Measured ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" on ").append(machine())
                .append(", ").append(jvm).append(". JMH, one thread, throughput; all contenders verify the same token")
                .append(" (").append(new Fixture("RS256").token.length()).append(" characters for RS256) with the same key")
                .append(" and check signature, `iss`, `aud` and `exp`.\n\n");
        validation(md, main);
        requestPath(md, main);
        if (!other.isEmpty()) {
            compare(md, main, other);
        }
        Files.writeString(Path.of(args[0]), md.toString());
        System.out.print(md);
    }

    @SuppressWarnings("unchecked")
    private static List<Score> read(Path file) throws IOException {
        List<Score> out = new ArrayList<>();
        try {
            List<Object> runs = (List<Object>) JsonUtil.parseJson("{\"runs\":" + Files.readString(file) + "}").get("runs");
            for (Object o : runs) {
                Map<String, Object> run = (Map<String, Object>) o;
                String name = (String) run.get("benchmark");
                String method = name.substring(name.lastIndexOf('.') + 1);
                String clazz = name.substring(0, name.lastIndexOf('.'));
                Map<String, Object> params = (Map<String, Object>) run.getOrDefault("params", Map.of());
                Map<String, Object> metric = (Map<String, Object>) run.get("primaryMetric");
                Object err = metric.get("scoreError");
                double error = err instanceof Number n && !Double.isNaN(n.doubleValue()) ? n.doubleValue() : 0;
                out.add(new Score(clazz.substring(clazz.lastIndexOf('.') + 1), method, (String) params.get("alg"),
                        ((Number) metric.get("score")).doubleValue(), error,
                        run.get("vmName") + " " + run.get("jdkVersion") + " (" + run.get("vmVersion") + ")"));
            }
        } catch (org.jose4j.lang.JoseException e) {
            throw new IOException("not a JMH JSON result file: " + file, e);
        }
        return out;
    }

    private static Score find(List<Score> scores, String method, String alg) {
        for (Score s : scores) {
            if (s.benchmark().equals("ValidationBenchmark") && s.method().equals(method) && alg.equals(s.alg())) {
                return s;
            }
        }
        return null;
    }

    private static void validation(StringBuilder md, List<Score> scores) {
        md.append("### Validation: ratio to the raw verify floor (higher is better)\n\n| contender |");
        ALGS.forEach(a -> md.append(' ').append(a).append(" |"));
        md.append("\n|---|").append("---:|".repeat(ALGS.size())).append('\n');
        for (Map.Entry<String, String> c : CONTENDERS.entrySet()) {
            md.append("| ").append(c.getValue()).append(" |");
            for (String alg : ALGS) {
                Score s = find(scores, c.getKey(), alg);
                Score floor = find(scores, "floor", alg);
                md.append(' ').append(s == null || floor == null ? "n/a" : String.format("%.2f", s.score() / floor.score()))
                        .append(" |");
            }
            md.append('\n');
        }
        md.append("\nn/a: not supported by that library (auth0 java-jwt has no PS256 or EdDSA).\n\n");
        for (String alg : ALGS) {
            Score floor = find(scores, "floor", alg);
            if (floor == null) {
                continue;
            }
            md.append("#### ").append(alg).append("\n\n| contender | ops/s | ± error | ratio to floor |\n|---|---:|---:|---:|\n");
            for (Map.Entry<String, String> c : CONTENDERS.entrySet()) {
                Score s = find(scores, c.getKey(), alg);
                if (s != null) {
                    md.append(String.format("| %s | %,.0f | %,.0f | %.2f |%n", c.getValue(), s.score(), s.error(),
                            s.score() / floor.score()));
                }
            }
            md.append('\n');
        }
    }

    private static void requestPath(StringBuilder md, List<Score> scores) {
        Map<String, String> rows = Map.of("extract", "bearer extraction (`Authorization: Bearer …`)",
                "challenge", "challenge rendering, 401 `invalid_token`",
                "insufficientScope", "challenge rendering, 403 `insufficient_scope` with two scopes",
                "decideCached", "whole decision for a protected path, RS256 token cache hit",
                "decideUnknownKid", "whole decision refusing a token under an unknown `kid` (a kid flood's request)",
                "decideHeldKidOtherKeyType", "the same, side door: the published RSA key's `kid` with `alg` ES256",
                "decideHeldKidOtherAlg", "the same, side door: the RSA key's `kid` (its `alg` RS256) with `alg` PS256",
                "decideNoKidUnpublishedKeyType", "the same, side door: no `kid`, `alg` ES256, no EC signature key published",
                "decideEncryptionKeyKid", "the same, side door: an encryption key's `kid`, `alg` ES256");
        StringBuilder body = new StringBuilder();
        for (String m : List.of("extract", "challenge", "insufficientScope", "decideCached", "decideUnknownKid",
                "decideHeldKidOtherKeyType", "decideHeldKidOtherAlg", "decideNoKidUnpublishedKeyType", "decideEncryptionKeyKid")) {
            for (Score s : scores) {
                if (s.benchmark().equals("RequestPathBenchmark") && s.method().equals(m)) {
                    body.append(String.format("| %s | %,.0f | %,.0f | %,.0f |%n", rows.get(m), s.score(), s.error(),
                            1e9 / s.score()));
                }
            }
        }
        if (body.length() > 0) {
            md.append("### Request path\n\n| step | ops/s | ± error | ns/op |\n|---|---:|---:|---:|\n").append(body).append('\n');
        }
    }

    private static void compare(StringBuilder md, List<Score> main, List<Score> other) {
        md.append("### Same benchmarks on another JDK\n\n| alg | contender | ").append(main.get(0).jvm()).append(" ops/s | ")
                .append(other.get(0).jvm()).append(" ops/s | ratio |\n|---|---|---:|---:|---:|\n");
        for (Score o : other) {
            Score m = find(main, o.method(), o.alg());
            if (m != null) {
                md.append(String.format("| %s | %s | %,.0f | %,.0f | %.2f |%n", o.alg(), CONTENDERS.get(o.method()),
                        m.score(), o.score(), o.score() / m.score()));
            }
        }
        md.append('\n');
    }

    private static String machine() {
        String cpu = System.getProperty("os.arch");
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), " + System.getProperty("os.name");
    }
}
