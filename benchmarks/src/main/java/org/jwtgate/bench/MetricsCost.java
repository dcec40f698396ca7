package org.jwtgate.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jwtgate.Decision;
import org.jwtgate.JwtGate;
import org.jwtgate.config.GateConfig;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.token.BearerRequest;

/**
 * What metrics cost on the cache-hit decision, robust on a busy machine: the decision of
 * {@code RequestPathBenchmark.decideCached} with {@code metrics=true} and {@code metrics=false} (two
 * engines, one JVM), in alternating slices round after round (the order alternating), each round's
 * ops/s with metrics divided by those without. Prints the median ratio and its interquartile range.
 * Args: [rounds [sliceMillis]].
 */
public final class MetricsCost {
    private static volatile Object sink;

    private MetricsCost() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        long slice = (args.length > 1 ? Long.parseLong(args[1]) : 200) * 1_000_000L;
        Fixture f = new Fixture("RS256");
        try (LocalIssuer issuer = LocalIssuer.start(f.key);
                JwtGate with = gate(issuer, true);
                JwtGate without = gate(issuer, false)) {
            BearerRequest request = HeaderRequest.bearer(f.token);
            for (JwtGate g : List.of(with, without)) {
                if (!(g.decide("/api/orders", request) instanceof Decision.Proceed p) || p.principal().isEmpty()) {
                    throw new IllegalStateException("the request was not authenticated");
                }
            }
            for (int i = 0; i < 5; i++) { // warm-up
                run(with, request, slice);
                run(without, request, slice);
            }
            List<Double> ratios = new ArrayList<>();
            double sumWith = 0;
            double sumWithout = 0;
            for (int r = 0; r < rounds; r++) {
                double a;
                double b;
                if (r % 2 == 0) {
                    a = run(with, request, slice);
                    b = run(without, request, slice);
                } else {
                    b = run(without, request, slice);
                    a = run(with, request, slice);
                }
                ratios.add(a / b);
                sumWith += a;
                sumWithout += b;
            }
            Collections.sort(ratios);
            System.out.printf("decideCached with metrics / without: median %.3f (IQR %.3f-%.3f) over %d rounds of %d ms; "
                    + "mean ops/s %.0f with, %.0f without%n", ratios.get(rounds / 2), ratios.get(rounds / 4),
                    ratios.get(3 * rounds / 4), rounds, slice / 1_000_000, sumWith / rounds, sumWithout / rounds);
        }
    }

    private static JwtGate gate(LocalIssuer issuer, boolean metrics) {
        return JwtGate.createWithoutBackgroundRefresh(GateConfig.builder().issuer(Fixture.ISSUER, issuer.jwksUri())
                .audiences(Fixture.AUDIENCE).realm("orders").protectedPaths(List.of("/api/*")).jwksDefaultTtl(Duration.ofHours(24))
                .jwksMinTtl(Duration.ofHours(24)).tokenCacheMaxTtl(Duration.ofDays(1)).metrics(metrics).build());
    }

    // ops/s of decisions during one slice
    private static double run(JwtGate gate, BearerRequest request, long sliceNanos) {
        long start = System.nanoTime();
        long end = start + sliceNanos;
        long ops = 0;
        Object last = null;
        long now;
        do {
            for (int i = 0; i < 256; i++) {
                last = gate.decide("/api/orders", request);
            }
            ops += 256;
            now = System.nanoTime();
        } while (now < end);
        sink = last;
        return ops * 1e9 / (now - start);
    }
}
