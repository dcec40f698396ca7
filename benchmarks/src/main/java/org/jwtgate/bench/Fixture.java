package org.jwtgate.bench;

import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.util.Base64;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;

/** One key and one realistic access token for an algorithm, shared by every contender of a run. */
final class Fixture {
    static final String ISSUER = "https://issuer.bench.example";
    static final String AUDIENCE = "orders-api";

    final String alg;
    final PublicJsonWebKey key;
    final String token;
    final byte[] signingInput;
    final byte[] signature;

    Fixture(String alg) {
        this.alg = alg;
        this.key = switch (alg) {
            case "RS256" -> TestKeys.rsa(2048, "RS256");
            case "PS256" -> TestKeys.rsa(2048, "PS256");
            case "ES256" -> TestKeys.ec("P-256");
            case "EdDSA" -> TestKeys.ed25519();
            default -> throw new IllegalArgumentException(alg);
        };
        this.token = TokenMinter.signedWith(key).issuer(ISSUER).audience(AUDIENCE).subject("4f1c2a9e-bench-user")
                .expiresIn(Duration.ofHours(12)).type("at+jwt").scope("orders:read orders:write profile")
                .groups("staff", "orders-manager").claim("client_id", "bench-client").claim("jti", "8d2e5a7c-0b1f")
                .sign();
        int lastDot = token.lastIndexOf('.');
        this.signingInput = token.substring(0, lastDot).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
    }

    PublicKey publicKey() {
        return key.getPublicKey();
    }

    /** A JCA verifier for the algorithm: the floor every library pays. */
    Signature newVerifier() throws Exception {
        return newVerifier(null);
    }

    /**
     * The same on {@code provider} ({@code null}: the JVM's default choice). ES256 takes the DER form there,
     * as jose4j gives it ({@link #signatureFor}): ACCP has no P1363 variant of its own.
     */
    Signature newVerifier(java.security.Provider provider) throws Exception {
        return switch (alg) {
            case "RS256" -> instance("SHA256withRSA", provider);
            case "PS256" -> {
                Signature s = instance("RSASSA-PSS", provider);
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                yield s;
            }
            case "ES256" -> provider == null ? Signature.getInstance("SHA256withECDSAinP1363Format")
                    : instance("SHA256withECDSA", provider);
            case "EdDSA" -> instance("Ed25519", provider);
            default -> throw new IllegalArgumentException(alg);
        };
    }

    /** The signature bytes {@link #newVerifier(java.security.Provider)} takes: DER for ES256 on a provider. */
    byte[] signatureFor(java.security.Provider provider) throws Exception {
        return provider != null && alg.equals("ES256")
                ? org.jose4j.jws.EcdsaUsingShaAlgorithm.convertConcatenatedToDer(signature) : signature;
    }

    private static Signature instance(String name, java.security.Provider provider) throws Exception {
        return provider == null ? Signature.getInstance(name) : Signature.getInstance(name, provider);
    }
}
