package org.jwtgate.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import java.nio.file.Path;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jwtgate.JwtGate;
import org.jwtgate.Outcome;
import org.jwtgate.config.GateConfig;
import org.jwtgate.crypto.CryptoProvider;
import org.jwtgate.testing.LocalIssuer;

/**
 * Every contender set up for one algorithm, on one {@link Fixture}: the raw JCA verify (the floor),
 * jwtgate without and with its token cache (keys from a real local JWKS, warm), plain jose4j, Nimbus,
 * SmallRye JWT and auth0 java-jwt. Each checks signature, issuer, audience and expiry, and each was
 * checked to accept the token once. A library that cannot do the algorithm is absent from
 * {@link #all()} (auth0: PS256, EdDSA). The JDK's contenders run on the JVM's default providers; two more run on
 * the Amazon Corretto Crypto Provider: its raw verify ({@code floorAccp}) and jwtgate without cache with
 * {@code crypto-provider=accp} ({@code jwtgateAccp}); their ratios are to the JDK's floor. Nimbus's processor cannot select OKP keys, so for EdDSA its
 * contender is {@code SignedJWT.verify(Ed25519Verifier)} plus the same claims verifier. With
 * {@code -Dbench.baseline=}another build's core jar, that build's jwtgate without cache on both engines too
 * ({@link Baseline}): a before/after in one JVM, in the same rounds.
 */
final class Contenders implements AutoCloseable {

    /** One contender's work on the fixture's token. */
    interface Contender {
        Object run() throws Exception;
    }

    final Fixture f;
    private final Signature floor;
    private final LocalIssuer issuer;
    private JwtGate gate;
    private JwtGate cachedGate;
    private JwtGate accpGate;
    private Baseline baselines;
    private final Map<String, Contender> all = new LinkedHashMap<>();

