package org.jwtgate.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jwtgate.JwtGate;
import org.jwtgate.Outcome;
import org.jwtgate.config.GateConfig;
import org.jwtgate.testing.LocalIssuer;
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
 * One token, one key, every contender, single thread: the raw JCA verify (the floor), jwtgate's engine
 * (keys from a real local JWKS, warm), plain jose4j, Nimbus, SmallRye JWT and auth0 java-jwt. Each
 * contender checks signature, issuer, audience and expiry. Unsupported combinations are skipped by
 * {@code run.sh} (auth0 has no PS256/EdDSA; Nimbus needs Tink for EdDSA).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ValidationBenchmark {

    @Param({"RS256", "PS256", "ES256", "EdDSA"})
    public String alg;

    private Fixture f;
    private Signature floor;
    private LocalIssuer issuer;
    private JwtGate gate;
    private JwtConsumer jose4j;
    private DefaultJWTProcessor<SecurityContext> nimbus;
    private DefaultJWTParser smallrye;
    private JWTVerifier auth0;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        f = new Fixture(alg);
        floor = f.newVerifier();

        issuer = LocalIssuer.start(f.key);
        gate = JwtGate.createWithoutBackgroundRefresh(GateConfig.builder().issuer(Fixture.ISSUER, issuer.jwksUri())
                .audiences(Fixture.AUDIENCE).jwksDefaultTtl(Duration.ofHours(24)).jwksMinTtl(Duration.ofHours(24)).build());
        require(gate.validate(f.token) instanceof Outcome.Authenticated, "jwtgate");

        jose4j = new JwtConsumerBuilder().setVerificationKey(f.publicKey()).setExpectedIssuer(Fixture.ISSUER)
                .setExpectedAudience(Fixture.AUDIENCE).setRequireExpirationTime().setRequireSubject()
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg))
                .build();
        jose4j.processToClaims(f.token);

        if (!alg.equals("EdDSA")) {
            JWK jwk = JWK.parse(f.key.toJson(OutputControlLevel.PUBLIC_ONLY));
            nimbus = new DefaultJWTProcessor<>();
            nimbus.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.parse(alg), new ImmutableJWKSet<>(new JWKSet(jwk))));
            nimbus.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Fixture.AUDIENCE,
                    new JWTClaimsSet.Builder().issuer(Fixture.ISSUER).build(), Set.of("sub", "exp")));
            nimbus.setJWSTypeVerifier((type, ctx) -> { });
            nimbus.process(f.token, null);
        }

        JWTAuthContextInfo info = new JWTAuthContextInfo(f.publicKey(), Fixture.ISSUER);
        info.setExpectedAudience(Set.of(Fixture.AUDIENCE));
        info.setSignatureAlgorithm(Set.of(io.smallrye.jwt.algorithm.SignatureAlgorithm.fromAlgorithm(alg)));
        smallrye = new DefaultJWTParser(info);
        smallrye.parse(f.token);

        if (alg.equals("RS256") || alg.equals("ES256")) {
            Algorithm a = alg.equals("RS256") ? Algorithm.RSA256((RSAPublicKey) f.publicKey(), null)
                    : Algorithm.ECDSA256((ECPublicKey) f.publicKey(), null);
            auth0 = JWT.require(a).withIssuer(Fixture.ISSUER).withAudience(Fixture.AUDIENCE).withClaimPresence("sub").build();
            auth0.verify(f.token);
        }
    }

    private static void require(boolean ok, String who) {
        if (!ok) {
            throw new IllegalStateException(who + " did not accept the benchmark token");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        gate.close();
        issuer.close();
    }

    @Benchmark
    public boolean floor() throws Exception {
        floor.initVerify(f.publicKey());
        floor.update(f.signingInput);
        return floor.verify(f.signature);
    }

    @Benchmark
    public Object jwtgate() {
        return gate.validate(f.token);
    }

    @Benchmark
    public Object jose4j() throws Exception {
        return jose4j.processToClaims(f.token);
    }

    @Benchmark
    public Object nimbus() throws Exception {
        return nimbus.process(f.token, null);
    }

    @Benchmark
    public Object smallrye() throws Exception {
        return smallrye.parse(f.token);
    }

    @Benchmark
    public Object auth0() {
        return auth0.verify(f.token);
    }
}
