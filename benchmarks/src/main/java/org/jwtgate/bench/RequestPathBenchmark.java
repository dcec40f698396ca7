package org.jwtgate.bench;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.Decision;
import org.jwtgate.JwtGate;
import org.jwtgate.config.GateConfig;
import org.jwtgate.error.ErrorResponses;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;
import org.jwtgate.token.BearerExtractor;
import org.jwtgate.token.BearerRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What jwtgate does around validation on every request, single thread: finding the bearer token in a
 * request ({@code extract}), rendering a refusal ({@code challenge}: 401 {@code invalid_token};
 * {@code insufficientScope}: 403 naming two scopes), and the whole decision for a protected path with
 * a cached RS256 token ({@code decideCached}: path policy, extraction, cache hit, metrics; and
 * {@code decideCachedWithoutMetrics}, the same with {@code metrics=false}), and the refusal of
 * a token signed under a {@code kid} the issuer does not publish ({@code decideUnknownKid}: what each
 * request of a kid flood costs once the key set was refreshed for the period), and the refusals of the
 * flood's side doors, tokens no published key can verify though their {@code kid} is published or
 * absent: the RSA key's {@code kid} with ES256 ({@code decideHeldKidOtherKeyType}) or with PS256 while
 * the key says RS256 ({@code decideHeldKidOtherAlg}), no {@code kid} with ES256
 * ({@code decideNoKidUnpublishedKeyType}), an encryption key's {@code kid} ({@code decideEncryptionKeyKid}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class RequestPathBenchmark {
    private Fixture f;
    private LocalIssuer issuer;
    private JwtGate gate;
    private JwtGate withoutMetrics;
    private BearerExtractor extractor;
    private ErrorResponses responses;
    private BearerRequest request;
    private BearerRequest[] unknownKids;
    private BearerRequest[] heldKidOtherKeyType;
    private BearerRequest[] heldKidOtherAlg;
    private BearerRequest[] noKidUnpublishedKeyType;
    private BearerRequest[] encryptionKeyKid;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        f = new Fixture("RS256");
        PublicJsonWebKey enc = TestKeys.ec("P-256");
        enc.setUse("enc");
        enc.setAlgorithm("ECDH-ES");
        issuer = LocalIssuer.start(enc, f.key);
        GateConfig config = GateConfig.builder().issuer(Fixture.ISSUER, issuer.jwksUri()).audiences(Fixture.AUDIENCE)
                .realm("orders").protectedPaths(List.of("/api/*")).jwksDefaultTtl(Duration.ofHours(24))
                .jwksMinTtl(Duration.ofHours(24)).tokenCacheMaxTtl(Duration.ofDays(1)).build();
        gate = JwtGate.createWithoutBackgroundRefresh(config);
        withoutMetrics = JwtGate.createWithoutBackgroundRefresh(GateConfig.builder().issuer(Fixture.ISSUER, issuer.jwksUri())
                .audiences(Fixture.AUDIENCE).realm("orders").protectedPaths(List.of("/api/*")).jwksDefaultTtl(Duration.ofHours(24))
                .jwksMinTtl(Duration.ofHours(24)).tokenCacheMaxTtl(Duration.ofDays(1)).metrics(false).build());
        extractor = new BearerExtractor(config);
        responses = gate.responses();
        request = HeaderRequest.bearer(f.token);
        unknownKids = new BearerRequest[1024];
        for (int i = 0; i < unknownKids.length; i++) {
            unknownKids[i] = HeaderRequest.bearer(TokenMinter.signedWith(f.key).kid(UUID.randomUUID().toString()).issuer(Fixture.ISSUER)
                    .audience(Fixture.AUDIENCE).subject("mallory").expiresIn(Duration.ofHours(12)).type("at+jwt").sign());
        }
        heldKidOtherKeyType = refused(m -> m.algorithm("ES256"));
        heldKidOtherAlg = refused(m -> m.algorithm("PS256"));
        noKidUnpublishedKeyType = refused(m -> m.withoutKid().algorithm("ES256"));
        encryptionKeyKid = refused(m -> m.kid(enc.getKeyId()).algorithm("ES256"));
        for (JwtGate g : List.of(gate, withoutMetrics)) {
            if (!(g.decide("/api/orders", request) instanceof Decision.Proceed p) || p.principal().isEmpty()) {
                throw new IllegalStateException("the benchmark request was not authenticated");
            }
        }
        for (BearerRequest[] refused : List.of(unknownKids, heldKidOtherKeyType, heldKidOtherAlg, noKidUnpublishedKeyType,
                encryptionKeyKid)) {
            if (!(gate.decide("/api/orders", refused[0]) instanceof Decision.Respond r) || r.response().status() != 401) {
                throw new IllegalStateException("a token no published key can verify was not refused with 401");
            }
        }
    }

    // 64 tokens of the fixture's key and claims, shaped by the given change.
    private BearerRequest[] refused(UnaryOperator<TokenMinter> shape) {
        BearerRequest[] requests = new BearerRequest[64];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = HeaderRequest.bearer(shape.apply(TokenMinter.signedWith(f.key).issuer(Fixture.ISSUER).audience(Fixture.AUDIENCE)
                    .subject("mallory").claim("jti", "side-door-" + i).expiresIn(Duration.ofHours(12)).type("at+jwt")).sign());
        }
        return requests;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        gate.close();
        withoutMetrics.close();
        issuer.close();
    }

    @Benchmark
    public Object extract() {
        return extractor.extract(request);
    }

    @Benchmark
    public Object challenge() {
        return responses.rejected(Reason.EXPIRED).headers().get("WWW-Authenticate");
    }

    @Benchmark
    public Object insufficientScope() {
        return responses.insufficientScope(Reason.MISSING_SCOPE, "orders:read", "orders:write").headers()
                .get("WWW-Authenticate");
    }

    @Benchmark
    public Object decideCached() {
        return gate.decide("/api/orders", request);
    }

    /** {@code decideCached} with {@code metrics=false}: no decision counters, no validation times (their cost). */
    @Benchmark
    public Object decideCachedWithoutMetrics() {
        return withoutMetrics.decide("/api/orders", request);
    }

    @Benchmark
    public Object decideUnknownKid() {
        return gate.decide("/api/orders", unknownKids[next++ & (unknownKids.length - 1)]);
    }

    @Benchmark
    public Object decideHeldKidOtherKeyType() {
        return gate.decide("/api/orders", heldKidOtherKeyType[next++ & 63]);
    }

    @Benchmark
    public Object decideHeldKidOtherAlg() {
        return gate.decide("/api/orders", heldKidOtherAlg[next++ & 63]);
    }

    @Benchmark
    public Object decideNoKidUnpublishedKeyType() {
        return gate.decide("/api/orders", noKidUnpublishedKeyType[next++ & 63]);
    }

    @Benchmark
    public Object decideEncryptionKeyKid() {
        return gate.decide("/api/orders", encryptionKeyKid[next++ & 63]);
    }
}
