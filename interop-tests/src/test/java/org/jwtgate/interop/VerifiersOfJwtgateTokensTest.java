package org.jwtgate.interop;

import static org.jwtgate.interop.PublisherServer.ACME;
import static org.jwtgate.interop.PublisherServer.GLOBEX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwk.InvalidPublicKeyException;
import com.auth0.jwk.Jwk;
import com.auth0.jwk.JwkProvider;
import com.auth0.jwk.UrlJwkProvider;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.net.URI;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jwtgate.keys.KeyType;
import org.jwtgate.keys.TokenType;
import org.jwtgate.tenant.TenantId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verifiers nobody here wrote read jwtgate's published keys over real HTTP (a {@link
 * org.jwtgate.filter.JwksServlet} on Jetty): each accepts a token {@link org.jwtgate.keys.TokenSigner}
 * signs for tenant acme, for every key type the publisher makes where the library supports it, and
 * refuses globex's token (other keys, other issuer). Where a library cannot verify a key type the test
 * asserts how it refuses, so a library that learns it makes the test fail and the README table change.
 */
class VerifiersOfJwtgateTokensTest {
    private static final String API = "orders-api";
    private static final String CLIENT = "orders-ui";

    @TempDir
    static Path keys;
    private static PublisherServer server;

    @BeforeAll
    static void start() {
        server = new PublisherServer(keys, List.of(KeyType.values()).stream()
                .filter(t -> t != KeyType.RSA_3072 && t != KeyType.RSA_4096).toList());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String token(KeyType type, TenantId tenant) {
        return server.publisher(type).signer().sign(tenant, Map.of("sub", "alice", "aud", API, "client_id", CLIENT,
                "scope", "orders:read"));
    }

    private static String plainJwt(KeyType type, TenantId tenant) {
        return server.publisher(type).signer().sign(tenant, TokenType.JWT, Map.of("sub", "alice", "aud", API));
    }

    // --- Nimbus JOSE+JWT: JWKSourceBuilder over the JWKS URL, RFC 9068 typ and claims -----------------

    private static JWTClaimsSet nimbus(KeyType type, String token) throws Exception {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(URI.create(server.jwksUri(type, ACME)).toURL())
                .retrying(false).build();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.EdDSA), keys));
        // a mutable set: Nimbus asks it whether null (no aud) is accepted, which Set.of refuses to answer
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(new HashSet<>(List.of(API)),
                new JWTClaimsSet.Builder().issuer(server.issuer(type, ACME)).build(),
                Set.of("sub", "client_id", "iat", "exp", "jti"), null));
        return processor.process(token, null);
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "EC_P256", "EC_P384"})
    void nimbusAcceptsEveryKeyTypeAndRefusesAnotherTenant(KeyType type) throws Exception {
        JWTClaimsSet claims = nimbus(type, token(type, ACME));
        assertEquals("alice", claims.getSubject());
        assertEquals(CLIENT, claims.getStringClaim("client_id"));
        assertThrows(BadJOSEException.class, () -> nimbus(type, token(type, GLOBEX)));
        assertThrows(BadJOSEException.class, () -> nimbus(type, plainJwt(type, ACME)), "typ JWT is not at+jwt");
    }

    @Test
    void nimbusVerifiesEd25519OnlyWithItsOwnVerifierNotThroughAKeySelector() throws Exception {
        // JWSVerificationKeySelector converts matching JWKs to java.security keys, which it does not do for OKP:
        // the standard processor finds no key. Nimbus's Ed25519Verifier (with Tink) verifies the published key.
        String token = token(KeyType.ED25519, ACME);
        assertThrows(BadJOSEException.class, () -> nimbus(KeyType.ED25519, token));
        SignedJWT jwt = SignedJWT.parse(token);
        OctetKeyPair key = JWKSet.load(URI.create(server.jwksUri(KeyType.ED25519, ACME)).toURL())
                .getKeyByKeyId(jwt.getHeader().getKeyID()).toOctetKeyPair();
        assertTrue(jwt.verify(new Ed25519Verifier(key)));
        assertEquals(new JOSEObjectType("at+jwt"), jwt.getHeader().getType());
        SignedJWT other = SignedJWT.parse(token(KeyType.ED25519, GLOBEX));
        assertEquals(null, JWKSet.load(URI.create(server.jwksUri(KeyType.ED25519, ACME)).toURL())
                .getKeyByKeyId(other.getHeader().getKeyID()), "globex's key is not in acme's set");
    }

    // --- Spring Security: NimbusJwtDecoder.withIssuerLocation (discovery at the tenant's issuer) ------

    private static NimbusJwtDecoder spring(KeyType type, boolean rfc9068) {
        String issuer = server.issuer(type, ACME);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
        if (rfc9068) {
            decoder.setJwtValidator(JwtValidators.createAtJwtValidator().issuer(issuer).audience(API).clientId(CLIENT).build());
        }
        return decoder;
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "EC_P256", "EC_P384"})
    void springWithTheRfc9068ValidatorAcceptsAndRefusesAnotherTenant(KeyType type) {
        Jwt jwt = spring(type, true).decode(token(type, ACME));
        assertEquals("alice", jwt.getSubject());
        assertEquals(List.of(API), jwt.getAudience());
        assertThrows(JwtException.class, () -> spring(type, true).decode(token(type, GLOBEX)));
        JwtValidationException plain = assertThrows(JwtValidationException.class,
                () -> spring(type, true).decode(plainJwt(type, ACME)));
        assertTrue(plain.getMessage().contains("typ") || plain.getMessage().contains("client_id"), plain.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "EC_P256", "EC_P384"})
    void springsDefaultValidatorRefusesAtJwtAndAcceptsTypJwt(KeyType type) {
        // Spring Security 7: the default validator (JwtTypeValidator.jwt()) accepts typ JWT or none only.
        BadJwtException e = assertThrows(BadJwtException.class, () -> spring(type, false).decode(token(type, ACME)));
        assertTrue(e.getMessage().contains("typ"), e.getMessage());
        assertEquals("alice", spring(type, false).decode(plainJwt(type, ACME)).getSubject());
        assertThrows(JwtException.class, () -> spring(type, false).decode(plainJwt(type, GLOBEX)));
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "EC_P256"})
    void springsDefaultValidatorsWithATypeValidatorForAtJwt(KeyType type) {
        // What a Spring Security 7 application sets to accept jwtgate's access tokens without the RFC 9068
        // validator: the default validators, with a type validator that also accepts at+jwt.
        String issuer = server.issuer(type, ACME);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(new JwtTypeValidator("JWT", "at+jwt"),
                new JwtIssuerValidator(issuer), new JwtAudienceValidator(API)));
        assertEquals("alice", decoder.decode(token(type, ACME)).getSubject());
        assertEquals("alice", decoder.decode(plainJwt(type, ACME)).getSubject());
        assertThrows(JwtException.class, () -> decoder.decode(token(type, GLOBEX)));
    }

    @Test
    void springCannotVerifyEd25519() {
        // SignatureAlgorithm has no EdDSA, and the algorithms withIssuerLocation derives from the key set are
        // RSA and EC families only; Nimbus's key selector underneath would find no OKP key either.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> spring(KeyType.ED25519, true).decode(token(KeyType.ED25519, ACME)));
        assertEquals("Failed to find any algorithms from the JWK set", e.getMessage());
    }

    // --- SmallRye JWT: mp.jwt.verify.publickey.location = the JWKS URL -------------------------------

    private static JsonWebToken smallrye(KeyType type, String token) throws ParseException {
        JWTAuthContextInfo info = new JWTAuthContextInfo(server.jwksUri(type, ACME), server.issuer(type, ACME));
        info.setSignatureAlgorithm(Set.of(switch (type) {
            case EC_P256 -> SignatureAlgorithm.ES256;
            case EC_P384 -> SignatureAlgorithm.ES384;
            case ED25519 -> SignatureAlgorithm.EDDSA;
            default -> SignatureAlgorithm.RS256;
        }));
        info.setExpectedAudience(Set.of(API));
        return new DefaultJWTParser(info).parse(token);
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "EC_P256", "EC_P384", "ED25519"})
    void smallryeAcceptsEveryKeyTypeAndRefusesAnotherTenant(KeyType type) throws Exception {
        JsonWebToken jwt = smallrye(type, token(type, ACME));
        assertEquals("alice", jwt.getSubject());
        assertEquals(CLIENT, jwt.getClaim("client_id"));
        assertThrows(ParseException.class, () -> smallrye(type, token(type, GLOBEX)));
    }

    // --- auth0 jwks-rsa + java-jwt ---------------------------------------------------------------------

    private static DecodedJWT auth0(KeyType type, String token) throws Exception {
        JwkProvider provider = new UrlJwkProvider(URI.create(server.jwksUri(type, ACME)).toURL());
        DecodedJWT unverified = JWT.decode(token);
        Jwk jwk = provider.get(unverified.getKeyId());
        java.security.PublicKey key = jwk.getPublicKey();
        Algorithm algorithm = switch (jwk.getAlgorithm()) {
            case "RS256" -> Algorithm.RSA256((RSAPublicKey) key, null);
            case "ES256" -> Algorithm.ECDSA256((ECPublicKey) key, null);
            case "ES384" -> Algorithm.ECDSA384((ECPublicKey) key, null);
            default -> throw new IllegalArgumentException(jwk.getAlgorithm());
        };
        return JWT.require(algorithm).withIssuer(server.issuer(type, ACME)).withAudience(API)
                .withClaimPresence("client_id").withClaimPresence("jti").build().verify(token);
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "EC_P256", "EC_P384"})
    void auth0AcceptsRsaAndEcAndRefusesAnotherTenant(KeyType type) throws Exception {
        DecodedJWT jwt = auth0(type, token(type, ACME));
        assertEquals("alice", jwt.getSubject());
        assertEquals(CLIENT, jwt.getClaim("client_id").asString());
        // globex's kid is not in acme's key set
        assertThrows(com.auth0.jwk.SigningKeyNotFoundException.class, () -> auth0(type, token(type, GLOBEX)));
        assertThrows(JWTVerificationException.class, () -> auth0(type, plainJwt(type, ACME)), "no client_id");
    }

    @Test
    void auth0CannotReadEd25519Keys() {
        assertThrows(InvalidPublicKeyException.class, () -> auth0(KeyType.ED25519, token(KeyType.ED25519, ACME)));
    }
}
