package org.jwtgate.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.JwtGate;
import org.jwtgate.config.DpopMode;
import org.jwtgate.testing.DpopProofs;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;
import org.jwtgate.token.BearerRequest;

/**
 * {@link DpopBenchmark}'s ratio, robust on a busy machine: per algorithm, round after round (the order
 * alternating), the time of a batch of DPoP requests (each with its own proof, made before the round)
 * divided by that of as many plain uncached validations of the same algorithm, in one JVM. Prints the
 * median ratio and its interquartile range for a bound token from the token cache (the proof verified,
 * its {@code jti} recorded) and with {@code token-cache=false} (both signatures verified). Args:
 * [rounds [batch]].
 */
public final class DpopCost {
    private static volatile Object sink;

    private DpopCost() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        for (String alg : List.of("ES256", "RS256")) {
            PublicJsonWebKey key = alg.equals("ES256") ? TestKeys.ec("P-256") : TestKeys.rsa(2048, "RS256");
            PublicJsonWebKey client = alg.equals("ES256") ? TestKeys.ec("P-256") : TestKeys.rsa(2048, "RS256");
            try (LocalIssuer issuer = LocalIssuer.start(key);
                    JwtGate plain = DpopBenchmark.gate(issuer, false, DpopMode.OFF);
                    JwtGate cached = DpopBenchmark.gate(issuer, true, DpopMode.REQUIRED);
                    JwtGate uncached = DpopBenchmark.gate(issuer, false, DpopMode.REQUIRED)) {
                TokenMinter minter = TokenMinter.signedWith(key).issuer(Fixture.ISSUER).audience(Fixture.AUDIENCE)
                        .subject("4f1c2a9e-bench-user").expiresIn(Duration.ofHours(12)).type("at+jwt")
                        .scope("orders:read orders:write profile").groups("staff", "orders-manager");
                BearerRequest bearer = HeaderRequest.bearer(minter.sign());
                String bound = minter.claim("cnf", DpopProofs.confirmation(client)).sign();
                DpopBenchmark.check(plain, bearer);
                DpopBenchmark.check(cached, DpopBenchmark.dpopRequest(client, bound));
                DpopBenchmark.check(uncached, DpopBenchmark.dpopRequest(client, bound));
                List<Double> cachedRatios = new ArrayList<>();
                List<Double> uncachedRatios = new ArrayList<>();
                for (int r = -5; r < rounds; r++) { // five rounds of warm-up
                    BearerRequest[] forCached = proofs(client, bound, batch);
                    BearerRequest[] forUncached = proofs(client, bound, batch);
                    long p1;
                    long c;
                    long u;
                    long p2;
                    if ((r & 1) == 0) {
                        p1 = time(plain, new BearerRequest[] {bearer}, batch);
                        c = time(cached, forCached, batch);
                        u = time(uncached, forUncached, batch);
                        p2 = time(plain, new BearerRequest[] {bearer}, batch);
                    } else {
                        u = time(uncached, forUncached, batch);
                        p1 = time(plain, new BearerRequest[] {bearer}, batch);
                        p2 = time(plain, new BearerRequest[] {bearer}, batch);
                        c = time(cached, forCached, batch);
                    }
                    if (r >= 0) {
                        double p = (p1 + p2) / 2.0;
                        cachedRatios.add(c / p);
                        uncachedRatios.add(u / p);
                    }
                }
                System.out.printf("%s: DPoP request / plain uncached validation: token from the cache %s; "
                        + "token-cache=false %s (%d rounds of %d requests)%n", alg, median(cachedRatios),
                        median(uncachedRatios), rounds, batch);
            }
        }
    }

    private static BearerRequest[] proofs(PublicJsonWebKey client, String token, int n) {
        BearerRequest[] out = new BearerRequest[n];
        for (int i = 0; i < n; i++) {
            out[i] = DpopBenchmark.dpopRequest(client, token);
        }
        return out;
    }

    // nanoseconds for n decisions, cycling through requests; every decision must let the caller through
    private static long time(JwtGate gate, BearerRequest[] requests, int n) {
        long start = System.nanoTime();
        Object last = null;
        for (int i = 0; i < n; i++) {
            last = gate.decide("/api/orders", requests[i % requests.length]);
            if (!(last instanceof org.jwtgate.Decision.Proceed)) {
                throw new IllegalStateException("a request was refused, not measured");
            }
        }
        long t = System.nanoTime() - start;
        sink = last;
        return t;
    }

    private static String median(List<Double> ratios) {
        Collections.sort(ratios);
        int n = ratios.size();
        return String.format("median %.2fx (IQR %.2f-%.2f)", ratios.get(n / 2), ratios.get(n / 4), ratios.get(3 * n / 4));
    }
}