    Contenders(String alg) throws Exception {
        f = new Fixture(alg);
        floor = f.newVerifier();
        all.put("floor", () -> {
            floor.initVerify(f.publicKey());
            floor.update(f.signingInput);
            return floor.verify(f.signature);
        });

        java.security.Provider accp = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
        accp.getClass().getMethod("assertHealthy").invoke(accp);
        Signature nativeFloor = f.newVerifier(accp);
        byte[] nativeSignature = f.signatureFor(accp);
        all.put("floorAccp", () -> {
            nativeFloor.initVerify(f.publicKey());
            nativeFloor.update(f.signingInput);
            return nativeFloor.verify(nativeSignature);
        });

        issuer = LocalIssuer.start(f.key);
        try {
            setUp(alg);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void setUp(String alg) throws Exception {
        GateConfig.Builder config = GateConfig.builder().issuer(Fixture.ISSUER, issuer.jwksUri())
                .audiences(Fixture.AUDIENCE).jwksDefaultTtl(Duration.ofHours(24)).jwksMinTtl(Duration.ofHours(24));
        config.cryptoProvider(CryptoProvider.JDK);
        gate = JwtGate.createWithoutBackgroundRefresh(config.tokenCache(false).build());
        cachedGate = JwtGate.createWithoutBackgroundRefresh(config.tokenCache(true).tokenCacheMaxTtl(Duration.ofDays(1)).build());
        accpGate = JwtGate.createWithoutBackgroundRefresh(config.tokenCache(false).cryptoProvider(CryptoProvider.ACCP).build());
        if (!accpGate.signatureEngine().isAccp()) {
            throw new IllegalStateException("not on ACCP: " + accpGate.signatureEngine());
        }
        all.put("jwtgateCached", () -> cachedGate.validate(f.token));
        all.put("jwtgate", () -> gate.validate(f.token));
        all.put("jwtgateAccp", () -> accpGate.validate(f.token));
        String baseline = System.getProperty("bench.baseline");
        if (baseline != null && !baseline.isEmpty()) {
            baselines = Baseline.contenders(Path.of(baseline), issuer.jwksUri(), f.token);
            all.putAll(baselines.contenders());
        }

        JwtConsumer jose4j = new JwtConsumerBuilder().setVerificationKey(f.publicKey()).setExpectedIssuer(Fixture.ISSUER)
                .setExpectedAudience(Fixture.AUDIENCE).setRequireExpirationTime().setRequireSubject()
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg))
                .build();
        all.put("jose4j", () -> jose4j.processToClaims(f.token));

        JWK jwk = JWK.parse(f.key.toJson(OutputControlLevel.PUBLIC_ONLY));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(Fixture.AUDIENCE,
                new JWTClaimsSet.Builder().issuer(Fixture.ISSUER).build(), Set.of("sub", "exp"));
        if (jwk instanceof OctetKeyPair okp) {
            Ed25519Verifier verifier = new Ed25519Verifier(okp);
            all.put("nimbus", () -> {
                SignedJWT jwt = SignedJWT.parse(f.token);
                if (!jwt.verify(verifier)) {
                    throw new IllegalStateException("bad signature");
                }
                JWTClaimsSet set = jwt.getJWTClaimsSet();
                claims.verify(set, null);
                return set;
            });
        } else {
            DefaultJWTProcessor<SecurityContext> nimbus = new DefaultJWTProcessor<>();
            nimbus.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.parse(alg), new ImmutableJWKSet<>(new JWKSet(jwk))));
            nimbus.setJWTClaimsSetVerifier(claims);
            nimbus.setJWSTypeVerifier((type, ctx) -> { });
            all.put("nimbus", () -> nimbus.process(f.token, null));
        }

        JWTAuthContextInfo info = new JWTAuthContextInfo(f.publicKey(), Fixture.ISSUER);
        info.setExpectedAudience(Set.of(Fixture.AUDIENCE));
        info.setSignatureAlgorithm(Set.of(io.smallrye.jwt.algorithm.SignatureAlgorithm.fromAlgorithm(alg)));
        DefaultJWTParser smallrye = new DefaultJWTParser(info);
        all.put("smallrye", () -> smallrye.parse(f.token));

        if (alg.equals("RS256") || alg.equals("ES256")) {
            Algorithm a = alg.equals("RS256") ? Algorithm.RSA256((RSAPublicKey) f.publicKey(), null)
                    : Algorithm.ECDSA256((ECPublicKey) f.publicKey(), null);
            JWTVerifier auth0 = JWT.require(a).withIssuer(Fixture.ISSUER).withAudience(Fixture.AUDIENCE)
                    .withClaimPresence("sub").build();
            all.put("auth0", () -> auth0.verify(f.token));
        }

        for (Map.Entry<String, Contender> c : all.entrySet()) {
            Object result = c.getValue().run();
            if (Boolean.FALSE.equals(result) || result instanceof Outcome o && !(o instanceof Outcome.Authenticated)) {
                throw new IllegalStateException(c.getKey() + " did not accept the " + alg + " benchmark token: " + result);
            }
        }
        if (!(cachedGate.validate(f.token) instanceof Outcome.Authenticated) || cachedGate.tokenCacheStats().hits() < 1) {
            throw new IllegalStateException("jwtgate did not answer the " + alg + " token from its cache");
        }
    }


    /** The contenders that support the algorithm, floor first. */
    Map<String, Contender> all() {
        return all;
    }

    /** The named contender; fails the benchmark when the library cannot do the algorithm. */
    Contender get(String name) {
        Contender c = all.get(name);
        if (c == null) {
            throw new UnsupportedOperationException(name + " does not support " + f.alg);
        }
        return c;
    }

    @Override
    public void close() {
        if (gate != null) {
            gate.close();
        }
        if (cachedGate != null) {
            cachedGate.close();
        }
        if (accpGate != null) {
            accpGate.close();
        }
        if (baselines != null) {
            baselines.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }
}
