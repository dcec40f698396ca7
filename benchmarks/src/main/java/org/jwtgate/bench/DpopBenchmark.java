package org.jwtgate.bench;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.Decision;
import org.jwtgate.JwtGate;
import org.jwtgate.config.DpopMode;
import org.jwtgate.config.GateConfig;
import org.jwtgate.testing.DpopProofs;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;
import org.jwtgate.token.BearerRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of a DPoP request (RFC 9449) against a plain uncached validation of the same algorithm,
 * single thread, the whole decision for a protected path: {@code plainUncached} (a Bearer token,
 * {@code token-cache=false}: one signature verified per request), {@code dpopCachedToken} (a bound
 * token answered from the token cache, its proof verified and its {@code jti} recorded) and
 * {@code dpopUncachedToken} (both signatures verified). A proof is accepted once, so each iteration
 * runs a batch of {@link #BATCH} requests, each with its own proof made before the iteration:
 * single-shot time per batch, lower is better; the issue's bar is dpop / plain at most 2.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, batchSize = DpopBenchmark.BATCH)
@Measurement(iterations = 10, batchSize = DpopBenchmark.BATCH)
@Fork(1)
public class DpopBenchmark {
    static final int BATCH = 500;
    private static final String URL = "https://api.bench.example/api/orders";

    @Param({"ES256", "RS256"})
    public String alg;

    private LocalIssuer issuer;
    private PublicJsonWebKey client;
    private String bound;
    private JwtGate plain;
    private JwtGate dpopCached;
    private JwtGate dpopUncached;
    private BearerRequest bearer;
    private BearerRequest[] cachedRequests;
    private BearerRequest[] uncachedRequests;
    private int nextCached;
    private int nextUncached;

    @Setup(Level.Trial)
    public void setUp() {
        PublicJsonWebKey key = alg.equals("ES256") ? TestKeys.ec("P-256") : TestKeys.rsa(2048, "RS256");
        client = alg.equals("ES256") ? TestKeys.ec("P-256") : TestKeys.rsa(2048, "RS256");
        issuer = LocalIssuer.start(key);
        TokenMinter minter = TokenMinter.signedWith(key).issuer(Fixture.ISSUER).audience(Fixture.AUDIENCE)
                .subject("4f1c2a9e-bench-user").expiresIn(Duration.ofHours(12)).type("at+jwt")
                .scope("orders:read orders:write profile").groups("staff", "orders-manager").claim("client_id", "bench-client");
        String token = minter.sign();
        bound = minter.claim("cnf", DpopProofs.confirmation(client)).sign();
        plain = gate(issuer, false, DpopMode.OFF);
        dpopCached = gate(issuer, true, DpopMode.REQUIRED);
        dpopUncached = gate(issuer, false, DpopMode.REQUIRED);
        bearer = HeaderRequest.bearer(token);
        check(plain, bearer);
    }

    /**
     * The engine of the benchmark: the issuer's tokens, the token cache on or off, DPoP off or required, on the
     * engine {@code -Dbench.crypto} names (a {@code crypto-provider} value: {@code auto} by default, {@code jdk}).
     */
    static JwtGate gate(LocalIssuer issuer, boolean tokenCache, DpopMode dpop) {
        GateConfig.Builder b = GateConfig.builder().issuer(Fixture.ISSUER, issuer.jwksUri()).audiences(Fixture.AUDIENCE)
                .realm("orders").protectedPaths(List.of("/api/*")).jwksDefaultTtl(Duration.ofHours(24))
                .jwksMinTtl(Duration.ofHours(24)).tokenCache(tokenCache).tokenCacheMaxTtl(Duration.ofDays(1)).dpop(dpop);
        if (dpop != DpopMode.OFF) {
            b.publicOrigin(URI.create("https://api.bench.example")).dpopReplayCacheSize(1_000_000);
        }
        b.cryptoProvider(org.jwtgate.crypto.CryptoProvider.parse(System.getProperty("bench.crypto", "auto")));
        return JwtGate.createWithoutBackgroundRefresh(b.build());
    }

    @Setup(Level.Iteration)
    public void proofs() {
        cachedRequests = batch();
        uncachedRequests = batch();
        nextCached = 0;
        nextUncached = 0;
        check(dpopCached, dpopRequest());
        check(dpopUncached, dpopRequest());
    }

    private BearerRequest[] batch() {
        BearerRequest[] out = new BearerRequest[BATCH];
        for (int i = 0; i < BATCH; i++) {
            out[i] = dpopRequest();
        }
        return out;
    }

    private BearerRequest dpopRequest() {
        return dpopRequest(client, bound);
    }

    /** A DPoP request with {@code token} and a fresh proof of {@code client}'s key. */
    static BearerRequest dpopRequest(PublicJsonWebKey client, String token) {
        return HeaderRequest.of("DPoP " + token, DpopProofs.minter(client, "GET", URL, token, Clock.systemUTC()).sign());
    }

    static void check(JwtGate gate, BearerRequest request) {
        if (!(gate.decide("/api/orders", request) instanceof Decision.Proceed p) || p.principal().isEmpty()) {
            throw new IllegalStateException("the benchmark request was not authenticated");
        }
    }

    /**
     * Each batch must have been accepted, not refused cheaply: the last request of a batch that ran, sent
     * again, is refused as a replay (a proof is only recorded once every other check passed).
     */
    @TearDown(Level.Iteration)
    public void acceptedEveryProof() {
        if (nextCached == BATCH) {
            replayed(dpopCached, cachedRequests[BATCH - 1]);
        }
        if (nextUncached == BATCH) {
            replayed(dpopUncached, uncachedRequests[BATCH - 1]);
        }
    }

    private static void replayed(JwtGate gate, BearerRequest last) {
        if (!(gate.decide("/api/orders", last) instanceof Decision.Respond r) || !r.response().body().contains("used before")) {
            throw new IllegalStateException("a DPoP batch was refused, not measured");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        plain.close();
        dpopCached.close();
        dpopUncached.close();
        issuer.close();
    }

    @Benchmark
    public Object plainUncached() {
        return plain.decide("/api/orders", bearer);
    }

    @Benchmark
    public Object dpopCachedToken() {
        return dpopCached.decide("/api/orders", cachedRequests[nextCached++ % BATCH]);
    }

    @Benchmark
    public Object dpopUncachedToken() {
        return dpopUncached.decide("/api/orders", uncachedRequests[nextUncached++ % BATCH]);
    }
}
